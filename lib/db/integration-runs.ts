// IntegrationRun rows: phase 5's integrations of a run's branches, their order, result and final report.
import type { IntegrationState, IntegrationView } from "../domain/coordination/coordination-views";
import type { IntegrationOrderEntry } from "../domain/coordination/integration-order";
import type { IntegrationResult } from "../domain/coordination/integration-report";
import type { IntegrationRun as IntegrationRow, PrismaClient } from "./generated/client";

export async function createIntegrationRun(
  db: PrismaClient,
  run: { runId: string; branch: string; worktreePath: string; order: IntegrationOrderEntry[]; at: Date },
): Promise<IntegrationView> {
  const row = await db.integrationRun.create({
    data: {
      runId: run.runId,
      state: "running",
      branch: run.branch,
      worktreePath: run.worktreePath,
      startedAt: run.at,
      mergeOrder: JSON.stringify(run.order),
    },
  });
  return toView(row);
}

export async function finishIntegrationRun(
  db: PrismaClient,
  id: number,
  end: {
    state: Exclude<IntegrationState, "running">;
    result: IntegrationResult | null;
    error: string | null;
    report: string | null;
    at: Date;
  },
): Promise<IntegrationView> {
  const row = await db.integrationRun.update({
    where: { id },
    data: {
      state: end.state,
      result: end.result ? JSON.stringify(end.result) : null,
      error: end.error,
      report: end.report,
      endedAt: end.at,
    },
  });
  return toView(row);
}

/** The run's latest integration, or null before the first. */
export async function latestIntegrationRun(db: PrismaClient, runId: string): Promise<IntegrationView | null> {
  const row = await db.integrationRun.findFirst({
    where: { runId },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
  });
  return row ? toView(row) : null;
}

/**
 * Whether the run's latest integration was itself a restart of one the server's death cut off (from its
 * integration:started event); false before any, or for the lead's.
 */
export async function latestIntegrationWasRestart(db: PrismaClient, runId: string): Promise<boolean> {
  const row = await db.event.findFirst({
    where: { runId, kind: "integration:started" },
    // The last one recorded (events are written in order).
    orderBy: { id: "desc" },
    select: { details: true },
  });
  if (!row?.details) return false;
  try {
    return typeof (JSON.parse(row.details) as { restartOf?: unknown }).restartOf === "number";
  } catch {
    return false;
  }
}

/**
 * True when an earlier integration of this run created `branch` (so a new attempt may continue on it): one that did
 * not fail, or one a restart cut off (its error begins "interrupted:").
 */
export async function hasIntegratedOnBranch(
  db: PrismaClient,
  runId: string,
  branch: string,
): Promise<boolean> {
  const earlier = await db.integrationRun.count({
    where: { runId, branch, OR: [{ state: { not: "error" } }, { error: { startsWith: "interrupted:" } }] },
  });
  return earlier > 0;
}

function toView(row: IntegrationRow): IntegrationView {
  return {
    id: row.id,
    runId: row.runId,
    state: row.state as IntegrationState,
    branch: row.branch,
    worktreePath: row.worktreePath,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    order: row.mergeOrder ? (JSON.parse(row.mergeOrder) as IntegrationOrderEntry[]) : [],
    result: row.result ? (JSON.parse(row.result) as IntegrationResult) : null,
    error: row.error,
    report: row.report,
  };
}
