// Downsampling plan for time series: raw samples for the last hour, one min/avg/max row per minute beyond. Pure.

export type RetentionOptions = {
  /** Raw samples younger than this are kept as they are. */
  rawWindowMs: number;
  /** Width of an aggregate bucket, aligned to multiples of it since the epoch. */
  bucketMs: number;
};

export const DEFAULT_RETENTION: RetentionOptions = { rawWindowMs: 3_600_000, bucketMs: 60_000 };

/** What a row needs to be planned: its id (to delete it) and its time in epoch ms. */
export type RetainedSample = { id: number; at: number };

export type SampleAggregate<T> = {
  bucketStart: number;
  count: number;
  usedMin: number;
  usedAvg: number;
  usedMax: number;
  /** The bucket's latest raw sample, to carry the fields that are not aggregated (zone, totals...). */
  last: T;
};

export type RetentionPlan<T> = { aggregates: SampleAggregate<T>[]; deleteIds: number[] };

type Bucket<T> = {
  start: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  last: T;
  ids: number[];
};

/**
 * Which raw samples to fold into bucket aggregates and delete. Only buckets that end at or before now − window are
 * folded, so a bucket is always complete when aggregated and never folded twice (samples are written at "now").
 * Pass raw rows only, never earlier aggregates. The aggregated number is `usedBytes`, or what `value` returns
 * (e.g. a track's RSS); for per-track series call it once per track.
 */
export function planRetention<T extends RetainedSample & { usedBytes: number }>(
  rawSamples: readonly T[],
  now: number,
  opts?: Partial<RetentionOptions>,
): RetentionPlan<T>;
export function planRetention<T extends RetainedSample>(
  rawSamples: readonly T[],
  now: number,
  opts: Partial<RetentionOptions> & { value: (sample: T) => number },
): RetentionPlan<T>;
export function planRetention<T extends RetainedSample>(
  rawSamples: readonly T[],
  now: number,
  opts: Partial<RetentionOptions> & { value?: (sample: T) => number } = {},
): RetentionPlan<T> {
  const rawWindowMs = opts.rawWindowMs ?? DEFAULT_RETENTION.rawWindowMs;
  const bucketMs = opts.bucketMs ?? DEFAULT_RETENTION.bucketMs;
  const value = opts.value ?? ((s: T) => (s as T & { usedBytes: number }).usedBytes);
  const cutoff = now - rawWindowMs;

  const buckets = new Map<number, Bucket<T>>();
  for (const sample of rawSamples) {
    const start = Math.floor(sample.at / bucketMs) * bucketMs;
    if (start + bucketMs > cutoff) continue;
    const v = value(sample);
    const bucket = buckets.get(start);
    if (!bucket) {
      buckets.set(start, { start, count: 1, sum: v, min: v, max: v, last: sample, ids: [sample.id] });
      continue;
    }
    bucket.count += 1;
    bucket.sum += v;
    bucket.min = Math.min(bucket.min, v);
    bucket.max = Math.max(bucket.max, v);
    bucket.ids.push(sample.id);
    const isLater =
      sample.at > bucket.last.at || (sample.at === bucket.last.at && sample.id > bucket.last.id);
    if (isLater) bucket.last = sample;
  }

  const ordered = [...buckets.values()].sort((a, b) => a.start - b.start);
  return {
    aggregates: ordered.map((b) => ({
      bucketStart: b.start,
      count: b.count,
      usedMin: b.min,
      usedAvg: b.sum / b.count,
      usedMax: b.max,
      last: b.last,
    })),
    deleteIds: ordered.flatMap((b) => b.ids).sort((a, b) => a - b),
  };
}
