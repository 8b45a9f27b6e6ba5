// Memory profiles: how a track's memory grows over its running time, learned sample by sample from its attempts
// and kept between runs, or given by the plan (`ram` + `ramProfile.rampTo` + `duration`). Pure.
//
// A profile is an upper envelope: a step function of running time (pauses excluded) that never rises later nor
// lower than any attempt it was learned from. Steps only ever move earlier or higher when points are merged, so
// the envelope stays above what was seen and the admission projections built on it err on the safe side.
import type { DurationRange } from "../types";
import { learnProgress, type ProgressPoint } from "./progress-pace";

/** [running time of the attempt in ms, bytes held from then on]. */
export type ProfilePoint = [atMs: number, bytes: number];

/** A track's memory over its running time, as the governor projects it. Plain JSON; store it as is. */
export type MemoryProfile = {
  /** "learned" from this track's own attempts and runs; "plan" from its ram, ramProfile and duration. */
  source: "learned" | "plan";
  /** Highest use: the peak seen, or the plan's ram. */
  peakBytes: number;
  /** Running time at which the envelope first reaches PEAK_REACHED of the peak. */
  timeToPeakMs: number;
  /** Running time of a whole attempt (the longest completed one seen, or the plan's upper duration); null unknown. */
  durationMs: number | null;
  /** Completed attempts learned from (0 for a plan profile or when every attempt was stopped early). */
  runs: number;
  /** Memory samples learned from, over all attempts. */
  samples: number;
  /** The upper envelope: rise points in ascending time and bytes, the first at 0 ms. At most PROFILE_MAX_POINTS. */
  envelope: ProfilePoint[];
  /** When its longest completed attempt first reported each progress figure (progress-pace.ts); absent unknown. */
  progress?: ProgressPoint[];
};

/** What one attempt has shown so far: fold every memory sample of the attempt into it with observeMemory. */
export type AttemptObservation = {
  samples: number;
  /** Running time of the latest sample. */
  lastMs: number;
  peakBytes: number;
  /** Rise points of this attempt (same form as MemoryProfile.envelope). */
  envelope: ProfilePoint[];
  /** Bytes of the last rise point when it was added: a new point is added only once use rises past it by a step. */
  anchorBytes: number;
  /** Running time of the last rise of at least a step: growth is "settled" when this lies far enough back. */
  lastRiseMs: number;
};

/** Points an envelope keeps; more are merged (the later step moves earlier), so a profile stays small in the DB. */
export const PROFILE_MAX_POINTS = 24;
/** A rise smaller than this fraction (plus RISE_MIN_BYTES) raises the last point instead of adding one. */
export const RISE_STEP = 0.03;
const RISE_MIN_BYTES = 4 * 1024 ** 2;
/** The fraction of the peak that counts as reaching it (timeToPeakMs). */
export const PEAK_REACHED = 0.95;
/** A plan ramp is drawn as this many steps, each above the straight line it stands for. */
const PLAN_RAMP_STEPS = 8;

/**
 * Folds one memory sample of the current attempt (its running time and bytes) into what the attempt has shown.
 * `sinceMs`, when given, is the running time of the attempt's previous sample: a rise seen now happened after it,
 * so it is placed there (the earliest it can have happened) and the envelope stays above what really happened, not
 * up to a sampling interval late. Without it a rise is placed at `runningMs`.
 */
export function observeMemory(
  observation: AttemptObservation | null,
  runningMs: number,
  bytes: number,
  sinceMs?: number | null,
): AttemptObservation {
  const at = Math.max(0, runningMs);
  const held = Math.max(0, bytes);
  if (observation === null) {
    return {
      samples: 1,
      lastMs: at,
      peakBytes: held,
      envelope: [[0, held]],
      anchorBytes: held,
      lastRiseMs: 0,
    };
  }
  const next: AttemptObservation = {
    ...observation,
    samples: observation.samples + 1,
    lastMs: Math.max(observation.lastMs, at),
  };
  if (held <= observation.peakBytes) return next;
  next.peakBytes = held;
  const envelope = observation.envelope.map((p): ProfilePoint => [p[0], p[1]]);
  if (held > observation.anchorBytes * (1 + RISE_STEP) + RISE_MIN_BYTES) {
    const riseAt = Math.min(at, Math.max(0, sinceMs ?? at));
    const last = envelope[envelope.length - 1]!;
    if (last[0] >= riseAt) last[1] = held;
    else envelope.push([riseAt, held]);
    next.anchorBytes = held;
    next.lastRiseMs = at;
  } else {
    // A small rise: the last step is raised (moved up, so still above what was seen) rather than a point added.
    const last = envelope[envelope.length - 1]!;
    last[1] = held;
  }
  next.envelope = compactEnvelope(envelope, PROFILE_MAX_POINTS);
  return next;
}

/** The attempt ended at this running time: its length (samples come up to an interval before the end). */
export function endObservation(observation: AttemptObservation, runningMs: number): AttemptObservation {
  return { ...observation, lastMs: Math.max(observation.lastMs, runningMs) };
}

/**
 * The profile after an attempt: the upper envelope of the earlier profile and this attempt, the highest peak, and
 * the longest running time (a stopped attempt's counts too when it ran longer: the whole one would have lasted longer),
 * and the progress curve of the longest completed attempt (`progress`: this attempt's, null when not watched from
 * its start).
 */
export function learnProfile(
  previous: MemoryProfile | null,
  observation: AttemptObservation,
  completed: boolean,
  progress: readonly ProgressPoint[] | null = null,
): MemoryProfile {
  const prior = previous?.source === "learned" ? previous : null;
  const envelope =
    prior === null ? observation.envelope : upperEnvelope(prior.envelope, observation.envelope);
  const priorDuration = prior?.durationMs ?? null;
  const durationMs = completed
    ? Math.max(priorDuration ?? 0, observation.lastMs)
    : priorDuration === null
      ? null
      : Math.max(priorDuration, observation.lastMs);
  const curve = learnProgress(
    { curve: prior?.progress, durationMs: priorDuration },
    { curve: progress, completed, runningMs: observation.lastMs },
  );
  return describeEnvelope({
    source: "learned",
    envelope: compactEnvelope(envelope, PROFILE_MAX_POINTS),
    durationMs,
    runs: (prior?.runs ?? 0) + (completed ? 1 : 0),
    samples: (prior?.samples ?? 0) + observation.samples,
    ...(curve ? { progress: curve } : {}),
  });
}

/**
 * The plan's profile: `ram` reached over the first `rampToPercent` of the (shortest) duration, drawn as steps above
 * that straight line, held until the longest duration. Without rampTo it holds `ram` from the start; without
 * a duration it holds it until the track ends.
 */
export function planProfile(
  ramBytes: number | null,
  rampToPercent: number | null,
  duration: DurationRange | null,
): MemoryProfile | null {
  if (ramBytes === null) return null;
  const envelope: ProfilePoint[] = [];
  if (rampToPercent !== null && duration !== null && rampToPercent > 0) {
    const rampMs = (duration.minMs * Math.min(100, rampToPercent)) / 100;
    for (let i = 0; i < PLAN_RAMP_STEPS; i++) {
      envelope.push([(rampMs * i) / PLAN_RAMP_STEPS, (ramBytes * (i + 1)) / PLAN_RAMP_STEPS]);
    }
  } else {
    envelope.push([0, ramBytes]);
  }
  return describeEnvelope({
    source: "plan",
    envelope,
    durationMs: duration?.maxMs ?? null,
    runs: 0,
    samples: 0,
  });
}

/**
 * The profile of another track of the same kind, resized to this track's ram and duration: growth shapes carry
 * over between tracks that run the same kind of agent, sizes and lengths do not.
 */
export function reshapeProfile(
  kind: MemoryProfile,
  ramBytes: number,
  duration: DurationRange | null,
): MemoryProfile | null {
  if (kind.peakBytes <= 0 || kind.durationMs === null || kind.durationMs <= 0 || duration === null)
    return null;
  const bytesScale = ramBytes / kind.peakBytes;
  // Growth follows the shortest expected length (earliest), the end the longest.
  const timeScale = duration.minMs / kind.durationMs;
  return describeEnvelope({
    source: "plan",
    envelope: kind.envelope.map(([at, bytes]): ProfilePoint => [at * timeScale, bytes * bytesScale]),
    durationMs: duration.maxMs,
    runs: 0,
    samples: 0,
  });
}

/** The profile scaled up so its peak is at least `bytes` (a plan estimate larger than what was learned). */
export function raisePeak(profile: MemoryProfile, bytes: number): MemoryProfile {
  if (bytes <= profile.peakBytes || profile.peakBytes <= 0) return profile;
  const scale = bytes / profile.peakBytes;
  return describeEnvelope({
    ...profile,
    envelope: profile.envelope.map(([at, held]): ProfilePoint => [at, held * scale]),
  });
}

/** The envelope's value at running time `atMs`: the last step at or before it. */
export function envelopeAt(envelope: readonly ProfilePoint[], atMs: number): number {
  let value = 0;
  for (const [at, bytes] of envelope) {
    if (at > atMs) break;
    value = bytes;
  }
  return value;
}

/** The pointwise maximum of two step envelopes. */
export function upperEnvelope(a: readonly ProfilePoint[], b: readonly ProfilePoint[]): ProfilePoint[] {
  const times = [...new Set([...a.map((p) => p[0]), ...b.map((p) => p[0])])].sort((x, y) => x - y);
  const merged: ProfilePoint[] = [];
  for (const at of times) {
    const bytes = Math.max(envelopeAt(a, at), envelopeAt(b, at));
    const last = merged[merged.length - 1];
    if (last === undefined || bytes > last[1]) merged.push([at, bytes]);
  }
  if (merged.length > 0) merged[0]![0] = 0;
  return merged;
}

/**
 * Merges rise points until at most `limit` remain. Each merge moves a step earlier onto its predecessor (never
 * later, never lower), choosing the merge that adds the least bytes × time above the envelope.
 */
export function compactEnvelope(envelope: readonly ProfilePoint[], limit: number): ProfilePoint[] {
  const points = envelope.map((p): ProfilePoint => [p[0], p[1]]);
  while (points.length > Math.max(1, limit)) {
    let best = 1;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let i = 1; i < points.length; i++) {
      const [at, bytes] = points[i]!;
      const [prevAt, prevBytes] = points[i - 1]!;
      const cost = (bytes - prevBytes) * (at - prevAt);
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    }
    points[best - 1]![1] = points[best]![1];
    points.splice(best, 1);
  }
  return points;
}

function describeEnvelope(
  profile: Omit<MemoryProfile, "peakBytes" | "timeToPeakMs"> & Partial<MemoryProfile>,
): MemoryProfile {
  const peakBytes = profile.envelope.reduce((max, [, bytes]) => Math.max(max, bytes), 0);
  const reached = profile.envelope.find(([, bytes]) => bytes >= PEAK_REACHED * peakBytes);
  return {
    source: profile.source,
    peakBytes,
    timeToPeakMs: reached?.[0] ?? 0,
    durationMs: profile.durationMs,
    runs: profile.runs,
    samples: profile.samples,
    envelope: profile.envelope,
    ...(profile.progress ? { progress: profile.progress } : {}),
  };
}

/** Settled growth: the attempt has run `learnMs` and has not risen by a step for half of that. */
export function isGrowthSettled(observation: AttemptObservation | null, learnMs: number): boolean {
  if (observation === null || observation.samples < 3) return false;
  return observation.lastMs >= learnMs && observation.lastMs - observation.lastRiseMs >= learnMs / 2;
}
