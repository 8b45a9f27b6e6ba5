// Run and Track rows: a run of a plan and the lasting state of its tracks.
import type { Plan } from "../domain/types";
import type { RunStatus, RunView } from "../domain/views";
import type { Prisma, PrismaClient, Run as RunRow, Track as TrackRow } from "./generated/client";

export type NewRun = {
  id: string;
  name: string;
  planSource: string;
  planPath: string | null;
  plan: Plan;
  budgetBytes: number | null;
  schedule: unknown;
  tracks: { id: string; key: string; name: string; position: number; status: string }[];
};

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
      },
    }),
    db.track.createMany({ data: run.tracks.map((t) => ({ ...t, runId: run.id })) }),
  ]);
}

export function toRunView(row: RunRow & { _count?: { tracks: number } }): RunView {
  return {
    id: row.id,
    name: row.name,
    status: row.status as RunStatus,
    phase: row.phase,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    budgetBytes: row.budgetBytes,
    trackCount: row._count?.tracks ?? 0,
  };
}

export async function updateRun(db: PrismaClient, id: string, data: Prisma.RunUpdateInput): Promise<void> {
  await db.run.update({ where: { id }, data });
}

export async function listRuns(db: PrismaClient, limit = 50): Promise<RunView[]> {
  const rows = await db.run.findMany({
    orderBy: { startedAt: "desc" },
    take: limit,
    include: { _count: { select: { tracks: true } } },
  });
  return rows.map(toRunView);
}

export async function getRunRow(db: PrismaClient, id: string) {
  return db.run.findUnique({ where: { id }, include: { _count: { select: { tracks: true } } } });
}

export async function latestRunRow(db: PrismaClient) {
  return db.run.findFirst({
    orderBy: { startedAt: "desc" },
    include: { _count: { select: { tracks: true } } },
  });
}

/** Runs the server left "running" when it stopped: their processes are gone. */
export async function listUnfinishedRuns(db: PrismaClient) {
  return db.run.findMany({ where: { status: "running" } });
}

export async function listTrackRows(db: PrismaClient, runId: string): Promise<TrackRow[]> {
  return db.track.findMany({ where: { runId }, orderBy: { position: "asc" } });
}

export async function updateTrackRow(
  db: PrismaClient,
  id: string,
  data: Prisma.TrackUpdateInput,
): Promise<void> {
  await db.track.update({ where: { id }, data });
}
