// Test data shared by the unit tests of everything that shows tracks (CLI, headless display, cards, Gantt).
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
