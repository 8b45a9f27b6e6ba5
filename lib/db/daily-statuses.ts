// DailyStatus rows: each track's daily status document (the seed's YAML fields, as JSON) per day.
import {
  type DailyStatusDay,
  type DailyStatusView,
  STATUS_TRIGGERS,
  type StatusTrigger,
} from "../domain/coordination/coordination-views";
import type { DailyStatusDocument } from "../domain/coordination/daily-status";
import type { DailyStatus as DailyStatusRow, PrismaClient } from "./generated/client";

/** Stores (or replaces) the documents of one day, one per track, in one transaction. */
export async function saveDailyStatuses(
  db: PrismaClient,
  runId: string,
  statuses: readonly Omit<DailyStatusView, "runId">[],
): Promise<void> {
  await db.$transaction(
    statuses.map((s) => {
      const data = {
        document: JSON.stringify(s.document),
        trigger: s.trigger,
        generatedAt: new Date(s.generatedAt),
      };
      return db.dailyStatus.upsert({
        where: { runId_trackKey_date: { runId, trackKey: s.trackKey, date: s.date } },
        create: { runId, trackKey: s.trackKey, date: s.date, ...data },
        update: data,
      });
    }),
  );
}

/** A day of stored documents; the engine adds the server's zone (DailyStatusDay). */
export type StoredStatusDay = Omit<DailyStatusDay, "utcOffsetMinutes">;

/** The run's stored documents by day, newest day first, tracks in the order given (plan order). */
export async function listDailyStatusDays(
  db: PrismaClient,
  runId: string,
  trackOrder: readonly string[],
): Promise<StoredStatusDay[]> {
  const rows = await db.dailyStatus.findMany({ where: { runId }, orderBy: [{ date: "desc" }] });
  const days = new Map<string, DailyStatusView[]>();
  for (const row of rows) days.set(row.date, [...(days.get(row.date) ?? []), toView(row)]);
  const rank = (key: string) => {
    const i = trackOrder.indexOf(key);
    return i === -1 ? trackOrder.length : i;
  };
  return [...days.entries()].map(([date, documents]) => ({
    date,
    documents: documents.sort((a, b) => rank(a.trackKey) - rank(b.trackKey)),
  }));
}

/** One track's stored document of a day, if one was generated. */
export async function getDailyStatus(
  db: PrismaClient,
  runId: string,
  trackKey: string,
  date: string,
): Promise<DailyStatusView | null> {
  const row = await db.dailyStatus.findUnique({
    where: { runId_trackKey_date: { runId, trackKey, date } },
  });
  return row ? toView(row) : null;
}

/** The latest day with stored documents (the cadence writes each day once). */
export async function latestDailyStatusDate(db: PrismaClient, runId: string): Promise<string | null> {
  const row = await db.dailyStatus.findFirst({
    where: { runId, trigger: "cadence" },
    orderBy: { date: "desc" },
    select: { date: true },
  });
  return row?.date ?? null;
}

function toView(row: DailyStatusRow): DailyStatusView {
  return {
    runId: row.runId,
    trackKey: row.trackKey,
    date: row.date,
    trigger: (STATUS_TRIGGERS as readonly string[]).includes(row.trigger)
      ? (row.trigger as StatusTrigger)
      : "demand",
    generatedAt: row.generatedAt.toISOString(),
    document: JSON.parse(row.document) as DailyStatusDocument,
  };
}
