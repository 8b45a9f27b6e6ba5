// Report rows: agents' daily-status reports, from stdout lines, the API or the CLI.
import type { ProgressReport } from "../domain/types";
import type { PrismaClient } from "./generated/client";

export async function createReport(
  db: PrismaClient,
  trackId: string,
  source: "stdout" | "api" | "cli",
  report: ProgressReport,
): Promise<void> {
  await db.report.create({
    data: {
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
