// Test fixtures for the governor: terse track and input builders, and a stand-in for the engine carrying out actions.

import type { Zone, ZoneThresholds } from "../types";
import type { GovernorAction, GovernorInput, GovernorPolicy, GovernorTrack } from "./governor-types";
import type { MemoryProfile, ProfilePoint } from "./memory-profile";

export const GB = 1e9;
export const CAPACITY = 16 * GB;
export const THRESHOLDS: ZoneThresholds = { yellow: 60, orange: 75, red: 85, hysteresis: 2 };
export const POLICY: GovernorPolicy = {
  admitBelow: 75,
  graceSeconds: 30,
  settleSeconds: 30,
  maxConcurrent: 3,
  baseIntervalMs: 1000,
  fastIntervalMs: 250,
};

/** A ready standard primary track with a 1 GB estimate, overridden as needed. */
export function makeTrack(key: string, overrides: Partial<GovernorTrack> = {}): GovernorTrack {
  return {
    key,
    position: 0,
    priority: "standard",
    tier: "primary",
    status: "ready",
    pausedBy: null,
    estimateBytes: 1 * GB,
    observedPeakBytes: null,
    currentBytes: 0,
    startedAt: null,
    progress: 0,
    dependantsWaiting: 0,
    model: { local: null, cloud: null },
    modelInForce: null,
    ...overrides,
  };
}

/** A running track holding `currentGb`, with an estimate of the same size unless overridden. */
export function makeRunning(
  key: string,
  currentGb: number,
  overrides: Partial<GovernorTrack> = {},
): GovernorTrack {
  return makeTrack(key, {
    status: "running",
    currentBytes: currentGb * GB,
    estimateBytes: currentGb * GB,
    observedPeakBytes: currentGb * GB,
    startedAt: 0,
    ...overrides,
  });
}

/** A learned profile with these rise points ([ms, GB]) and duration, as if from `runs` completed attempts. */
export function makeProfile(
  pointsGb: [number, number][],
  durationMs: number | null,
  runs = 1,
): MemoryProfile {
  const envelope = pointsGb.map(([at, gb]): ProfilePoint => [at, gb * GB]);
  const peakBytes = Math.max(...envelope.map((p) => p[1]));
  return {
    source: "learned",
    peakBytes,
    timeToPeakMs: envelope.find((p) => p[1] >= 0.95 * peakBytes)?.[0] ?? 0,
    durationMs,
    runs,
    samples: 10,
    envelope,
  };
}

/** The zone a used percentage falls in, without hysteresis: the harshest case for the governor. */
export function zoneOf(usedPercent: number, thresholds: ZoneThresholds = THRESHOLDS): Zone {
  if (usedPercent >= thresholds.red) return "red";
  if (usedPercent >= thresholds.orange) return "orange";
  if (usedPercent >= thresholds.yellow) return "yellow";
  return "green";
}

/** An input at `usedPercent` of CAPACITY, in the zone that percentage falls in unless given. */
export function makeInput(
  usedPercent: number,
  tracks: GovernorTrack[],
  overrides: Partial<Omit<GovernorInput, "policy">> & { policy?: Partial<GovernorPolicy> } = {},
): GovernorInput {
  const { policy, ...rest } = overrides;
  return {
    now: 0,
    zone: zoneOf(usedPercent),
    usedPercent,
    usedBytes: (usedPercent / 100) * CAPACITY,
    capacityBytes: CAPACITY,
    thresholds: THRESHOLDS,
    enabled: true,
    tracks,
    ...rest,
    policy: { ...POLICY, ...policy },
  };
}

/** What the engine would do to the tracks' state for each action (memory effects are the caller's business). */
export function applyActions(
  tracks: GovernorTrack[],
  actions: GovernorAction[],
  now: number,
): GovernorTrack[] {
  return tracks.map((track) => {
    let next = track;
    for (const action of actions) {
      if (action.kind === "alert" || action.trackKey !== track.key) continue;
      switch (action.kind) {
        case "start":
          next = { ...next, status: "running", startedAt: now, progress: 0 };
          break;
        case "pause":
          next = { ...next, status: "paused", pausedBy: "governor" };
          break;
        case "resume":
          next = { ...next, status: "running", pausedBy: null };
          break;
        case "stop-requeue":
          next = { ...next, status: "ready", pausedBy: null, currentBytes: 0, startedAt: null, progress: 0 };
          break;
        case "swap-model":
          next = { ...next, modelInForce: action.toModel };
          break;
        default: {
          const unreachable: never = action;
          return unreachable;
        }
      }
    }
    return next;
  });
}

/** "kind:key" (or "alert:zone") for compact exact assertions. */
export function summarise(actions: GovernorAction[]): string[] {
  return actions.map((action) =>
    action.kind === "alert"
      ? `alert:${action.zone}`
      : action.kind === "swap-model"
        ? `swap-model:${action.trackKey}:${action.toModel}`
        : `${action.kind}:${action.trackKey}`,
  );
}
