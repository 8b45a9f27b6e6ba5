// Report rows: agents' daily-status reports, from stdout lines, the API or the CLI.
import type { ReportSource } from "../domain/event-kinds";
import type { BlockerReport, ProgressReport } from "../domain/types";
import type { PrismaClient } from "./generated/client";

/** The agent line a report was read from: a line read again (after a restart) is recognised by it. */
export type ReportOrigin = { agentId: string; lineKey: number };

/** Stores a report; false when its agent line was stored before (the report then changes nothing). */
export async function createReport(
  db: PrismaClient,
  trackId: string,
  source: ReportSource,
  report: ProgressReport,
  origin: ReportOrigin | null = null,
  /**
   * When it arrived (the engine's clock); default: the database's now. Give it for a write that may wait in the
   * write-behind queue (an outage): the default would be the time the database came back.
   */
  at?: Date,
): Promise<boolean> {
  try {
    await db.report.create({ data: reportRow(trackId, source, report, origin, at) });
    return true;
  } catch (error) {
    if (origin && (error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}

/**
 * Stores reports read from agents' logs in one go, in order; answers, for each, whether it is new (a line read
 * again after a restart, or twice in the batch, is not stored twice).
 */
export async function createReports(
  db: PrismaClient,
  trackId: string,
  source: ReportSource,
  items: readonly { report: ProgressReport; origin: ReportOrigin | null; at?: Date }[],
): Promise<boolean[]> {
  const keyOf = (origin: ReportOrigin) => `${origin.agentId}:${origin.lineKey}`;
  const byAgent = new Map<string, number[]>();
  for (const { origin } of items)
    if (origin) byAgent.set(origin.agentId, [...(byAgent.get(origin.agentId) ?? []), origin.lineKey]);
  const seen = new Set<string>();
  for (const [agentId, keys] of byAgent) {
    const stored = await db.report.findMany({
      where: { agentId, lineKey: { in: keys } },
      select: { lineKey: true },
    });
    for (const row of stored) seen.add(`${agentId}:${row.lineKey}`);
  }
  const fresh = items.map(({ origin }) => {
    if (!origin) return true;
    if (seen.has(keyOf(origin))) return false;
    seen.add(keyOf(origin));
    return true;
  });
  const rows = items
    .filter((_, i) => fresh[i])
    .map(({ report, origin, at }) => reportRow(trackId, source, report, origin, at));
  if (rows.length > 0) await db.report.createMany({ data: rows });
  return fresh;
}

function reportRow(
  trackId: string,
  source: ReportSource,
  report: ProgressReport,
  origin: ReportOrigin | null,
  at: Date | undefined,
) {
  return {
    ...(at ? { at } : {}),
    trackId,
    source,
    status: report.status ?? null,
    progress: report.progressPercent ?? null,
    body: JSON.stringify(report),
    agentId: origin?.agentId ?? null,
    lineKey: origin?.lineKey ?? null,
    hasBlockers: report.blockers !== undefined,
  };
}

/** How many reports an agent's log produced (each line counts once, however often it was read). */
export async function countAgentReports(db: PrismaClient, agentId: string): Promise<number> {
  return db.report.count({ where: { agentId } });
}

export async function listReports(
  db: PrismaClient,
  trackId: string,
  limit: number,
): Promise<{ at: string; source: string; report: ProgressReport }[]> {
  const rows = await db.report.findMany({ where: { trackId }, orderBy: { at: "desc" }, take: limit });
  return rows.map((r) => ({
    at: r.at.toISOString(),
    source: r.source,
    report: JSON.parse(r.body) as ProgressReport,
  }));
}

/** When each of the run's tracks last reported, by track id. */
export async function lastReportTimes(db: PrismaClient, runId: string): Promise<Map<string, Date>> {
  // One indexed look-up per track: a GROUP BY over the run's reports reads every row (86 ms at 400k rows, with
  // SQLite on the event loop; bench/report-queries.ts).
  const latest = await perTrack(db, runId, (trackId) =>
    db.report.findFirst({
      where: { trackId },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      select: { at: true },
    }),
  );
  return new Map([...latest].map(([trackId, row]) => [trackId, row.at]));
}

/** Each track's blockers as of its latest report that listed blockers (an empty list clears them), by track id. */
export async function latestBlockers(db: PrismaClient, runId: string): Promise<Map<string, BlockerReport[]>> {
  const latest = await perTrack(db, runId, (trackId) =>
    db.report.findFirst({
      where: { trackId, hasBlockers: true },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      select: { body: true },
    }),
  );
  return new Map(
    [...latest].map(([trackId, row]) => {
      try {
        return [trackId, (JSON.parse(row.body) as { blockers?: BlockerReport[] }).blockers ?? []];
      } catch {
        return [trackId, []];
      }
    }),
  );
}

/** `find` for each of the run's tracks, kept where it found a row. */
async function perTrack<Row>(
  db: PrismaClient,
  runId: string,
  find: (trackId: string) => Promise<Row | null>,
): Promise<Map<string, Row>> {
  const tracks = await db.track.findMany({ where: { runId }, select: { id: true } });
  const rows = await Promise.all(tracks.map(async ({ id }) => [id, await find(id)] as const));
  return new Map(rows.flatMap(([id, row]) => (row ? [[id, row] as const] : [])));
}
