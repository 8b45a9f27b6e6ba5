// Agent rows: one per process started for an attempt of a track, with what it takes to find it again after a
// restart (identity, exit file, log cursor) and how it was started (its own command or its resume command).
import type { AgentView } from "../domain/views";
import type { Agent as AgentRow, PrismaClient } from "./generated/client";

/** Who the running agent is: an agent is ours again after a restart only when all of this still matches. */
export type StoredAgentIdentity = {
  pid: number;
  pgid: number;
  sid: number;
  startTicks: number;
  shimPid: number;
  shimStartTicks: number;
};

/** An agent process as stored. */
export type StoredAgent = {
  id: string;
  trackId: string;
  name: string;
  attempt: number;
  command: string;
  /** "resume" when started with the agent's resume command and a session, else "start". */
  mode: "start" | "resume";
  pid: number | null;
  identity: StoredAgentIdentity | null;
  sessionId: string | null;
  logPath: string;
  exitPath: string | null;
  /** The log follower's position (JSON as lib/agents writes it) and the key of the last line whose effects are stored. */
  logCursor: string | null;
  lastLineKey: number | null;
  startedAt: Date;
  endedAt: Date | null;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  /** Why the agent was lost without an exit status; null otherwise. */
  interrupted: string | null;
  currentBytes: number;
  peakBytes: number;
};

export type NewAgent = Pick<
  StoredAgent,
  "id" | "trackId" | "name" | "attempt" | "command" | "pid" | "logPath" | "startedAt"
> &
  Partial<Pick<StoredAgent, "mode" | "identity" | "exitPath">>;

/** How an agent ended, with the most memory it held. */
export type AgentEnd = {
  endedAt: Date;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  peakBytes: number;
  interrupted?: string | null;
};

function toStoredAgent(row: AgentRow): StoredAgent {
  const identity =
    row.pid !== null &&
    row.pgid !== null &&
    row.sid !== null &&
    row.startTicks !== null &&
    row.shimPid !== null &&
    row.shimStartTicks !== null
      ? {
          pid: row.pid,
          pgid: row.pgid,
          sid: row.sid,
          startTicks: row.startTicks,
          shimPid: row.shimPid,
          shimStartTicks: row.shimStartTicks,
        }
      : null;
  return {
    id: row.id,
    trackId: row.trackId,
    name: row.name,
    attempt: row.attempt,
    command: row.command,
    mode: row.mode === "resume" ? "resume" : "start",
    pid: row.pid,
    identity,
    sessionId: row.sessionId,
    logPath: row.logPath,
    exitPath: row.exitPath,
    logCursor: row.logCursor,
    lastLineKey: row.lastLineKey,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    exitCode: row.exitCode,
    signal: row.signal,
    error: row.error,
    interrupted: row.interrupted,
    currentBytes: row.currentBytes,
    peakBytes: row.peakBytes,
  };
}

export async function createAgent(db: PrismaClient, agent: NewAgent): Promise<void> {
  const { identity, ...rest } = agent;
  await db.agent.create({
    data: {
      ...rest,
      pgid: identity?.pgid ?? null,
      sid: identity?.sid ?? null,
      startTicks: identity?.startTicks ?? null,
      shimPid: identity?.shimPid ?? null,
      shimStartTicks: identity?.shimStartTicks ?? null,
    },
  });
}

export async function recordAgentEnd(db: PrismaClient, id: string, end: AgentEnd): Promise<void> {
  await db.agent.update({ where: { id }, data: { ...end, currentBytes: 0 } });
}

/** Where reading the agent's log has got to: its cursor and the last line whose effects are stored. */
export async function saveAgentLogPosition(
  db: PrismaClient,
  id: string,
  position: { cursor: string; lastLineKey: number },
): Promise<void> {
  await db.agent.update({
    where: { id },
    data: { logCursor: position.cursor, lastLineKey: position.lastLineKey },
  });
}

/** The agent's conversation or thread as it last reported it; the track's next start may resume it. */
export async function saveAgentSession(db: PrismaClient, id: string, sessionId: string): Promise<void> {
  await db.agent.update({ where: { id }, data: { sessionId } });
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
    mode: agent.mode,
    sessionId: agent.sessionId,
    pid: agent.pid,
    logPath: agent.logPath,
    interrupted: agent.interrupted,
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
