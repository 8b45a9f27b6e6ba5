// Projection: each track's memory as a curve over future time (from its profile and its running time so far),
// and the sum of those curves, whose peak admission keeps below the admission line. Pure.
import type { GovernorTrack } from "./governor-types";
import {
  type AttemptObservation,
  envelopeAt,
  isGrowthSettled,
  type MemoryProfile,
  type ProfilePoint,
  planProfile,
  raisePeak,
  reshapeProfile,
} from "./memory-profile";
import { endAtPace, MIN_PACE_MS, progressEndMs } from "./progress-pace";

/**
 * What a projection rests on, most to least informed: "learned" the track's own earlier attempts; "kind" a track of
 * the same kind resized to this one's ram and duration; "plan" the plan's ramProfile; "estimate" the plan's ram held
 * from the start; "observed" no estimate, but its growth has settled in this attempt; "limited" requeued too often,
 * so its highest known use is held for its whole life; "unknown" nothing yet: it is being learned.
 */
export type ProjectionBasis = "learned" | "kind" | "plan" | "estimate" | "observed" | "limited" | "unknown";

/** A track's projected memory: steps [ms from now, bytes] (right-continuous, the first at 0), released after endMs. */
export type Projection = {
  key: string;
  basis: ProjectionBasis;
  steps: ProfilePoint[];
  /** Milliseconds from now until it is expected to end and free its memory; Infinity when not known. */
  endMs: number;
  /** The highest step. */
  peakBytes: number;
};

/** Learned growth is projected this much earlier than it was seen (a fast attempt grows sooner). */
export const GROWTH_LEAD = 0.1;
/** Without a pace, a learned duration is stretched by this much before its memory counts as freed. */
export const END_SLACK = 0.1;
/** With the attempt's pace known (progress or its own rises), its end is stretched by this much only. */
export const PACE_SLACK = 0.03;
/** Running time a track without estimate needs before its growth can count as settled (see isGrowthSettled). */
export const LEARN_MS = 60_000;
/** A settled track without estimate is projected at its observed peak plus this margin, for the rest of its life. */
export const OBSERVED_MARGIN = 0.25;

/** One track's projection basis, profile and timing slack: what its curve is drawn from. */
export type TrackModel =
  | {
      basis: "learned" | "kind" | "plan" | "estimate";
      profile: MemoryProfile;
      lead: number;
      endSlack: number;
      /** How the estimate was raised because the plan's estimates proved low (estimateBias); absent: not raised. */
      raised?: { by: number; evidence: EstimateBias };
    }
  | { basis: "observed" | "limited" | "unknown"; holdBytes: number };

/** How many of this track's stop-requeues fall in the hour before `now`. */
export function recentRequeues(track: GovernorTrack, now: number): number {
  return (track.requeuedAt ?? []).filter((at) => now - at < 3_600_000 && at <= now).length;
}

/** Decides what a track's projection rests on (see ProjectionBasis). */
export function modelTrack(
  track: GovernorTrack,
  options: { now: number; maxRequeuesPerHour: number; estimateBias?: EstimateBias | null },
): TrackModel {
  const observedPeak = Math.max(track.observedPeakBytes ?? 0, track.observation?.peakBytes ?? 0);
  const estimate = track.estimateBytes;
  const learned = track.profile?.source === "learned" ? track.profile : null;
  if (recentRequeues(track, options.now) >= options.maxRequeuesPerHour) {
    const holdBytes = Math.max(estimate ?? 0, observedPeak, learned?.peakBytes ?? 0, track.currentBytes);
    if (holdBytes > 0) return { basis: "limited", holdBytes };
  }
  const floor = Math.max(estimate ?? 0, observedPeak);
  const duration = track.duration ?? null;
  // A learned profile from attempts that were all stopped early shows only their start: without an estimate to
  // size it, it is no projection.
  if (learned !== null && (learned.runs > 0 || estimate !== null)) {
    const sized = raisePeak(learned, floor);
    const withEnd =
      sized.durationMs === null && duration !== null ? { ...sized, durationMs: duration.maxMs } : sized;
    return { basis: "learned", profile: withEnd, lead: GROWTH_LEAD, endSlack: END_SLACK };
  }
  if (estimate !== null) {
    const bias = options.estimateBias ?? null;
    const ram = Math.max(floor, estimate * (bias?.factor ?? 1));
    const raised = bias !== null && ram > floor ? { raised: { by: ram / floor, evidence: bias } } : {};
    const kind = track.kindProfile ? reshapeProfile(track.kindProfile, ram, duration) : null;
    if (kind !== null)
      return { basis: "kind", profile: kind, lead: GROWTH_LEAD, endSlack: END_SLACK, ...raised };
    const rampTo = track.rampToPercent ?? null;
    const plan = planProfile(ram, rampTo, duration)!;
    return {
      basis: rampTo !== null && duration !== null ? "plan" : "estimate",
      profile: plan,
      lead: 0,
      endSlack: 0,
      ...raised,
    };
  }
  const observation = track.observation ?? null;
  if (isGrowthSettled(observation, LEARN_MS)) {
    return {
      basis: "observed",
      holdBytes: (observation as AttemptObservation).peakBytes * (1 + OBSERVED_MARGIN),
    };
  }
  return { basis: "unknown", holdBytes: Math.max(observedPeak, track.currentBytes) };
}

/**
 * The track's memory from now on. A running track follows its profile from its running time on (never below its
 * current use) and frees it all at its projected end; past that end, or without a running time, it holds its peak.
 * A paused track holds the most it may still reach, for as long as it stays paused (unknown). A ready track is
 * projected as if started now.
 */
export function projectTrack(track: GovernorTrack, model: TrackModel): Projection {
  const current = track.status === "ready" ? 0 : track.currentBytes;
  if ("holdBytes" in model) {
    return flat(track.key, model.basis, Math.max(current, model.holdBytes), Number.POSITIVE_INFINITY);
  }
  const { profile, lead } = model;
  const elapsed = track.status === "ready" ? 0 : (track.runningMs ?? null);
  const pace = elapsed === null ? null : readPace(track, profile, elapsed);
  // Its pace, which ends it with a small margin: when it first reached its furthest progress figure against when
  // the profiled attempt did (both report alike, so coarse or non-linear figures still compare), else its own
  // memory rises matched with the profile's. Slower, the profile is stretched; faster, what the profiled attempt
  // took after that point is still ahead (a fast start does not promise a fast finish). A progress figure read
  // against the clock (readPace) would overstate what is left early on: it only advances growth (the safe side),
  // never the end.
  const duration = profile.durationMs;
  const paceEnd =
    elapsed === null || duration === null
      ? null
      : (progressEndMs(track.progressReached, profile.progress, duration) ??
        riseEndMs(track.observation ?? null, profile));
  const endAt =
    duration === null
      ? null
      : paceEnd !== null
        ? paceEnd * (1 + PACE_SLACK)
        : duration * (1 + model.endSlack);
  if (elapsed === null || (endAt !== null && elapsed >= endAt)) {
    return flat(track.key, model.basis, Math.max(current, profile.peakBytes), Number.POSITIVE_INFINITY);
  }
  const stretch = 1 + lead;
  // An attempt ahead of its profile (by its progress) grows sooner: read the profile at the progress it has made.
  const grownTo = Math.max(elapsed, pace?.profileMs ?? 0);
  const remaining = profile.envelope.filter(([at]) => at / stretch > grownTo);
  const now = Math.max(current, envelopeAt(profile.envelope, grownTo * stretch));
  if (track.status === "paused") {
    const most = Math.max(now, ...remaining.map((p) => p[1]));
    return flat(track.key, model.basis, most, Number.POSITIVE_INFINITY);
  }
  const steps: ProfilePoint[] = [[0, now]];
  for (const [at, bytes] of remaining) {
    const last = steps[steps.length - 1]!;
    if (bytes > last[1]) steps.push([at / stretch - grownTo, bytes]);
  }
  return {
    key: track.key,
    basis: model.basis,
    steps,
    endMs: endAt === null ? Number.POSITIVE_INFINITY : endAt - elapsed,
    peakBytes: steps[steps.length - 1]![1],
  };
}

/**
 * Where in its profile the attempt's reported progress would be (the running time a profiled attempt took to get
 * this far). Null without a usable report (none yet, or too early to tell).
 */
function readPace(
  track: GovernorTrack,
  profile: MemoryProfile,
  elapsed: number,
): { profileMs: number } | null {
  const progress = track.progress;
  if (track.status === "ready" || elapsed < MIN_PACE_MS || !(progress > 0) || progress >= 100) return null;
  if (profile.durationMs === null) return null;
  return { profileMs: (profile.durationMs * progress) / 100 };
}

/**
 * The attempt's end (running time, before any margin) from its latest memory rise that can be matched with a
 * profile step at least MIN_PACE_MS and a tenth of the attempt in (see endAtPace); null when none can (too early, or
 * growth all at the start). A rise is seen up to a sample late: that errs slow.
 */
function riseEndMs(observation: AttemptObservation | null, profile: MemoryProfile): number | null {
  if (observation === null || profile.durationMs === null) return null;
  const minMs = Math.max(MIN_PACE_MS, profile.durationMs / 10);
  for (let i = observation.envelope.length - 1; i >= 1; i--) {
    const [seenAt, bytes] = observation.envelope[i]!;
    const step = profile.envelope.find(([, held]) => held >= bytes * 0.98);
    if (step === undefined || step[0] < minMs) continue;
    return endAtPace(seenAt / step[0], seenAt, step[0], profile.durationMs);
  }
  return null;
}

function flat(key: string, basis: ProjectionBasis, bytes: number, endMs: number): Projection {
  return { key, basis, steps: [[0, bytes]], endMs, peakBytes: bytes };
}

/** The projection moved `offsetMs` into the future (a track started later). */
export function shiftProjection(projection: Projection, offsetMs: number): Projection {
  return {
    ...projection,
    steps: [[0, 0], ...projection.steps.map(([at, bytes]): ProfilePoint => [at + offsetMs, bytes])],
    endMs: projection.endMs + offsetMs,
  };
}

/** The projection's value `atMs` from now (0 after its end). */
export function projectionAt(projection: Projection, atMs: number): number {
  return atMs > projection.endMs ? 0 : envelopeAt(projection.steps, atMs);
}

type Delta = { at: number; bytes: number; release: boolean };

/** Step changes of a projection, as sorted deltas for the sweep (a release counts just after its instant). */
function deltasOf(projection: Projection): Delta[] {
  const out: Delta[] = [];
  let held = 0;
  for (const [at, bytes] of projection.steps) {
    if (at > projection.endMs) break;
    if (bytes !== held) out.push({ at, bytes: bytes - held, release: false });
    held = bytes;
  }
  if (Number.isFinite(projection.endMs) && held !== 0)
    out.push({ at: projection.endMs, bytes: -held, release: true });
  return out;
}

function byTime(a: Delta, b: Delta): number {
  return a.at - b.at || Number(a.release) - Number(b.release);
}

/** A set of projections summed once, so that many candidates can be checked against it cheaply. */
export type ProjectionSum = { deltas: Delta[]; baseBytes: number };

/** Sums the projections over `baseBytes` (memory no track accounts for, held flat). */
export function sumProjections(projections: readonly Projection[], baseBytes: number): ProjectionSum {
  return { deltas: projections.flatMap(deltasOf).sort(byTime), baseBytes };
}

/** The sum with one more projection added. */
export function addToSum(sum: ProjectionSum, projection: Projection): ProjectionSum {
  return { deltas: mergeSorted(sum.deltas, deltasOf(projection).sort(byTime)), baseBytes: sum.baseBytes };
}

/**
 * The highest total of the summed curves (plus `extra`, if given) between now and `untilMs`: where, and how much.
 * Steps and releases are exact, so the peak of a sum of steps is found at one of their instants.
 */
export function peakOfSum(
  sum: ProjectionSum,
  options: { extra?: Projection; untilMs?: number } = {},
): { bytes: number; atMs: number } {
  const until = options.untilMs ?? Number.POSITIVE_INFINITY;
  const deltas = options.extra ? mergeSorted(sum.deltas, deltasOf(options.extra).sort(byTime)) : sum.deltas;
  let total = sum.baseBytes;
  let peak = { bytes: total, atMs: 0 };
  let i = 0;
  while (i < deltas.length) {
    const at = deltas[i]!.at;
    if (at > until) break;
    // Rises at this instant first, then the peak, then the releases that happen just after it.
    while (i < deltas.length && deltas[i]!.at === at && !deltas[i]!.release) total += deltas[i++]!.bytes;
    if (total > peak.bytes) peak = { bytes: total, atMs: at };
    while (i < deltas.length && deltas[i]!.at === at) total += deltas[i++]!.bytes;
  }
  return peak;
}

function mergeSorted(a: readonly Delta[], b: readonly Delta[]): Delta[] {
  const out: Delta[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && byTime(a[i]!, b[j]!) <= 0)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/** Whether `projection`, started `atMs` from now, stays below `limitBytes` on top of `sum` over its life. */
export function fitsAt(
  sum: ProjectionSum,
  projection: Projection,
  atMs: number,
  limitBytes: number,
): boolean {
  const shifted = atMs === 0 ? projection : shiftProjection(projection, atMs);
  return peakOfSum(sum, { extra: shifted, untilMs: shifted.endMs }).bytes < limitBytes;
}

/**
 * The earliest time (ms from now, not before `notBeforeMs`) at which `projection`, started then, fits below
 * `limitBytes` on top of `sum`: at `notBeforeMs` or just after one of the sum's later releases (the instants
 * admission looks again); Infinity when it never does.
 */
export function earliestFit(
  sum: ProjectionSum,
  projection: Projection,
  limitBytes: number,
  notBeforeMs = 0,
): number {
  if (fitsAt(sum, projection, notBeforeMs, limitBytes)) return notBeforeMs;
  for (const delta of sum.deltas) {
    const at = delta.at + 1;
    if (delta.release && at > notBeforeMs && fitsAt(sum, projection, at, limitBytes)) return at;
  }
  return Number.POSITIVE_INFINITY;
}

/** An estimate exceeded by less than this (a fraction) is noise, not a sign that the plan's estimates are low. */
export const BIAS_TOLERANCE = 0.1;
/** One track far over its estimate raises the others' by at most this factor. */
export const BIAS_CAP = 2;

/** How low the plan's estimates have proved: the factor, and the track that showed it (seen at `ratio` × its own). */
export type EstimateBias = { factor: number; trackKey: string; ratio: number };

/**
 * How low the plan's estimates have proved so far: the largest observed peak / estimate among its tracks, when one
 * exceeded its estimate by more than the tolerance (capped); else null. Estimates made by one lead for one plan tend
 * to be wrong the same way, and a fast-growing track shows it only once it is past its estimate: by then every
 * other track admitted on an estimate of the same kind is on its way there too.
 */
export function estimateBias(tracks: readonly GovernorTrack[]): EstimateBias | null {
  let bias: EstimateBias | null = null;
  for (const track of tracks) {
    const estimate = track.estimateBytes;
    if (estimate === null || !(estimate > 0)) continue;
    const seen = Math.max(
      track.observedPeakBytes ?? 0,
      track.observation?.peakBytes ?? 0,
      track.currentBytes,
    );
    const ratio = seen / estimate;
    if (ratio > 1 + BIAS_TOLERANCE && (bias === null || ratio > bias.ratio))
      bias = { factor: Math.min(BIAS_CAP, ratio), trackKey: track.key, ratio };
  }
  return bias;
}
