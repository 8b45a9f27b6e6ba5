// Blocker rows: the run's blockers board (lib/domain/coordination/blockers.ts decides; this keeps it).
import type { BlockerEntry } from "../domain/coordination/blockers";
import type { BlockerSeverity } from "../domain/types";
import type { PrismaClient } from "./generated/client";

/** Writes the board entries that changed (new, updated or resolved), each by its number on the run's board. */
export async function saveBlockerEntries(
  db: PrismaClient,
  runId: string,
  entries: readonly BlockerEntry[],
): Promise<void> {
  for (const e of entries) {
    const data = {
      trackKey: e.trackKey,
      blocker: e.blocker,
      severity: e.severity,
      resolutionPlan: e.resolutionPlan,
      source: e.source,
      raisedAt: new Date(e.raisedAt),
      updatedAt: new Date(e.updatedAt),
      resolvedAt: e.resolvedAt ? new Date(e.resolvedAt) : null,
      resolvedBy: e.resolvedBy,
    };
    await db.blocker.upsert({
      where: { runId_number: { runId, number: e.id } },
      create: { runId, number: e.id, ...data },
      update: data,
    });
  }
}

/** The run's whole board, in the order the blockers were raised. */
export async function listBlockerEntries(db: PrismaClient, runId: string): Promise<BlockerEntry[]> {
  const rows = await db.blocker.findMany({ where: { runId }, orderBy: { number: "asc" } });
  return rows.map((r) => ({
    id: r.number,
    trackKey: r.trackKey,
    blocker: r.blocker,
    severity: r.severity as BlockerSeverity,
    resolutionPlan: r.resolutionPlan,
    source: r.source === "log-line" ? "log-line" : "report",
    raisedAt: r.raisedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    resolvedBy: r.resolvedBy === "lead" ? "lead" : r.resolvedBy === "report" ? "report" : null,
  }));
}
