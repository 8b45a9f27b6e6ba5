// Conflict rows: scope violations and overlapping work, with how they were resolved.
import type { PrismaClient } from "./generated/client";

export type ConflictView = {
  id: number;
  at: string;
  kind: string;
  severity: string;
  trackKeys: string[];
  description: string;
  status: string;
  resolution: string | null;
};

export async function createConflict(
  db: PrismaClient,
  c: {
    runId: string;
    kind: string;
    severity: string;
    trackKeys: string[];
    description: string;
    status: string;
    resolution: string | null;
  },
): Promise<void> {
  await db.conflict.create({ data: { ...c, trackKeys: c.trackKeys.join(",") } });
}

export async function listConflicts(db: PrismaClient, runId: string): Promise<ConflictView[]> {
  const rows = await db.conflict.findMany({ where: { runId }, orderBy: { at: "asc" } });
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    kind: r.kind,
    severity: r.severity,
    trackKeys: r.trackKeys.split(",").filter(Boolean),
    description: r.description,
    status: r.status,
    resolution: r.resolution,
  }));
}
