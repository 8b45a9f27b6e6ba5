// What the Gantt writes, rendered as the browser gets it: symbols every Latin font has (Debian's Chromium has no
// emoji font, so a ⏸ came out as a box), and the lead's pause that frees memory named as such, not as a requeue.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { GanttView } from "@/lib/domain/reporting/gantt";
import type { TrackStatus } from "@/lib/domain/types";
import { makeTrackView } from "@/lib/domain/view-fixtures";
import { GanttBoard } from "./gantt-board";

const START = Date.parse("2026-12-07T19:19:14.000Z");
const at = (s: number) => new Date(START + s * 1000).toISOString();
const STATUSES: TrackStatus[] = ["pending", "ready", "running", "paused", "completed", "failed", "stopped"];

/** A live run at 240 s: A paused by the lead with its memory freed at 180 s, resumed as attempt 2 at 200 s. */
function view(): GanttView {
  return {
    run: {
      id: "run-ux",
      name: "UX plan one",
      status: "running",
      phase: 1,
      startedAt: at(0),
      endedAt: null,
      budgetBytes: null,
      trackCount: STATUSES.length,
    },
    schedule: null,
    tracks: STATUSES.map((status, i) =>
      makeTrackView(status === "running" ? "A" : status, {
        runId: "run-ux",
        position: i,
        status,
        pausedBy: status === "paused" ? "lead" : null,
      }),
    ),
    spans: [
      {
        trackKey: "A",
        attempt: 1,
        kind: "running",
        pausedBy: null,
        startedAt: at(0),
        endedAt: at(180),
        outcome: "checkpoint",
      },
      {
        trackKey: "A",
        attempt: 1,
        kind: "paused",
        pausedBy: "lead",
        startedAt: at(180),
        endedAt: at(200),
        outcome: "resumed",
      },
      {
        trackKey: "A",
        attempt: 2,
        kind: "running",
        pausedBy: null,
        startedAt: at(200),
        endedAt: null,
        outcome: null,
      },
    ],
    memory: [],
    capacityBytes: null,
    now: at(240),
    phaseMarkers: [],
  };
}

const html = () => renderToStaticMarkup(createElement(GanttBoard, { view: view(), receivedAt: Date.now() }));

describe("the Gantt's words and marks", () => {
  it("uses no symbol outside what Latin fonts carry (no emoji, arrows or check marks)", () => {
    // ASCII, the no-break space, and the punctuation Latin fonts all have: · – — − …
    const odd = [...html()].filter((c) => !/[\x20-\x7e\u00a0·–—−…]/.test(c));
    expect([...new Set(odd)]).toEqual([]);
  });

  it("names the lead's pause that freed memory as such in the legend and on the bar, not as a requeue", () => {
    const page = html();
    expect(page).toContain("Earlier attempt (paused by the lead, memory freed)");
    expect(page).not.toContain("requeued");
    expect(page).toContain(
      'aria-label="Track A actual paused by lead 3:00–3:20 (attempt 1, paused by the lead, memory freed)"',
    );
  });
});
