// Agent rows: one per process started for an attempt of a track.
import type { AgentView } from "../domain/views";
import type { Agent as AgentRow, Prisma, PrismaClient } from "./generated/client";

export async function createAgentRow(
  db: PrismaClient,
  data: Prisma.AgentUncheckedCreateInput,
): Promise<void> {
  await db.agent.create({ data });
}

export async function updateAgentRow(
  db: PrismaClient,
  id: string,
  data: Prisma.AgentUpdateInput,
): Promise<void> {
  await db.agent.update({ where: { id }, data });
}

export function toAgentView(row: AgentRow): AgentView {
  return {
    id: row.id,
    name: row.name,
    attempt: row.attempt,
    command: row.command,
    pid: row.pid,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    exitCode: row.exitCode,
    signal: row.signal,
    error: row.error,
    currentBytes: row.currentBytes,
    peakBytes: row.peakBytes,
    memoryMethod: null,
    processes: [],
  };
}

export async function listAgentRows(db: PrismaClient, trackId: string): Promise<AgentRow[]> {
  return db.agent.findMany({ where: { trackId }, orderBy: [{ attempt: "desc" }, { name: "asc" }] });
}
