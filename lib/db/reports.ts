// Report rows: agents' daily-status reports, from stdout lines, the API or the CLI.
import type { ReportSource } from "../domain/event-kinds";
import type { BlockerReport, ProgressReport } from "../domain/types";
import type { PrismaClient } from "./generated/client";

export async function createReport(
  db: PrismaClient,
  trackId: string,
  source: ReportSource,
  report: ProgressReport,
  /** When it arrived (the engine's clock); default: the database's now. */
  at?: Date,
): Promise<void> {
  await db.report.create({
    data: {
      ...(at ? { at } : {}),
      trackId,
      source,
      status: report.status ?? null,
      progress: report.progressPercent ?? null,
      body: JSON.stringify(report),
    },
  });
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
  const groups = await db.report.groupBy({
    by: ["trackId"],
    where: { track: { runId } },
    _max: { at: true },
  });
  return new Map(groups.flatMap((g) => (g._max.at ? [[g.trackId, g._max.at] as const] : [])));
}

/** Each track's blockers as of its latest report that listed blockers (an empty list clears them), by track id. */
export async function latestBlockers(db: PrismaClient, runId: string): Promise<Map<string, BlockerReport[]>> {
  const rows = await db.report.findMany({
    where: { track: { runId }, body: { contains: '"blockers"' } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { trackId: true, body: true },
  });
  const latest = new Map<string, BlockerReport[]>();
  for (const row of rows) {
    if (latest.has(row.trackId)) continue;
    try {
      latest.set(row.trackId, (JSON.parse(row.body) as { blockers?: BlockerReport[] }).blockers ?? []);
    } catch {
      latest.set(row.trackId, []);
    }
  }
  return latest;
}
