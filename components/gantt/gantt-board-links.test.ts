// An ended run's Gantt (?run=<id>) links each track to that run's track page: /tracks/<key> alone shows the live
// (else newest) run's track of that key, another run's, or "no track in this run".
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { GanttView } from "@/lib/domain/reporting/gantt";
import { makeTrackView } from "@/lib/domain/view-fixtures";
import { trackHref } from "../track-page/track-href";
import { GanttBoard } from "./gantt-board";

const START = Date.parse("2026-12-01T08:00:00.000Z");
const at = (hours: number) => new Date(START + hours * 3_600_000).toISOString();

function view(status: "running" | "completed"): GanttView {
  return {
    run: {
      id: "run-long",
      name: "platform",
      status,
      phase: 5,
      startedAt: at(0),
      endedAt: status === "running" ? null : at(74),
      budgetBytes: null,
      trackCount: 1,
    },
    schedule: null,
    tracks: [makeTrackView("api", { runId: "run-long", position: 0, status: "completed", attempts: 1 })],
    spans: [
      {
        trackKey: "api",
        attempt: 1,
        kind: "running",
        pausedBy: null,
        startedAt: at(1),
        endedAt: at(70),
        outcome: "completed",
      },
    ],
    memory: [],
    capacityBytes: null,
    now: at(80),
    phaseMarkers: [],
  };
}

const render = (v: GanttView) =>
  renderToStaticMarkup(createElement(GanttBoard, { view: v, receivedAt: Date.now() }));

describe("GanttBoard's track links", () => {
  it("name the run of an ended run", () => {
    expect(render(view("completed"))).toContain('href="/tracks/api?run=run-long"');
  });
  it("stay plain for the live run, whose track page follows it live", () => {
    expect(render(view("running"))).toContain('href="/tracks/api"');
  });
});

describe("trackHref", () => {
  it("escapes the key and the run", () => {
    expect(trackHref("a b", "r/1")).toBe("/tracks/a%20b?run=r%2F1");
    expect(trackHref("a")).toBe("/tracks/a");
  });
});
