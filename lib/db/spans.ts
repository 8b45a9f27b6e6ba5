// TrackSpan rows: running and paused intervals per attempt, the Gantt's actual bars.
import type { PrismaClient } from "./generated/client";

export type SpanKind = "running" | "paused";

export type SpanView = {
  trackKey: string;
  attempt: number;
  kind: SpanKind;
  pausedBy: string | null;
  startedAt: string;
  endedAt: string | null;
  outcome: string | null;
};

export async function openSpan(
  db: PrismaClient,
  span: { trackId: string; attempt: number; kind: SpanKind; pausedBy: string | null; at: Date },
): Promise<void> {
  await db.trackSpan.create({
    data: {
      trackId: span.trackId,
      attempt: span.attempt,
      kind: span.kind,
      pausedBy: span.pausedBy,
      startedAt: span.at,
    },
  });
}

/** Closes the track's open span, if any, with how it ended (paused, resumed, completed, failed, stopped, requeued). */
export async function closeOpenSpan(
  db: PrismaClient,
  trackId: string,
  at: Date,
  outcome: string,
): Promise<void> {
  await db.trackSpan.updateMany({ where: { trackId, endedAt: null }, data: { endedAt: at, outcome } });
}

/** A span as stored, with its track. */
export type StoredSpan = {
  trackId: string;
  trackKey: string;
  attempt: number;
  kind: SpanKind;
  pausedBy: string | null;
  startedAt: Date;
  endedAt: Date | null;
  outcome: string | null;
};

/** The run's spans, oldest first. */
export async function listRunSpans(db: PrismaClient, runId: string): Promise<StoredSpan[]> {
  const rows = await db.trackSpan.findMany({
    where: { track: { runId } },
    include: { track: { select: { key: true } } },
    orderBy: { startedAt: "asc" },
  });
  return rows.map((r) => ({
    trackId: r.trackId,
    trackKey: r.track.key,
    attempt: r.attempt,
    kind: r.kind as SpanKind,
    pausedBy: r.pausedBy,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    outcome: r.outcome,
  }));
}

/** How each of one track's spans ended, by attempt (what the track page's agents panel reads). */
export async function listTrackSpanEndings(
  db: PrismaClient,
  trackId: string,
): Promise<{ attempt: number; endedAt: Date | null; outcome: string | null }[]> {
  return db.trackSpan.findMany({
    where: { trackId },
    select: { attempt: true, endedAt: true, outcome: true },
  });
}

/** The run's spans as the Gantt shows them, oldest first. */
export async function listSpansOfRun(db: PrismaClient, runId: string): Promise<SpanView[]> {
  return (await listRunSpans(db, runId)).map((s) => ({
    trackKey: s.trackKey,
    attempt: s.attempt,
    kind: s.kind,
    pausedBy: s.pausedBy,
    startedAt: s.startedAt.toISOString(),
    endedAt: s.endedAt?.toISOString() ?? null,
    outcome: s.outcome,
  }));
}
