// TrackSample rows: per-track memory over time (1 s for the last hour, minute aggregates beyond).
import { DEFAULT_RETENTION, planRetention, type RetentionOptions } from "../domain/reporting/retention";
import type { TrackMemoryPoint } from "../domain/views";
import type { PrismaClient } from "./generated/client";

export async function insertTrackSamples(
  db: PrismaClient,
  at: Date,
  samples: { trackId: string; bytes: number }[],
): Promise<void> {
  if (samples.length === 0) return;
  await db.trackSample.createMany({ data: samples.map((s) => ({ trackId: s.trackId, at, bytes: s.bytes })) });
}

/**
 * Points of the run's per-track memory, oldest first, grouped by time. Past `limit` rows the newest are kept (many
 * tracks sampled every 250 ms pass 20,000 rows within ten minutes; the chart must end now, not stop in the past),
 * without the oldest time when the limit would cut its rows short.
 */
export async function listTrackMemory(
  db: PrismaClient,
  runId: string,
  since: Date,
  limit = 20_000,
): Promise<TrackMemoryPoint[]> {
  const newest = await db.trackSample.findMany({
    where: { track: { runId }, at: { gte: since } },
    include: { track: { select: { key: true } } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  // One row past the limit tells whether the oldest time was cut short.
  const cut = newest.length > limit ? newest.at(-1)?.at.getTime() : undefined;
  const rows = newest.reverse().filter((row) => row.at.getTime() !== cut);
  const points = new Map<number, TrackMemoryPoint>();
  for (const row of rows) {
    const t = row.at.getTime();
    let point = points.get(t);
    if (!point) {
      point = { at: row.at.toISOString(), tracks: {} };
      points.set(t, point);
    }
    point.tracks[row.track.key] = row.bytes;
  }
  return [...points.values()];
}

/** One track's memory since `since`, oldest first: each sample's time and its highest use (a minute's max). */
export async function listTrackSamplesSince(
  db: PrismaClient,
  trackId: string,
  since: Date,
  limit = 20_000,
): Promise<{ at: number; bytes: number }[]> {
  const rows = await db.trackSample.findMany({
    where: { trackId, at: { gte: since } },
    orderBy: { at: "asc" },
    take: limit,
  });
  return rows.map((row) => ({ at: row.at.getTime(), bytes: row.maxBytes ?? row.bytes }));
}

/** Per-track counterpart of applyMemoryRetention. */
export async function applyTrackSampleRetention(
  db: PrismaClient,
  now: number,
  opts?: Partial<RetentionOptions>,
): Promise<number> {
  const rawWindowMs = opts?.rawWindowMs ?? DEFAULT_RETENTION.rawWindowMs;
  const rows = await db.trackSample.findMany({
    where: { bucketSeconds: 1, at: { lt: new Date(now - rawWindowMs) } },
    orderBy: { at: "asc" },
  });
  const byTrack = new Map<string, typeof rows>();
  for (const row of rows) byTrack.set(row.trackId, [...(byTrack.get(row.trackId) ?? []), row]);
  const bucketSeconds = Math.round((opts?.bucketMs ?? DEFAULT_RETENTION.bucketMs) / 1000);
  let folded = 0;
  for (const [trackId, trackRows] of byTrack) {
    const plan = planRetention(
      trackRows.map((r) => ({ ...r, at: r.at.getTime() })),
      now,
      { ...opts, value: (s) => s.bytes },
    );
    if (plan.deleteIds.length === 0) continue;
    folded += plan.deleteIds.length;
    await db.$transaction([
      db.trackSample.deleteMany({ where: { id: { in: plan.deleteIds } } }),
      db.trackSample.createMany({
        data: plan.aggregates.map((a) => ({
          trackId,
          at: new Date(a.bucketStart),
          bucketSeconds,
          bytes: a.usedAvg,
          minBytes: a.usedMin,
          maxBytes: a.usedMax,
        })),
      }),
    ]);
  }
  return folded;
}
