// The Gantt header's figures: the latest forecast finish counts the tracks not started yet, so a chart with a
// track still waiting on its dependency does not look ahead of the plan.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { GanttView } from "@/lib/domain/reporting/gantt";
import { makeTrackView } from "@/lib/domain/view-fixtures";
import { GanttBoard } from "./gantt-board";

const START = Date.parse("2026-12-01T08:00:00.000Z");
const at = (s: number) => new Date(START + s * 1000).toISOString();

/** A live run at 100 s: A half done in 100 s of running; B (2 minutes) waits for A. */
function liveView(): GanttView {
  return {
    run: {
      id: "run-live",
      name: "platform",
      status: "running",
      phase: 3,
      startedAt: at(0),
      endedAt: null,
      budgetBytes: null,
      trackCount: 2,
    },
    schedule: null,
    tracks: [
      makeTrackView("A", { runId: "run-live", position: 0, status: "running", progress: 50 }),
      makeTrackView("B", {
        runId: "run-live",
        position: 1,
        status: "pending",
        dependsOn: ["A"],
        duration: { minMs: 120_000, maxMs: 120_000 },
        attempts: 0,
      }),
    ],
    spans: [
      {
        trackKey: "A",
        attempt: 1,
        kind: "running",
        pausedBy: null,
        startedAt: at(0),
        endedAt: null,
        outcome: null,
      },
    ],
    memory: [],
    capacityBytes: null,
    now: at(100),
    phaseMarkers: [],
  };
}

describe("GanttBoard's figures", () => {
  it("give the latest forecast finish of every track, those not started included", () => {
    const html = renderToStaticMarkup(
      createElement(GanttBoard, { view: liveView(), receivedAt: Date.now() }),
    );
    // A forecast at 200 s, then B's 120 s: 5m 20s, not A's 3m 20s alone.
    expect(html.match(/data-testid="gantt-latest-forecast">([^<]*)</)?.[1]).toBe("5m 20s");
    expect(html).toContain("not started yet");
  });
});
