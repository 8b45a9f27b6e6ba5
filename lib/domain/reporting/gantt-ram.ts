// The Gantt's RAM band, pure: planned RAM as steps from the schedule, actual RAM as per-track points, and
// the downsampling that keeps a long run's memory series small without losing its peaks.
import type { TrackMemoryPoint } from "../views";

/** Planned RAM from this moment until the next step. */
export type RamStep = { ms: number; bytes: number };

/** Planned RAM over time: the sum of the estimates of the tracks whose planned bar covers each moment. */
export function plannedRamSteps(
  tracks: readonly { key: string; plannedStartMs: number; plannedEndMs: number }[],
  estimateOf: (key: string) => number | null,
): RamStep[] {
  const deltas = new Map<number, number>();
  for (const t of tracks) {
    const bytes = estimateOf(t.key) ?? 0;
    if (bytes <= 0 || t.plannedEndMs <= t.plannedStartMs) continue;
    deltas.set(t.plannedStartMs, (deltas.get(t.plannedStartMs) ?? 0) + bytes);
    deltas.set(t.plannedEndMs, (deltas.get(t.plannedEndMs) ?? 0) - bytes);
  }
  const steps: RamStep[] = [];
  let level = 0;
  for (const ms of [...deltas.keys()].sort((a, b) => a - b)) {
    level += deltas.get(ms)!;
    // Float sums of byte counts can leave dust where a level returns to zero.
    steps.push({ ms, bytes: Math.abs(level) < 1 ? 0 : level });
  }
  return steps;
}

/** Actual memory at one moment on the run's axis, per track and in total. */
export type RamPoint = { ms: number; byTrack: Record<string, number>; total: number };

/** Actual per-track memory points on the run's axis, with their totals. */
export function actualRamPoints(points: readonly TrackMemoryPoint[], runStartMs: number): RamPoint[] {
  return points.map((p) => {
    const total = Object.values(p.tracks).reduce((s, b) => s + b, 0);
    return { ms: Date.parse(p.at) - runStartMs, byTrack: p.tracks, total };
  });
}

/** At most `max` points: from each of `max` equal buckets the one with the highest total, so peaks survive. */
export function downsampleMemory(points: readonly TrackMemoryPoint[], max: number): TrackMemoryPoint[] {
  if (max < 1) return [];
  if (points.length <= max) return [...points];
  const totalOf = (p: TrackMemoryPoint) => Object.values(p.tracks).reduce((s, b) => s + b, 0);
  const kept: TrackMemoryPoint[] = [];
  for (let b = 0; b < max; b++) {
    const from = Math.floor((b * points.length) / max);
    const to = Math.floor(((b + 1) * points.length) / max);
    let best: TrackMemoryPoint | undefined;
    for (let i = from; i < to; i++) {
      const p = points[i]!;
      if (!best || totalOf(p) > totalOf(best)) best = p;
    }
    if (best) kept.push(best);
  }
  return kept;
}

/** Room above the band's highest drawn value, so a peak does not touch its top. */
const RAM_HEADROOM = 1.1;
/**
 * The capacity line is drawn while it is at most this many times the highest drawn value: further up, fitting it
 * squeezed tracks of a few MB under a 19 GB machine line into a flat line at the band's bottom.
 */
const CAPACITY_ON_SCALE_RATIO = 4;

/** The RAM band's y extent, and whether its capacity line is drawn on it or named as off scale. */
export type RamBandScale = {
  maxBytes: number;
  capacity: { bytes: number; isOnScale: boolean } | null;
};

/**
 * The band fits what it draws (the larger of the planned and actual peaks, with headroom), and the capacity line
 * too when it is near them; while nothing is drawn yet the line sets the scale.
 */
export function ramBandScale(input: {
  plannedPeakBytes: number;
  actualPeakBytes: number;
  capacityBytes: number | null;
}): RamBandScale {
  const peak = Math.max(0, input.plannedPeakBytes, input.actualPeakBytes);
  const capacityBytes = input.capacityBytes !== null && input.capacityBytes > 0 ? input.capacityBytes : null;
  if (capacityBytes === null) return { maxBytes: Math.max(1, peak * RAM_HEADROOM), capacity: null };
  const isOnScale = peak === 0 || capacityBytes <= peak * CAPACITY_ON_SCALE_RATIO;
  const top = isOnScale ? Math.max(peak, capacityBytes) : peak;
  return { maxBytes: Math.max(1, top * RAM_HEADROOM), capacity: { bytes: capacityBytes, isOnScale } };
}
