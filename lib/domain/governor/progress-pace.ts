// Progress pace: when an attempt first reported each progress figure, and how much slower or faster than the
// attempt its profile was learned from it is running. Memory rises tell the pace only while a track still grows (a
// track that takes its memory in its first seconds says nothing after them); progress reports keep coming until
// the end, so admission can project a running track's end, and the release of its memory, closely. Pure.
//
// The pace compares the times two attempts of the same track took to reach the same figure, never the figure
// with the clock: an agent whose progress is not linear in time (90 % reported early, then a long test run) is
// read correctly as long as it behaves alike from one attempt to the next.

/** [running time of the attempt in ms, progress percent first reported then]. */
export type ProgressPoint = [atMs: number, percent: number];

/** Pace is read only from a figure both attempts reached after this much running time (early reports are noise). */
export const MIN_PACE_MS = 5_000;

/**
 * The attempt's progress curve with one more report folded in: a point is added only when the figure is higher
 * than any before (the first time it was reached). `null` means the attempt was not watched from its start (adopted
 * after a restart): its curve stays unknown.
 */
export function observeProgress(
  curve: readonly ProgressPoint[] | null,
  runningMs: number,
  percent: number,
): ProgressPoint[] | null {
  if (curve === null) return null;
  const last = curve[curve.length - 1];
  if (!(percent > (last?.[1] ?? 0)) || !Number.isFinite(runningMs)) return [...curve];
  return [...curve, [Math.max(0, runningMs), Math.min(100, percent)]];
}

/** The furthest point of a curve: what the governor is fed (null when none or unknown). */
export function furthestProgress(curve: readonly ProgressPoint[] | null): ProgressPoint | null {
  return curve === null || curve.length === 0 ? null : curve[curve.length - 1]!;
}

/** The running time at which `curve` first reached `percent` or more; null when it never did. */
export function timeToReach(curve: readonly ProgressPoint[], percent: number): number | null {
  return curve.find(([, reached]) => reached >= percent)?.[0] ?? null;
}

/**
 * Running time this attempt took to reach its furthest figure / the time the profiled attempt took to reach it:
 * above 1 slower, below 1 faster. Null when either is unknown or too early to tell (before MIN_PACE_MS).
 */
export function progressSlowness(
  reached: ProgressPoint | null | undefined,
  profileCurve: readonly ProgressPoint[] | undefined,
): number | null {
  if (!reached || !profileCurve) return null;
  const [atMs, percent] = reached;
  if (atMs < MIN_PACE_MS || !(percent > 0) || percent >= 100) return null;
  const profiled = timeToReach(profileCurve, percent);
  if (profiled === null || profiled < MIN_PACE_MS) return null;
  return atMs / profiled;
}

/**
 * The running time at which this attempt is projected to end, before any margin (see endAtPace), from its furthest
 * figure: what is left after it takes as long as it took the profiled attempt from its last report at or below that
 * figure, stretched when the attempt is slower, never shortened when faster (a fast start does not promise a fast
 * finish). Null when the pace is unknown (see progressSlowness).
 */
export function progressEndMs(
  reached: ProgressPoint | null | undefined,
  profileCurve: readonly ProgressPoint[] | undefined,
  profileDurationMs: number,
): number | null {
  const slowness = progressSlowness(reached, profileCurve);
  if (slowness === null) return null;
  const [atMs, percent] = reached!;
  // Where the profiled attempt was surely no further than this figure: its last report at or below it.
  const behind = profileCurve!.filter(([, figure]) => figure <= percent);
  const profiledMs = behind.length === 0 ? 0 : behind[behind.length - 1]![0];
  return endAtPace(slowness, atMs, profiledMs, profileDurationMs);
}

/**
 * The end (running time) of an attempt `slowness` times as slow as its profiled attempt, which reached at `atMs` a
 * point the profiled attempt reached at `profiledMs`: slower, the whole profile stretched; faster, the rest of the
 * profile after that point at the profile's own pace.
 */
export function endAtPace(
  slowness: number,
  atMs: number,
  profiledMs: number,
  profileDurationMs: number,
): number {
  return Math.max(profileDurationMs * slowness, atMs + Math.max(0, profileDurationMs - profiledMs));
}

/**
 * The progress curve a profile keeps after an attempt: the curve of its longest completed attempt (the one its
 * duration comes from), so that a pace read against it stretches that duration consistently. An attempt that did
 * not complete, or was not watched from its start, leaves the earlier curve.
 */
export function learnProgress(
  prior: { curve: readonly ProgressPoint[] | undefined; durationMs: number | null },
  attempt: { curve: readonly ProgressPoint[] | null; completed: boolean; runningMs: number },
): ProgressPoint[] | undefined {
  const fresh = attempt.curve;
  const usable = attempt.completed && fresh !== null && fresh.length > 0;
  if (!usable) return prior.curve ? [...prior.curve] : undefined;
  const longest = prior.curve === undefined || attempt.runningMs >= (prior.durationMs ?? 0);
  return longest ? [...fresh] : [...prior.curve!];
}
