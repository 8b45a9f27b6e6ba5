import { describe, expect, it } from "vitest";
import { makeTrackView } from "../view-fixtures";
import type { AttemptBar } from "./gantt-actual-bars";
import { type Forecast, forecastFinish, latestForecastFinishMs } from "./gantt-forecast";

/** An open attempt on lane `lane`, running from `startS` to now (`nowS`). */
function openAttempt(lane: number, startS: number, nowS: number): AttemptBar {
  return {
    attempt: lane + 1,
    lane,
    startMs: startS * 1000,
    endMs: nowS * 1000,
    segments: [
      {
        kind: "running",
        pausedBy: null,
        startMs: startS * 1000,
        endMs: nowS * 1000,
        isOpen: true,
        outcome: null,
      },
    ],
    ending: "open",
  };
}

describe("forecastFinish after a resume", () => {
  // The user test: attempt 2 resumed the agent's session at 300 s with the 66 % earlier attempts made.
  it("measures the pace by the progress the resumed attempt made itself, over its own running time", () => {
    // 66 → 70 % in 30 s: 7.5 s per %, 30 % left → 225 s.
    const f = forecastFinish({
      status: "running",
      progress: 70,
      progressAtAttemptStart: 66,
      attempt: openAttempt(1, 300, 330),
      durationMs: 600_000,
      nowMs: 330_000,
    });
    expect(f).toMatchObject({ method: "progress", activeMs: 30_000, progress: 70 });
    expect(f!.remainingMs).toBeCloseTo(225_000, 6);
    expect(f!.finishMs).toBeCloseTo(555_000, 6);
  });

  it("falls back to the plan's estimate until the resumed attempt has made progress of its own", () => {
    const f = forecastFinish({
      status: "running",
      progress: 66,
      progressAtAttemptStart: 66,
      attempt: openAttempt(1, 300, 310),
      durationMs: 600_000,
      nowMs: 310_000,
    });
    expect(f).toMatchObject({ method: "estimate", remainingMs: 590_000, finishMs: 900_000 });
  });

  it("trusts no pace for a later attempt whose starting progress is not known", () => {
    const f = forecastFinish({
      status: "running",
      progress: 66,
      attempt: openAttempt(1, 300, 310),
      durationMs: 600_000,
      nowMs: 310_000,
    });
    expect(f).toMatchObject({ method: "estimate", remainingMs: 590_000 });
  });

  it("keeps the pace of a first attempt, which can have carried nothing over", () => {
    const f = forecastFinish({
      status: "running",
      progress: 20,
      attempt: openAttempt(0, 0, 10),
      durationMs: 600_000,
      nowMs: 10_000,
    });
    expect(f).toMatchObject({ method: "progress", remainingMs: 40_000 });
  });
});

describe("latestForecastFinishMs", () => {
  const started: Forecast = {
    method: "progress",
    finishMs: 200_000,
    remainingMs: 100_000,
    activeMs: 100_000,
    progress: 50,
    isPaused: false,
  };

  it("counts the tracks not started yet, after their dependencies, as the screen-reader summary does", () => {
    const rows = [
      { track: makeTrackView("A"), planned: null, attempts: [openAttempt(0, 0, 100)], forecast: started },
      {
        track: makeTrackView("B", {
          status: "pending",
          dependsOn: ["A"],
          duration: { minMs: 120_000, maxMs: 120_000 },
        }),
        planned: null,
        attempts: [],
        forecast: null,
      },
    ];
    // B waits for A (200 s), then takes its 120 s.
    expect(latestForecastFinishMs(rows, 100_000)).toBe(320_000);
  });

  it("is null when no track has a forecast", () => {
    const rows = [
      { track: makeTrackView("A", { status: "pending" }), planned: null, attempts: [], forecast: null },
    ];
    expect(latestForecastFinishMs(rows, 0)).toBeNull();
  });
});
