// Agent rows: one per process started for an attempt of a track.
import type { AgentView } from "../domain/views";
import type { Agent as AgentRow, PrismaClient } from "./generated/client";

/** An agent process as stored. */
export type StoredAgent = {
  id: string;
  trackId: string;
  name: string;
  attempt: number;
  command: string;
  pid: number | null;
  logPath: string;
  startedAt: Date;
  endedAt: Date | null;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  currentBytes: number;
  peakBytes: number;
};

export type NewAgent = Pick<
  StoredAgent,
  "id" | "trackId" | "name" | "attempt" | "command" | "pid" | "logPath" | "startedAt"
>;

/** How an agent ended, with the most memory it held. */
export type AgentEnd = {
  endedAt: Date;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  peakBytes: number;
};

const toStoredAgent = (row: AgentRow): StoredAgent => ({ ...row });

export async function createAgent(db: PrismaClient, agent: NewAgent): Promise<void> {
  await db.agent.create({ data: agent });
}

export async function recordAgentEnd(db: PrismaClient, id: string, end: AgentEnd): Promise<void> {
  await db.agent.update({ where: { id }, data: { ...end, currentBytes: 0 } });
}

/** The track's agents, newest attempt first. */
export async function listTrackAgents(db: PrismaClient, trackId: string): Promise<StoredAgent[]> {
  const rows = await db.agent.findMany({
    where: { trackId },
    orderBy: [{ attempt: "desc" }, { name: "asc" }],
  });
  return rows.map(toStoredAgent);
}

/** Every agent of the run, oldest first. */
export async function listRunAgents(db: PrismaClient, runId: string): Promise<StoredAgent[]> {
  const rows = await db.agent.findMany({ where: { track: { runId } }, orderBy: { startedAt: "asc" } });
  return rows.map(toStoredAgent);
}

export function toAgentView(agent: StoredAgent): AgentView {
  return {
    id: agent.id,
    name: agent.name,
    attempt: agent.attempt,
    command: agent.command,
    pid: agent.pid,
    startedAt: agent.startedAt.toISOString(),
    endedAt: agent.endedAt?.toISOString() ?? null,
    exitCode: agent.exitCode,
    signal: agent.signal,
    error: agent.error,
    currentBytes: agent.currentBytes,
    peakBytes: agent.peakBytes,
    memoryMethod: null,
    processes: [],
  };
}
