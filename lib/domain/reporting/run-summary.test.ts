import { describe, expect, it } from "vitest";
import type { MemorySample, Zone } from "../types";
import {
  addMemorySample,
  addTrackMemoryPoint,
  EMPTY_MEMORY_STATS,
  governorDecisionKind,
  type MemoryStats,
  type RunSummaryInput,
  summarizeRun,
  type TrackOutcome,
} from "./run-summary";

const GB = 1e9;
const T0 = Date.parse("2025-01-01T12:00:00.000Z");

function sample(
  zone: Zone,
  machineUsed: number,
  budget: { bytes: number; used: number } | null,
): MemorySample {
  return {
    at: new Date(T0).toISOString(),
    zone,
    zoneSource: budget ? "budget" : "machine",
    tier: { label: "16GB", maxConcurrent: 2, targetUtilization: { min: 60, max: 75 } },
    system: {
      totalBytes: 24 * GB,
      availableBytes: 24 * GB - machineUsed,
      usedBytes: machineUsed,
      usedPercent: 0,
    },
    machine: {
      capacityBytes: 24 * GB,
      usedBytes: machineUsed,
      usedPercent: (machineUsed / (24 * GB)) * 100,
      capacitySource: "physical",
    },
    budget: budget
      ? { bytes: budget.bytes, usedBytes: budget.used, usedPercent: (budget.used / budget.bytes) * 100 }
      : null,
    swap: { totalBytes: 0, usedBytes: 0 },
    psi: null,
  };
}

function track(partial: Partial<TrackOutcome> & { key: string }): TrackOutcome {
  return {
    name: `Track ${partial.key}`,
    status: "completed",
    attempts: 1,
    startedAt: null,
    endedAt: null,
    peakBytes: 0,
    exits: [],
    exitSummary: null,
    testStatus: null,
    ...partial,
  };
}

function input(tracks: TrackOutcome[], extra: Partial<RunSummaryInput> = {}): RunSummaryInput {
  return {
    run: { id: "r1", name: "plan", status: "completed", startedAt: T0, endedAt: T0 + 10_000, planPath: null },
    tracks,
    memory: EMPTY_MEMORY_STATS,
    eventKinds: [],
    ...extra,
  };
}

describe("summarizeRun: times", () => {
  it("computes durations, the makespan and the time saved against running one after another", () => {
    const summary = summarizeRun(
      input([
        track({
          key: "A",
          startedAt: T0,
          endedAt: T0 + 6_000,
          exits: [{ agent: "a", code: 0, signal: null }],
        }),
        track({ key: "B", startedAt: T0 + 1_000, endedAt: T0 + 5_000 }),
        track({ key: "C", startedAt: T0 + 6_000, endedAt: T0 + 8_000 }),
      ]),
    );
    expect(summary.tracks.map((t) => t.durationMs)).toEqual([6_000, 4_000, 2_000]);
    expect(summary.tracks[0]).toMatchObject({
      startedAt: "2025-01-01T12:00:00.000Z",
      endedAt: "2025-01-01T12:00:06.000Z",
      exitCodes: [0],
      signals: [null],
    });
    expect(summary.totals.makespanMs).toBe(8_000);
    expect(summary.totals.sumOfTrackDurationsMs).toBe(12_000);
    expect(summary.totals.timeSavedMs).toBe(4_000);
    // 1 − 8/12 = 33.33… % → one decimal
    expect(summary.totals.timeSavedPercent).toBe(33.3);
    expect(summary.ok).toBe(true);
    expect(summary.run.wallMs).toBe(10_000);
  });

  it("gives a strictly sequential run no time saved", () => {
    const summary = summarizeRun(
      input([
        track({ key: "A", startedAt: T0, endedAt: T0 + 3_000 }),
        track({ key: "B", startedAt: T0 + 3_000, endedAt: T0 + 5_000 }),
      ]),
    );
    expect(summary.totals.makespanMs).toBe(5_000);
    expect(summary.totals.timeSavedPercent).toBe(0);
  });

  it("leaves tracks that never started out of the totals, and is not ok unless every track completed", () => {
    const summary = summarizeRun(
      input([
        track({
          key: "A",
          status: "failed",
          startedAt: T0,
          endedAt: T0 + 2_000,
          exits: [
            { agent: "a", code: 3, signal: null },
            { agent: "b", code: null, signal: "SIGKILL" },
          ],
        }),
        track({ key: "B", status: "pending" }),
      ]),
    );
    expect(summary.ok).toBe(false);
    expect(summary.tracks[0]?.exitCodes).toEqual([3, null]);
    expect(summary.tracks[0]?.signals).toEqual([null, "SIGKILL"]);
    expect(summary.tracks[1]).toMatchObject({ startedAt: null, endedAt: null, durationMs: null });
    expect(summary.totals.makespanMs).toBe(2_000);
    // A failed attempt is no work one after another would have done: only completed tracks count (issue 12).
    expect(summary.totals.sumOfTrackDurationsMs).toBe(0);
    // Work not done is no time saved: no figure for a run that did not complete every track.
    expect(summary.totals.timeSavedMs).toBeNull();
    expect(summary.totals.timeSavedPercent).toBeNull();
  });

  it("measures one-after-another by running time, not by wall time with pauses, queueing and requeues", () => {
    // The shape of an outside run without RAM estimates: 10 tracks started early, then paused, stopped and
    // requeued over and over; 236.6 s in all, where one at a time takes about 203 s of running time. Summed wall
    // times (1834 s) made that "87.1 % saved".
    const tracks = Array.from({ length: 10 }, (_, i) =>
      track({
        key: `T${i}`,
        attempts: i < 5 ? 3 : 1,
        startedAt: T0,
        endedAt: T0 + (i === 0 ? 236_600 : 177_489),
        runningMs: 20_300,
      }),
    );
    const honest = summarizeRun(input(tracks));
    expect(honest.totals.makespanMs).toBe(236_600);
    expect(honest.totals.sumOfTrackDurationsMs).toBe(203_000);
    expect(honest.totals.sequentialBasis).toBe("running-time");
    expect(honest.totals.timeSavedPercent).toBe(-16.6);
    expect(honest.tracks[1]).toMatchObject({ durationMs: 20_300, wallMs: 177_489 });

    // An engine that does not say the running time: the wall time stands in, and the summary says so.
    const wall = summarizeRun(input(tracks.map((t) => ({ ...t, runningMs: null }))));
    expect(wall.totals.sequentialBasis).toBe("wall-time");
    expect(wall.totals.timeSavedPercent).toBe(87.1);
  });

  it("has no makespan and no saving when nothing ran", () => {
    const summary = summarizeRun(input([track({ key: "A", status: "stopped" })]));
    expect(summary.totals.makespanMs).toBeNull();
    expect(summary.totals.timeSavedMs).toBeNull();
    expect(summary.totals.timeSavedPercent).toBeNull();
    expect(summary.ok).toBe(false);
  });
});

describe("memory stats", () => {
  it("keeps the budget view's peak and the zones seen in zone order", () => {
    let stats: MemoryStats = EMPTY_MEMORY_STATS;
    stats = addMemorySample(stats, sample("yellow", 10 * GB, { bytes: 2 * GB, used: 1.3 * GB }));
    stats = addMemorySample(stats, sample("green", 12 * GB, { bytes: 2 * GB, used: 0.5 * GB }));
    stats = addMemorySample(stats, sample("orange", 9 * GB, { bytes: 2 * GB, used: 1.6 * GB }));
    stats = addMemorySample(stats, sample("green", 9 * GB, { bytes: 2 * GB, used: 0.1 * GB }));
    expect(stats.samples).toBe(4);
    expect(stats.zonesSeen).toEqual(["green", "yellow", "orange"]);
    const { totals } = summarizeRun(input([], { memory: stats }));
    expect(totals.memoryBasis).toBe("budget");
    expect(totals.peakMemoryBytes).toBe(1.6 * GB);
    expect(totals.peakMemoryPercent).toBeCloseTo(80);
    expect(totals.budgetBytes).toBe(2 * GB);
    expect(totals.peakMachineBytes).toBe(12 * GB);
    expect(totals.peakAgentsBytes).toBe(1.6 * GB);
    expect(totals.zonesSeen).toEqual(["green", "yellow", "orange"]);
  });

  it("uses the machine view without a budget, and the highest instantaneous sum of the tracks", () => {
    let stats = addMemorySample(EMPTY_MEMORY_STATS, sample("green", 6 * GB, null));
    stats = addMemorySample(stats, sample("green", 7 * GB, null));
    stats = addTrackMemoryPoint(stats, { A: 300e6, B: 200e6 });
    stats = addTrackMemoryPoint(stats, { A: 450e6 });
    const { totals } = summarizeRun(input([], { memory: stats }));
    expect(totals.memoryBasis).toBe("machine");
    expect(totals.peakMemoryBytes).toBe(7 * GB);
    expect(totals.peakMemoryPercent).toBe(29.17);
    expect(totals.budgetBytes).toBeNull();
    expect(totals.peakAgentsBytes).toBe(500e6);
    expect(totals.zonesSeen).toEqual(["green"]);
  });
});

describe("governor decisions", () => {
  it("counts the governor's decisions by kind and ignores other governor events", () => {
    const { governor } = summarizeRun(
      input([], {
        eventKinds: [
          "governor:start",
          "track:started",
          "governor:start",
          "governor:pause",
          "governor:enabled",
          "governor:alert",
          "governor:stop-requeue",
          "zone:changed",
        ],
      }),
    );
    expect(governor).toEqual({
      decisions: 5,
      byKind: { start: 2, pause: 1, alert: 1, "stop-requeue": 1 },
      corrections: { pauses: 1, requeues: 1 },
    });
  });

  it("recognises decision event kinds", () => {
    expect(governorDecisionKind("governor:swap-model")).toBe("swap-model");
    expect(governorDecisionKind("governor:disabled")).toBeNull();
    expect(governorDecisionKind("track:paused")).toBeNull();
  });
});
