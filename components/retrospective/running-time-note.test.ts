// A failed track's short running time is not a saving: the planned-vs-actual table says how long it ran before it
// failed, not "-75 % vs plan" in green (the tester's mobile-api).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { RetrospectiveTrack } from "@/lib/domain/reporting/retrospective";
import { PlannedActualTable } from "./planned-actual-table";
import { describeRunningTime } from "./running-time-note";

const START = "2026-12-07T14:00:00.000Z";
const PLANNED_MS = 120_000;

describe("describeRunningTime", () => {
  it("says how long a failed or stopped track ran, and its share of the plan, not a saving", () => {
    expect(describeRunningTime({ status: "failed", durationMs: 30_000, hasEnded: true }, PLANNED_MS)).toEqual(
      {
        text: "failed after 30s, 25 % of plan",
        tone: "failed",
      },
    );
    expect(
      describeRunningTime({ status: "stopped", durationMs: 90_000, hasEnded: true }, PLANNED_MS),
    ).toEqual({
      text: "stopped after 1m 30s, 75 % of plan",
      tone: "stopped",
    });
    // Over the plan too: it still did not finish.
    expect(
      describeRunningTime({ status: "failed", durationMs: 180_000, hasEnded: true }, PLANNED_MS)?.text,
    ).toBe("failed after 3m, 150 % of plan");
  });

  it("leaves the share out without a plan, and says nothing of a track that never ran", () => {
    expect(describeRunningTime({ status: "failed", durationMs: 30_000, hasEnded: true }, null)?.text).toBe(
      "failed after 30s",
    );
    expect(
      describeRunningTime({ status: "stopped", durationMs: null, hasEnded: false }, PLANNED_MS),
    ).toBeNull();
  });

  it("compares a completed or running track with the plan as before", () => {
    expect(
      describeRunningTime({ status: "completed", durationMs: 30_000, hasEnded: true }, PLANNED_MS),
    ).toEqual({
      text: "-75 % vs plan",
      tone: "under",
    });
    expect(
      describeRunningTime({ status: "running", durationMs: 30_000, hasEnded: false }, PLANNED_MS)?.tone,
    ).toBe("so-far");
  });
});

describe("PlannedActualTable's running time of a failed track", () => {
  const failed: RetrospectiveTrack = {
    key: "mobile-api",
    plannedStart: START,
    plannedEnd: "2026-12-07T14:02:00.000Z",
    actualStart: START,
    actualEnd: "2026-12-07T14:00:30.000Z",
    durationMs: 30_000,
    attempts: { count: 1, runningMs: 30_000 },
    peakRamBytes: null,
    estimateRamBytes: null,
    status: "failed",
    testResult: "not-run",
  };
  const html = renderToStaticMarkup(
    createElement(PlannedActualTable, { tracks: [failed], runStartedAt: START }),
  );
  const note = /<span class="([^"]*)" data-testid="plan-change">([^<]*)<\/span>/.exec(html);

  it("says it failed after 30s, not in green", () => {
    expect(note?.[2]).toBe("failed after 30s, 25 % of plan");
    expect(note?.[1]).not.toMatch(/green/);
    expect(html).not.toContain("vs plan");
  });
});
