import { describe, expect, it } from "vitest";
import type { ScheduleEvidence } from "./gate-evidence";
import { derivedReportStatus, type ScheduleStanding, scheduleStanding } from "./schedule-standing";

const HOUR = 3_600_000;
const track = (over: Partial<ScheduleEvidence>): ScheduleEvidence => ({
  key: "A",
  status: "running",
  elapsedMs: HOUR,
  planned: { minMs: 2 * HOUR, maxMs: 4 * HOUR },
  progressPercent: 30,
  ...over,
});

describe("scheduleStanding", () => {
  it.each<[string, Partial<ScheduleEvidence>, ScheduleStanding]>([
    ["not started", { status: "pending", elapsedMs: 0 }, { kind: "waiting" }],
    ["queued", { status: "ready", elapsedMs: 0 }, { kind: "waiting" }],
    ["completed, however late", { status: "completed", elapsedMs: 9 * HOUR }, { kind: "completed" }],
    ["failed", { status: "failed" }, { kind: "ended", detail: "A failed" }],
    ["stopped", { status: "stopped" }, { kind: "ended", detail: "A stopped" }],
    // A quarter of the planned 4 h gone, 30 % done: ahead.
    ["ahead of its share of planned time", {}, { kind: "on-schedule" }],
    // Half gone, 41 % done: within 10 points.
    ["within the tolerance", { elapsedMs: 2 * HOUR, progressPercent: 41 }, { kind: "on-schedule" }],
    [
      "more than 10 points behind",
      { elapsedMs: 2 * HOUR, progressPercent: 39 },
      { kind: "behind", detail: "A 39 % done at 50 % of its planned time" },
    ],
    [
      "past its planned time, even without progress figures",
      { elapsedMs: 5 * HOUR, progressPercent: null },
      { kind: "behind", detail: "A past its planned 4h" },
    ],
    [
      "paused, judged like running",
      { status: "paused", elapsedMs: 3 * HOUR, progressPercent: 80 },
      { kind: "on-schedule" },
    ],
    ["no progress reported yet", { progressPercent: null }, { kind: "unreported" }],
    ["no planned duration", { planned: null }, { kind: "unplanned" }],
  ])("%s", (_, over, expected) => {
    expect(scheduleStanding(track(over))).toEqual(expected);
  });
});

describe("derivedReportStatus", () => {
  const onSchedule: ScheduleStanding = { kind: "on-schedule" };
  it("is on track when nothing says otherwise, whatever lesser blockers are open", () => {
    expect(derivedReportStatus(onSchedule, [])).toBe("on-track");
    expect(derivedReportStatus({ kind: "unreported" }, [{ severity: "medium" }, { severity: "low" }])).toBe(
      "on-track",
    );
    expect(derivedReportStatus({ kind: "completed" }, [])).toBe("on-track");
  });
  it("is at risk when behind its planned time or with a high blocker open", () => {
    expect(derivedReportStatus({ kind: "behind", detail: "A past its planned 4h" }, [])).toBe("at-risk");
    expect(derivedReportStatus(onSchedule, [{ severity: "high" }])).toBe("at-risk");
  });
  it("is blocked with a critical blocker open or when the track ended without completing", () => {
    expect(derivedReportStatus(onSchedule, [{ severity: "high" }, { severity: "critical" }])).toBe("blocked");
    expect(derivedReportStatus({ kind: "ended", detail: "A failed" }, [])).toBe("blocked");
  });
});
