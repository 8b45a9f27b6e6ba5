// Run rows: a run of a plan (its plan, schedule, status and phase), created with its tracks.
import type { StoredSchedule } from "../domain/reporting/gantt";
import type { Plan } from "../domain/types";
import type { RunStatus, RunView } from "../domain/views";
import type { PrismaClient, Run as RunRow } from "./generated/client";

/** A run as stored, its plan and schedule parsed. */
export type StoredRun = {
  id: string;
  name: string;
  status: RunStatus;
  phase: number;
  planSource: string;
  planPath: string | null;
  /** The validated plan; one with no tracks when the stored JSON cannot be read. */
  plan: Plan;
  /** The planner's schedule at start; null when the machine was not sampled yet. */
  schedule: StoredSchedule | null;
  budgetBytes: number | null;
  startedAt: Date;
  endedAt: Date | null;
  trackCount: number;
  /** The governor's memory as last stored (JSON), for a restarted server to carry on. */
  governorJson: string | null;
  /** The digests of its agents' report-only tokens, "<track>:<SHA-256 hex>", comma-separated (report-tokens.ts). */
  reportTokenHash: string | null;
};

export type NewRun = {
  id: string;
  name: string;
  planSource: string;
  planPath: string | null;
  plan: Plan;
  budgetBytes: number | null;
  schedule: StoredSchedule | null;
  tracks: { id: string; key: string; name: string; position: number; status: string }[];
  reportTokenHash?: string | null;
};

const WITH_TRACK_COUNT = { _count: { select: { tracks: true } } } as const;

function parsePlan(json: string): Plan {
  try {
    return JSON.parse(json) as Plan;
  } catch {
    return { tracks: [] } as unknown as Plan;
  }
}

function parseSchedule(json: string | null): StoredSchedule | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as StoredSchedule | null;
    // Stored as "null" when the machine was not sampled yet at the run's start.
    return value && Array.isArray(value.tracks) && typeof value.capacityBytes === "number" ? value : null;
  } catch {
    return null;
  }
}

function toStoredRun(row: RunRow & { _count?: { tracks: number } }): StoredRun {
  return {
    id: row.id,
    name: row.name,
    status: row.status as RunStatus,
    phase: row.phase,
    planSource: row.planSource,
    planPath: row.planPath,
    plan: parsePlan(row.planJson),
    schedule: parseSchedule(row.scheduleJson),
    budgetBytes: row.budgetBytes,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    trackCount: row._count?.tracks ?? 0,
    governorJson: row.governorJson,
    reportTokenHash: row.reportTokenHash,
  };
}

export function toRunView(run: StoredRun): RunView {
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    phase: run.phase,
    startedAt: run.startedAt.toISOString(),
    endedAt: run.endedAt?.toISOString() ?? null,
    budgetBytes: run.budgetBytes,
    trackCount: run.trackCount,
  };
}

/** The run and its tracks, in one transaction. */
export async function createRun(db: PrismaClient, run: NewRun): Promise<void> {
  await db.$transaction([
    db.run.create({
      data: {
        id: run.id,
        name: run.name,
        status: "running",
        planSource: run.planSource,
        planJson: JSON.stringify(run.plan),
        planPath: run.planPath,
        budgetBytes: run.budgetBytes,
        scheduleJson: JSON.stringify(run.schedule),
        reportTokenHash: run.reportTokenHash ?? null,
      },
    }),
    db.track.createMany({ data: run.tracks.map((t) => ({ ...t, runId: run.id })) }),
  ]);
}

/** Running again (endedAt null), or ended with its outcome. */
export async function setRunStatus(
  db: PrismaClient,
  id: string,
  status: RunStatus,
  endedAt: Date | null,
): Promise<void> {
  await db.run.update({ where: { id }, data: { status, endedAt } });
}

/** Newest first. */
export async function listRuns(db: PrismaClient, limit = 50): Promise<RunView[]> {
  const rows = await db.run.findMany({
    orderBy: { startedAt: "desc" },
    take: limit,
    include: WITH_TRACK_COUNT,
  });
  return rows.map((row) => toRunView(toStoredRun(row)));
}

export async function getRun(db: PrismaClient, id: string): Promise<StoredRun | null> {
  const row = await db.run.findUnique({ where: { id }, include: WITH_TRACK_COUNT });
  return row ? toStoredRun(row) : null;
}

export async function latestRun(db: PrismaClient): Promise<StoredRun | null> {
  const row = await db.run.findFirst({ orderBy: { startedAt: "desc" }, include: WITH_TRACK_COUNT });
  return row ? toStoredRun(row) : null;
}

/** Runs the server left "running" when it stopped: their processes are gone. */
export async function listUnfinishedRuns(db: PrismaClient): Promise<StoredRun[]> {
  const rows = await db.run.findMany({ where: { status: "running" }, include: WITH_TRACK_COUNT });
  return rows.map(toStoredRun);
}

/**
 * Ends a run whose processes are gone, in one transaction: the run and its unfinished tracks stopped (with
 * `exitSummary`), its open spans closed.
 */
export async function markRunStopped(
  db: PrismaClient,
  runId: string,
  at: Date,
  exitSummary: string,
): Promise<void> {
  await db.$transaction([
    db.run.update({ where: { id: runId }, data: { status: "stopped", endedAt: at } }),
    db.track.updateMany({
      where: { runId, status: { in: ["running", "paused", "ready", "pending"] } },
      data: { status: "stopped", exitSummary },
    }),
    db.trackSpan.updateMany({
      where: { track: { runId }, endedAt: null },
      data: { endedAt: at, outcome: "stopped" },
    }),
  ]);
}

/** Moves the run from phase `from` to `to`; false when its phase was no longer `from` (a concurrent advance). */
export async function advanceRunPhase(
  db: PrismaClient,
  runId: string,
  from: number,
  to: number,
): Promise<boolean> {
  const moved = await db.run.updateMany({ where: { id: runId, phase: from }, data: { phase: to } });
  return moved.count > 0;
}

/** The governor's memory between decisions, so a restarted server carries on where this one was. */
export async function saveGovernorMemory(db: PrismaClient, runId: string, json: string): Promise<void> {
  await db.run.update({ where: { id: runId }, data: { governorJson: json } });
}

/** The report tokens the run's agents may hold, as SHA-256 hex digests (comma-separated in the row). */
export async function saveReportTokenHashes(
  db: PrismaClient,
  runId: string,
  hashes: string[],
): Promise<void> {
  await db.run.update({ where: { id: runId }, data: { reportTokenHash: hashes.join(",") } });
}

/**
 * Deletes an ended run with everything stored of it (its rows cascade; its events name it without a relation); false
 * when there was none to delete (gone already, or running again).
 */
export async function deleteRunRows(db: PrismaClient, runId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const runs = await tx.run.deleteMany({ where: { id: runId, status: { not: "running" } } });
    if (runs.count === 0) return false;
    await tx.event.deleteMany({ where: { runId } });
    return true;
  });
}
