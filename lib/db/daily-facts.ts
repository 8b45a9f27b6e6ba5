// What one track did over one day, from its rows: the reports of the day, its memory peak and its running time.
import type { DayReport } from "../domain/coordination/daily-status-build";
import type { PrismaClient } from "./generated/client";

export type DailyTrackFacts = {
  /** The day's reports, oldest first. */
  reports: DayReport[];
  /** The highest memory of the track's processes that day; null without a sample. */
  peakBytes: number | null;
  /** Running time within the day (pauses excluded); open spans count until `now`. */
  runningMs: number;
};

/** The track's facts over [from, to); `now` closes a span still open. */
export async function dailyTrackFacts(
  db: PrismaClient,
  runId: string,
  trackKey: string,
  window: { from: Date; to: Date; now: Date },
): Promise<DailyTrackFacts> {
  const track = await db.track.findUnique({ where: { runId_key: { runId, key: trackKey } } });
  if (!track) return { reports: [], peakBytes: null, runningMs: 0 };
  const { from, to, now } = window;
  const [reports, peak, spans] = await Promise.all([
    db.report.findMany({
      where: { trackId: track.id, at: { gte: from, lt: to } },
      orderBy: [{ at: "asc" }, { id: "asc" }],
      select: { body: true, source: true },
    }),
    db.trackSample.aggregate({
      where: { trackId: track.id, at: { gte: from, lt: to } },
      _max: { bytes: true, maxBytes: true },
    }),
    db.trackSpan.findMany({
      where: {
        trackId: track.id,
        kind: "running",
        startedAt: { lt: to },
        OR: [{ endedAt: null }, { endedAt: { gt: from } }],
      },
      select: { startedAt: true, endedAt: true },
    }),
  ]);
  const peaks = [peak._max.bytes, peak._max.maxBytes].filter((v): v is number => v !== null);
  const end = Math.min(to.getTime(), now.getTime());
  const runningMs = spans.reduce((sum, s) => {
    const start = Math.max(s.startedAt.getTime(), from.getTime());
    const stop = Math.min(s.endedAt?.getTime() ?? end, end);
    return sum + Math.max(0, stop - start);
  }, 0);
  return {
    reports: reports.flatMap((r) => {
      try {
        const report = JSON.parse(r.body) as DayReport;
        return [r.source === "stdout" ? { ...report, isLine: true } : report];
      } catch {
        return [];
      }
    }),
    peakBytes: peaks.length > 0 ? Math.max(...peaks) : null,
    runningMs,
  };
}
