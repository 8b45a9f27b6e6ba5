import { describe, expect, it } from "vitest";
import {
  computeRunMetrics,
  formatMetricValue,
  latestAttemptRunningMs,
  listMetrics,
  type MetricsInput,
  resumedAttempts,
  sequentialTimeOf,
  timeSavedPercentOf,
  toEpochMs,
  trackDurationMs,
  workRunningMs,
} from "./metrics";

const H = 3_600_000;
const T0 = Date.parse("2025-10-05T00:00:00Z");
const at = (h: number) => new Date(T0 + h * H).toISOString();

// A three-track run worked out by hand:
//   A runs 0h→4h (4 h); B runs 0h→6h but was paused 1 h (activeMs 5 h); C runs 2h→5h (3 h).
//   Sequential = 4 + 5 + 3 = 12 h; elapsed 0h→6h = 6 h; time saved = 1 − 6/12 = 50 %.
//   RAM samples 40 % @0h, 80 % @1h, 80 % @3h, 50 % @6h (and 99 % @7h, after the run: ignored).
//   Trapezoids: (40+80)/2·1 + 80·2 + (80+50)/2·3 = 60 + 160 + 195 = 415 %·h over 6 h = 69.1667 %.
//   Quality gates: A ✓, B ✓, C ✗, C ✓ → 3/4 = 75 %. Conflicts: 2 critical of 3.
const HAND_RUN: MetricsInput = {
  runStartedAt: at(0),
  runEndedAt: at(6),
  now: at(8),
  tracks: [
    { key: "A", startedAt: at(0), endedAt: at(4), status: "completed" },
    { key: "B", startedAt: at(0), endedAt: at(6), activeMs: 5 * H, status: "completed" },
    { key: "C", startedAt: at(2), endedAt: at(5), status: "completed" },
  ],
  memorySamples: [
    { at: at(1), usedPercent: 80 },
    { at: at(0), usedPercent: 40 },
    { at: at(6), usedPercent: 50 },
    { at: at(3), usedPercent: 80 },
    { at: at(7), usedPercent: 99 },
  ],
  qualityGates: [
    { trackKey: "A", passed: true },
    { trackKey: "B", passed: true },
    { trackKey: "C", passed: false },
    { trackKey: "C", passed: true },
  ],
  conflicts: [{ severity: "critical" }, { severity: "high" }, { severity: "critical" }],
};

describe("computeRunMetrics on a hand-computed run", () => {
  const m = computeRunMetrics(HAND_RUN);

  it("measures elapsed vs sequential time and the saving", () => {
    expect(m.makespanMs).toBe(6 * H);
    expect(m.sequentialMs).toBe(12 * H);
    expect(m.timeSaved.value).toBeCloseTo(50, 10);
    expect(m.timeSaved.status).toBe("met");
    expect(m.timeSaved.note).toBe(
      "elapsed 6h from the first track's start to the last one's end, vs 12h of the tracks' running time (pauses and queueing excluded) run one after another",
    );
  });

  it("time-weights the RAM average and ignores samples outside the run", () => {
    expect(m.averageRam.value).toBeCloseTo(415 / 6, 10);
    expect(m.averageRam.status).toBe("met");
    expect(m.peakRam.value).toBe(80);
    expect(m.peakRam.status).toBe("met");
  });

  it("counts every quality gate run, re-runs included", () => {
    expect(m.qualityPassRate.value).toBe(75);
    expect(m.qualityPassRate.status).toBe("fail");
    expect(m.qualityPassRate.note).toBe("3/4 passed; failed: C");
  });

  it("counts critical conflicts only", () => {
    expect(m.criticalConflicts.value).toBe(2);
    expect(m.criticalConflicts.status).toBe("warn");
  });

  it("lists the metrics in display order and formats them", () => {
    expect(listMetrics(m).map((x) => x.key)).toEqual([
      "timeSaved",
      "averageRam",
      "peakRam",
      "qualityPassRate",
      "criticalConflicts",
    ]);
    expect(listMetrics(m).map(formatMetricValue)).toEqual(["50.0 %", "69.2 %", "80.0 %", "75.0 %", "2"]);
  });
});

describe("a run still going", () => {
  it("closes the run and open tracks at now", () => {
    const m = computeRunMetrics({
      ...HAND_RUN,
      runEndedAt: null,
      now: at(2),
      tracks: [
        { key: "A", startedAt: at(0), endedAt: null, status: "running" },
        { key: "B", startedAt: at(1), endedAt: null, status: "running" },
      ],
      memorySamples: [],
      qualityGates: [],
      conflicts: [],
    });
    // Elapsed 2 h; no track has completed yet: nothing to compare with, and no figure until every one has.
    expect(m.makespanMs).toBe(2 * H);
    expect(m.sequentialMs).toBe(0);
    expect(m.timeSaved).toMatchObject({ value: null, status: "no-data" });
    expect(m.timeSaved.note).toBe("not every track completed: A, B are running");
    expect(m.averageRam).toMatchObject({ value: null, status: "no-data" });
    expect(m.qualityPassRate).toMatchObject({ value: null, status: "no-data" });
    expect(m.criticalConflicts).toMatchObject({ value: 0, status: "met" });
    expect(formatMetricValue(m.averageRam)).toBe("—");
  });

  it("counts from the first track's start to the last one's end, not the run's set-up or its gates after", () => {
    // Seconds-long tracks after 12 s of pre-flight checks, and quality gates for 20 s after the last end: the run
    // lasted 34 s, the tracks' work 1.5 s of 2 s one after another (it said −1,600 % saved).
    const s = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
    const m = computeRunMetrics({
      ...HAND_RUN,
      runStartedAt: s(0),
      runEndedAt: s(34),
      now: s(40),
      tracks: [
        { key: "A", startedAt: s(12), endedAt: s(13), runningMs: 1000, status: "completed" },
        { key: "B", startedAt: s(12.5), endedAt: s(13.5), runningMs: 1000, status: "completed" },
      ],
    });
    expect(m.makespanMs).toBe(1500);
    expect(m.sequentialMs).toBe(2000);
    expect(m.timeSaved.value).toBeCloseTo(25, 10);
  });

  it("has no time-saved figure before any track runs", () => {
    const m = computeRunMetrics({ ...HAND_RUN, tracks: [] });
    expect(m.timeSaved).toMatchObject({ value: null, status: "no-data" });
  });
});

describe("thresholds", () => {
  // One track of `seq` hours inside a run of `elapsed` hours is not realistic; two tracks are used instead.
  const saved = (elapsedH: number, trackHs: number[]) =>
    computeRunMetrics({
      ...HAND_RUN,
      runEndedAt: at(elapsedH),
      tracks: trackHs.map((h, i) => ({
        key: `T${i}`,
        startedAt: at(0),
        endedAt: null,
        activeMs: h * H,
        status: "completed",
      })),
    }).timeSaved;

  it.each([
    [7, [5, 5], 30, "met"],
    [2, [5, 5], 80, "met"],
    [7.3, [5, 5], 27, "warn"],
    [7.5, [5, 5], 25, "warn"],
    [8, [5, 5], 20, "fail"],
    [12, [5, 5], -20, "fail"],
  ] as const)("elapsed %s h for tracks %j saves %s percent → %s", (elapsed, tracks, value, status) => {
    const metric = saved(elapsed, [...tracks]);
    expect(metric.value).toBeCloseTo(value, 6);
    expect(metric.status).toBe(status);
  });

  const ram = (percent: number) =>
    computeRunMetrics({
      ...HAND_RUN,
      memorySamples: [
        { at: at(0), usedPercent: percent },
        { at: at(6), usedPercent: percent },
      ],
    });

  it.each([
    [45, "fail", "met"],
    [50, "warn", "met"],
    [59.9, "warn", "met"],
    [60, "met", "met"],
    [85, "met", "met"],
    [88, "warn", "warn"],
    [90, "warn", "warn"],
    [91, "fail", "fail"],
  ] as const)("steady %s percent RAM: average %s, peak %s", (percent, avgStatus, peakStatus) => {
    const m = ram(percent);
    expect(m.averageRam.value).toBeCloseTo(percent, 10);
    expect(m.averageRam.status).toBe(avgStatus);
    expect(m.peakRam.status).toBe(peakStatus);
  });

  it("names the verdict when RAM is under- or over-used", () => {
    expect(ram(30).averageRam.note).toMatch(/^underutilised; /);
    expect(ram(95).averageRam.note).toMatch(/^overstressed; /);
  });

  it("averages a single sample as itself", () => {
    const m = computeRunMetrics({ ...HAND_RUN, memorySamples: [{ at: at(2), usedPercent: 72 }] });
    expect(m.averageRam.value).toBe(72);
  });

  it.each([
    [19, 1, "met"],
    [20, 0, "met"],
    [18, 2, "fail"],
  ])("%i passed of %i failed → %s", (passed, failed, status) => {
    const gates = [
      ...Array.from({ length: passed }, () => ({ trackKey: "A", passed: true })),
      ...Array.from({ length: failed }, () => ({ trackKey: "B", passed: false })),
    ];
    expect(computeRunMetrics({ ...HAND_RUN, qualityGates: gates }).qualityPassRate.status).toBe(status);
  });

  it.each([
    [0, "met"],
    [1, "warn"],
    [2, "warn"],
    [3, "fail"],
  ])("%i critical conflicts → %s", (count, status) => {
    const conflicts = Array.from({ length: count }, () => ({ severity: "critical" as const }));
    expect(computeRunMetrics({ ...HAND_RUN, conflicts }).criticalConflicts.status).toBe(status);
  });
});

describe("helpers", () => {
  it("reads instants in all three forms", () => {
    expect(toEpochMs(at(1))).toBe(T0 + H);
    expect(toEpochMs(new Date(T0))).toBe(T0);
    expect(toEpochMs(T0)).toBe(T0);
  });

  it("prefers the latest attempt's running time, then the running time of all attempts, over the wall time", () => {
    const base = { key: "x", startedAt: at(0), endedAt: at(5), status: "completed" as const };
    expect(trackDurationMs({ ...base, runningMs: 0.5 * H, activeMs: H }, 0)).toBe(0.5 * H);
    expect(trackDurationMs({ ...base, runningMs: null, activeMs: H }, 0)).toBe(H);
  });

  it("counts only the latest attempt's running spans, pauses and requeued attempts excluded", () => {
    const spans = [
      { attempt: 1, kind: "running", startedAt: at(0), endedAt: at(1) },
      { attempt: 1, kind: "paused", startedAt: at(1), endedAt: at(2) },
      { attempt: 2, kind: "running", startedAt: at(3), endedAt: at(4) },
      { attempt: 2, kind: "paused", startedAt: at(4), endedAt: at(6) },
      { attempt: 2, kind: "running", startedAt: at(6), endedAt: null },
    ];
    expect(latestAttemptRunningMs(spans, 2, T0 + 6.5 * H)).toBe(1.5 * H);
  });

  it("counts the attempts a resumed attempt carries on, back to the last one that started over", () => {
    const spans = [
      { attempt: 1, kind: "running", startedAt: at(0), endedAt: at(1) }, // started over by attempt 2: lost work
      { attempt: 2, kind: "running", startedAt: at(1), endedAt: at(3) },
      { attempt: 2, kind: "paused", startedAt: at(3), endedAt: at(4) },
      { attempt: 3, kind: "running", startedAt: at(4), endedAt: at(5) }, // resumed attempt 2's session
      { attempt: 4, kind: "running", startedAt: at(5), endedAt: null }, // and resumed again
    ];
    const resumed = resumedAttempts([
      { attempt: 1, mode: "start" },
      { attempt: 2, mode: "start" },
      { attempt: 3, mode: "resume" },
      { attempt: 4, mode: "resume" },
    ]);
    expect([...resumed].sort()).toEqual([3, 4]);
    expect(workRunningMs(spans, 4, resumed, T0 + 5.5 * H)).toBe(3.5 * H);
    expect(workRunningMs(spans, 2, resumed, T0 + 5.5 * H)).toBe(2 * H);
    expect(workRunningMs(spans, 4, new Set(), T0 + 5.5 * H)).toBe(0.5 * H);
  });

  it("an attempt where one agent resumed carries on, as the engine keeps its progress then", () => {
    const resumed = resumedAttempts([
      { attempt: 1, mode: "start" },
      { attempt: 2, mode: "resume" },
      { attempt: 2, mode: "start" },
    ]);
    expect([...resumed]).toEqual([2]);
  });

  it("a run that paused and requeued a lot is not reported as a big saving", () => {
    // Ten tracks of 20.3 s running time each; queued, paused and requeued for most of a 236.6 s run.
    const tracks = Array.from({ length: 10 }, (_, i) => ({
      key: `T${i}`,
      startedAt: T0,
      endedAt: T0 + (i === 0 ? 236_600 : 177_489),
      runningMs: 20_300,
      status: "completed" as const,
    }));
    const m = computeRunMetrics({ ...HAND_RUN, tracks, runEndedAt: T0 + 236_600, now: T0 + 236_600 });
    expect(m.sequentialMs).toBe(203_000);
    expect(m.timeSaved.value).toBeCloseTo(-16.55, 1);
    expect(m.timeSaved.status).toBe("fail");
  });

  it("prefers activeMs over wall-clock span for a track", () => {
    expect(
      trackDurationMs({ key: "x", startedAt: at(0), endedAt: at(5), activeMs: H, status: "completed" }, 0),
    ).toBe(H);
    expect(trackDurationMs({ key: "x", startedAt: at(0), endedAt: at(5), status: "completed" }, 0)).toBe(
      5 * H,
    );
  });
});

describe("time saved counts only completed tracks (issue 12)", () => {
  const S = 1000;
  // The reviewer's run: A and C ran 1m50 side by side and completed, B failed after 12 s, D never ran. The
  // dashboard said "47 % saved, target met" over "3m53s of running time" (A + C + B's failed 12 s).
  const failedRun: MetricsInput = {
    ...HAND_RUN,
    runStartedAt: T0,
    runEndedAt: T0 + 130 * S,
    now: T0 + 130 * S,
    tracks: [
      { key: "A", startedAt: T0, endedAt: T0 + 110 * S, runningMs: 110 * S, status: "completed" },
      { key: "B", startedAt: T0 + 1 * S, endedAt: T0 + 13 * S, runningMs: 12 * S, status: "failed" },
      { key: "C", startedAt: T0 + 13 * S, endedAt: T0 + 123 * S, runningMs: 110 * S, status: "completed" },
      { key: "D", startedAt: null, endedAt: null, status: "pending" },
    ],
  };

  it("gives no figure while a track failed or never ran, and leaves the failed attempt out of the sum", () => {
    const m = computeRunMetrics(failedRun);
    expect(m.sequentialMs).toBe(220 * S);
    expect(m.timeSaved).toMatchObject({ value: null, status: "no-data" });
    expect(m.timeSaved.note).toBe("not every track completed: B failed, D has not run");
    expect(formatMetricValue(m.timeSaved)).toBe("—");
  });

  it("leaves a stopped track's time out and gives no figure", () => {
    const m = computeRunMetrics({
      ...failedRun,
      tracks: [
        {
          key: "A",
          startedAt: T0,
          endedAt: T0 + 40 * S,
          runningMs: 40 * S,
          activeMs: 40 * S,
          status: "stopped",
        },
        { key: "C", startedAt: T0, endedAt: T0 + 110 * S, runningMs: 110 * S, status: "completed" },
      ],
    });
    expect(m.sequentialMs).toBe(110 * S);
    expect(m.timeSaved.value).toBeNull();
    expect(m.timeSaved.note).toBe("not every track completed: A was stopped");
  });

  it("counts a track stopped once and then completed by its successful attempt only", () => {
    // A's first attempt ran 30 s and was stopped; its second ran 110 s and completed.
    const spans = [
      { attempt: 1, kind: "running", startedAt: T0, endedAt: T0 + 30 * S },
      { attempt: 2, kind: "running", startedAt: T0 + 35 * S, endedAt: T0 + 145 * S },
    ];
    const m = computeRunMetrics({
      ...failedRun,
      runEndedAt: T0 + 145 * S,
      now: T0 + 145 * S,
      tracks: [
        {
          key: "A",
          startedAt: T0,
          endedAt: T0 + 145 * S,
          runningMs: latestAttemptRunningMs(spans, 2, T0 + 145 * S),
          activeMs: 140 * S,
          status: "completed",
        },
        { key: "C", startedAt: T0, endedAt: T0 + 110 * S, runningMs: 110 * S, status: "completed" },
      ],
    });
    expect(m.sequentialMs).toBe(220 * S);
    expect(m.timeSaved.value).toBeCloseTo((1 - 145 / 220) * 100, 10);
  });

  it.each([
    [[], 0, "no track has run yet"],
    [[{ key: "A", status: "completed", durationMs: 5 }], 5, null],
    [
      [
        { key: "A", status: "completed", durationMs: 5 },
        { key: "B", status: "running", durationMs: 3 },
        { key: "C", status: "paused", durationMs: 2 },
        { key: "D", status: "ready", durationMs: 1 },
      ],
      5,
      "not every track completed: B is running, C is paused, D is queued",
    ],
    [
      [
        { key: "A", status: "failed", durationMs: 5 },
        { key: "B", status: "failed", durationMs: 3 },
      ],
      0,
      "not every track completed: A, B failed",
    ],
  ] as const)("sequentialTimeOf(%j) → %s ms, %s", (tracks, sequentialMs, reason) => {
    expect(sequentialTimeOf(tracks)).toEqual({ sequentialMs, noFigureReason: reason });
  });

  it("computes the percentage only when there is a figure", () => {
    expect(timeSavedPercentOf(8, { sequentialMs: 12, noFigureReason: null })).toBeCloseTo(100 / 3, 10);
    expect(
      timeSavedPercentOf(8, { sequentialMs: 12, noFigureReason: "not every track completed" }),
    ).toBeNull();
    expect(timeSavedPercentOf(null, { sequentialMs: 12, noFigureReason: null })).toBeNull();
    expect(timeSavedPercentOf(0, { sequentialMs: 0, noFigureReason: null })).toBeNull();
  });
});
