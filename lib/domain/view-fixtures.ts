// Test data shared by the unit tests of everything that shows tracks (CLI, headless display, cards, Gantt).
import type { MemorySample } from "./types";
import type { TrackView } from "./views";

/** A running standard primary track "Track <key>" of run r1 with nothing measured yet, overridden as needed. */
export function makeTrackView(key: string, overrides: Partial<TrackView> = {}): TrackView {
  return {
    runId: "r1",
    key,
    name: `Track ${key}`,
    position: 0,
    priority: "standard",
    tier: "primary",
    status: "running",
    pausedBy: null,
    pauseReason: null,
    progress: 0,
    progressAtAttemptStart: 0,
    reportStatus: null,
    model: { local: null, cloud: null },
    modelInForce: null,
    estimateBytes: null,
    duration: null,
    dependsOn: [],
    scope: [],
    attempts: 1,
    startedAt: null,
    endedAt: null,
    currentBytes: 0,
    peakBytes: 0,
    memoryMethod: null,
    exitSummary: null,
    testStatus: null,
    waitReason: null,
    waitKind: null,
    blockers: [],
    activity: null,
    usage: { tokens: null, costUsd: null, unknownCostParts: 0, maxCostUsd: null, budgetLevel: "ok" },
    attention: null,
    modelMemory: null,
    budgetHold: null,
    ...overrides,
  };
}

const GIB = 1024 ** 3;

/** A Green sample of a 32 GiB machine with `usedPercent` of it in use, no budget, overridden as needed. */
export function makeMemorySample(
  at: string,
  usedPercent: number,
  overrides: Partial<MemorySample> = {},
): MemorySample {
  const usedBytes = (32 * GIB * usedPercent) / 100;
  return {
    at,
    zone: "green",
    zoneSource: "machine",
    tier: { label: "32GB", maxConcurrent: 3, targetUtilization: { min: 60, max: 85 } },
    system: { totalBytes: 32 * GIB, availableBytes: 32 * GIB - usedBytes, usedBytes, usedPercent },
    machine: { capacityBytes: 32 * GIB, usedBytes, usedPercent, capacitySource: "physical" },
    budget: null,
    swap: { totalBytes: 0, usedBytes: 0 },
    psi: null,
    ...overrides,
  };
}
