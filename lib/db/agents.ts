// Agent rows: one per process started for an attempt of a track: how it was started (its own command or its resume
// command), what it takes to find it again after a restart (identity, exit file, log position), what it used
// (tokens, dollars, turns), the session it last reported, and its memory and state while it runs (what a viewer on
// another machine shows: it cannot read the owner's /proc).
import type { CostFigure } from "../domain/agents/agent-cost";
import { AGENT_KINDS, type AgentKind, type TokenUsage } from "../domain/agents/agent-signals";
import { type AgentUsage, addAgentUsage, NO_USAGE, type UsageTotals } from "../domain/agents/usage-totals";
import type { AgentLiveState, AgentView, MemoryMethod } from "../domain/views";
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
  /** How currentBytes was counted; null before the first stored measurement. */
  memoryMethod: MemoryMethod | null;
  /** "paused" while its processes are stopped, as the owner last stored it; "running" otherwise. */
  state: AgentLiveState;
  /** The machine whose server started it; null for rows stored before it was recorded. */
  host: string | null;
  /** How its output was read; null for rows stored before adapters existed. */
  kind: AgentKind | null;
  /** What it used; `usage.cost.source` "unknown" with no tokens means it reported nothing. */
  usage: AgentUsage;
  /** The agent's conversation or thread as it last reported it; the track's next start may resume it. */
  sessionId: string | null;
};

export type NewAgent = Pick<
  StoredAgent,
  "id" | "trackId" | "name" | "attempt" | "command" | "pid" | "logPath" | "startedAt"
> &
  Partial<Pick<StoredAgent, "mode" | "identity" | "exitPath" | "host">> & { kind?: AgentKind | null };

/**
 * What the owner stores of a live agent for the viewers (throttled by the caller): its memory, its state, or both.
 */
export type AgentLiveUpdate = {
  id: string;
  memory?: { currentBytes: number; peakBytes: number; method: MemoryMethod | null };
  state?: AgentLiveState;
};

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
  const tokens: TokenUsage | null =
    row.inputTokens === null &&
    row.cachedInputTokens === null &&
    row.cacheWriteTokens === null &&
    row.outputTokens === null
      ? null
      : {
          inputTokens: row.inputTokens ?? 0,
          cachedInputTokens: row.cachedInputTokens ?? 0,
          cacheWriteTokens: row.cacheWriteTokens ?? 0,
          outputTokens: row.outputTokens ?? 0,
        };
  const source: CostFigure["source"] =
    row.costSource === "reported" || row.costSource === "priced" ? row.costSource : "unknown";
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
    memoryMethod: isMemoryMethod(row.memoryMethod) ? row.memoryMethod : null,
    state: row.state === "paused" ? "paused" : "running",
    host: row.host,
    kind: AGENT_KINDS.includes(row.kind as AgentKind) ? (row.kind as AgentKind) : null,
    sessionId: row.sessionId,
    usage: {
      tokens,
      cost: { usd: source === "unknown" ? null : row.costUsd, source },
      model: row.usageModel,
      turns: row.turns,
      sessionId: row.sessionId,
      result: row.result === null ? null : parseResult(row.result),
    },
  };
}

function isMemoryMethod(value: string | null): value is MemoryMethod {
  return value === "pss" || value === "rss" || value === "mixed";
}

/** "success" or "error: error_max_turns" as stored, back into the agent's verdict. */
function parseResult(stored: string): AgentUsage["result"] {
  const error = /^error: (.*)$/s.exec(stored);
  return error
    ? { outcome: "error", subtype: error[1] ?? "", message: null }
    : { outcome: "success", subtype: stored, message: null };
}

/** The verdict as one column: the subtype, prefixed "error: " when the agent failed. */
function formatResult(result: AgentUsage["result"]): string | null {
  if (result === null) return null;
  return result.outcome === "error" ? `error: ${result.subtype}` : result.subtype;
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

/**
 * The started agent's process and files, on the row stored before its launch (createAgent without identity): a
 * server that dies in between leaves a row whose log path still finds the agent (lib/agents/find-launched.ts).
 */
export async function recordAgentLaunch(
  db: PrismaClient,
  id: string,
  launch: Pick<StoredAgent, "pid" | "identity" | "logPath" | "exitPath">,
): Promise<void> {
  const { identity, ...rest } = launch;
  await db.agent.update({
    where: { id },
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

/** What the agent used so far (tokens, dollars, turns, verdict, session); false when its row does not exist yet. */
export async function saveAgentUsage(db: PrismaClient, id: string, usage: AgentUsage): Promise<boolean> {
  const { tokens, cost } = usage;
  const written = await db.agent.updateMany({
    where: { id },
    data: {
      inputTokens: tokens?.inputTokens ?? null,
      cachedInputTokens: tokens?.cachedInputTokens ?? null,
      cacheWriteTokens: tokens?.cacheWriteTokens ?? null,
      outputTokens: tokens?.outputTokens ?? null,
      costUsd: cost.usd,
      costSource: tokens === null && cost.usd === null ? null : cost.source,
      usageModel: usage.model,
      turns: usage.turns,
      result: formatResult(usage.result),
      ...(usage.sessionId === null ? {} : { sessionId: usage.sessionId }),
    },
  });
  return written.count > 0;
}

/** The agent's conversation or thread as it last reported it; the track's next start may resume it. */
export async function saveAgentSession(db: PrismaClient, id: string, sessionId: string): Promise<void> {
  await db.agent.updateMany({ where: { id }, data: { sessionId } });
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

export async function recordAgentEnd(db: PrismaClient, id: string, end: AgentEnd): Promise<void> {
  await db.agent.update({ where: { id }, data: { ...end, currentBytes: 0, state: null } });
}

/** Live agents' memory and state, in one transaction; a row not written yet (its launch is under way) is skipped. */
export async function saveAgentLive(db: PrismaClient, updates: readonly AgentLiveUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  await db.$transaction(
    updates.map(({ id, memory, state }) =>
      db.agent.updateMany({
        // An ended agent keeps what its end stored (no memory, no state).
        where: { id, endedAt: null },
        data: {
          ...(memory
            ? { currentBytes: memory.currentBytes, peakBytes: memory.peakBytes, memoryMethod: memory.method }
            : {}),
          ...(state ? { state } : {}),
        },
      }),
    ),
  );
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
/** Which of these log paths belong to an agent of any run stored here. */
export async function knownLogPaths(db: PrismaClient, logPaths: readonly string[]): Promise<Set<string>> {
  if (logPaths.length === 0) return new Set();
  const rows = await db.agent.findMany({
    where: { logPath: { in: [...logPaths] } },
    select: { logPath: true },
  });
  return new Set(rows.map((row) => row.logPath));
}

export async function listRunAgents(db: PrismaClient, runId: string): Promise<StoredAgent[]> {
  const rows = await db.agent.findMany({ where: { track: { runId } }, orderBy: { startedAt: "asc" } });
  return rows.map(toStoredAgent);
}

/**
 * The agent as stored. Its processes are not listed: they are read from /proc on the machine that runs them, by the
 * server that watches it (track-queries.ts fills them in there); `processesNote` says where to look.
 */
export function toAgentView(agent: StoredAgent): AgentView {
  const ended = agent.endedAt !== null;
  return {
    id: agent.id,
    name: agent.name,
    attempt: agent.attempt,
    command: agent.command,
    mode: agent.mode,
    pid: agent.pid,
    logPath: agent.logPath,
    interrupted: agent.interrupted,
    startedAt: agent.startedAt.toISOString(),
    endedAt: agent.endedAt?.toISOString() ?? null,
    exitCode: agent.exitCode,
    signal: agent.signal,
    error: agent.error,
    attemptEnding: null,
    currentBytes: agent.currentBytes,
    peakBytes: agent.peakBytes,
    memoryMethod: ended ? null : agent.memoryMethod,
    state: ended ? null : agent.state,
    processes: [],
    processesVisible: ended,
    processesNote: ended
      ? null
      : `its processes are listed on the engine's server${agent.host ? ` (${agent.host})` : ""}`,
    kind: agent.kind,
    tokens: agent.usage.tokens,
    costUsd: agent.usage.cost.usd,
    turns: agent.usage.turns,
    result: formatResult(agent.usage.result),
    sessionId: agent.sessionId,
  };
}

/** Each track's tokens and dollars over all its agents' attempts, by track id. */
export function usageByTrack(agents: readonly StoredAgent[]): Map<string, UsageTotals> {
  const totals = new Map<string, UsageTotals>();
  for (const agent of agents)
    totals.set(agent.trackId, addAgentUsage(totals.get(agent.trackId) ?? NO_USAGE, agent.usage));
  return totals;
}
