// The planner's mini-Gantt with long keys: each label ends before the bars start (a 53-character key ran under
// them and hid "billing"), the whole key is in the label's title, and a key says what the bars' shades mean.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PlannedTrack, TrackSchedule } from "@/lib/domain/planner/planner";
import { MiniGantt, miniGanttLabelWidth } from "./mini-gantt";

const MIN = 60_000;
const LONG = "authentication-service-migration-to-oauth21-with-pkce";

function planned(key: string, startMin: number, endMin: number, critical: boolean): PlannedTrack {
  return {
    key,
    plannedStartMs: startMin * MIN,
    plannedEndMs: endMin * MIN,
    optimisticEndMs: endMin * MIN,
    pessimisticEndMs: (endMin + 5) * MIN,
    durationMs: (endMin - startMin) * MIN,
    durationAssumed: false,
    critical,
    concurrentWith: [],
  };
}

function schedule(tracks: PlannedTrack[]): TrackSchedule {
  return {
    tracks,
    makespanMs: 60 * MIN,
    optimisticMakespanMs: 60 * MIN,
    pessimisticMakespanMs: 65 * MIN,
    sequentialMs: 90 * MIN,
    timeSavedPercent: 33,
    criticalPath: [LONG],
    criticalPathMs: 60 * MIN,
    peakPlannedBytes: 0,
    strategy: [],
    unschedulable: [],
  };
}

const render = (tracks: PlannedTrack[]) =>
  renderToStaticMarkup(
    createElement(MiniGantt, { schedule: schedule(tracks), scaleMs: 70 * MIN, machineLabel: "16GB tier" }),
  );

describe("MiniGantt", () => {
  const html = render([planned(LONG, 0, 60, true), planned("billing", 0, 30, false)]);

  it("ends every label left of every bar", () => {
    const labelEnds = [
      ...html.matchAll(/<text x="([\d.]+)"[^>]*text-anchor="end"[^>]*data-testid="mini-gantt-label"/g),
    ].map((m) => Number(m[1]));
    const barStarts = [...html.matchAll(/<rect x="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(labelEnds).toHaveLength(2);
    expect(barStarts).toHaveLength(2);
    expect(Math.max(...labelEnds)).toBeLessThan(Math.min(...barStarts));
  });

  it("cuts a long key in the middle and keeps the whole key in its title", () => {
    expect(html).toContain(`<title>${LONG}</title>authent…h-pkce</text>`);
    expect(html).toContain("<title>billing</title>billing</text>");
  });

  it("says what the dark and light bars and the lines mean", () => {
    const key = html.slice(html.indexOf('data-testid="mini-gantt-key"')).replace(/<[^>]+>/g, " ");
    expect(key).toContain("critical path");
    expect(key).toContain("other tracks");
    expect(key).toContain("best–worst end");
    expect(key).toContain("planned finish");
  });

  it("gives the labels room for the longest, and keeps one-letter keys' narrow column", () => {
    expect(miniGanttLabelWidth(["A", "B"])).toBe(28);
    expect(miniGanttLabelWidth(["authent…h-pkce"])).toBeGreaterThanOrEqual(14 * 6.5);
    expect(miniGanttLabelWidth([])).toBe(28);
  });
});
