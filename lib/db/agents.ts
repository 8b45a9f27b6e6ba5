// Agent rows: one per process started for an attempt of a track, with what it used (tokens, dollars, turns) and
// the session it last reported.
import type { CostFigure } from "../domain/agent-cost";
import { AGENT_KINDS, type AgentKind, type TokenUsage } from "../domain/agent-signals";
import { type AgentUsage, addAgentUsage, NO_USAGE, type UsageTotals } from "../domain/usage-totals";
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
> & { kind?: AgentKind | null };

/** How an agent ended, with the most memory it held. */
export type AgentEnd = {
  endedAt: Date;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  peakBytes: number;
};

function toStoredAgent(row: AgentRow): StoredAgent {
  const {
    kind,
    inputTokens,
    cachedInputTokens,
    cacheWriteTokens,
    outputTokens,
    costUsd,
    costSource,
    usageModel,
    turns,
    result,
    sessionId,
    ...rest
  } = row;
  const tokens: TokenUsage | null =
    inputTokens === null && cachedInputTokens === null && cacheWriteTokens === null && outputTokens === null
      ? null
      : {
          inputTokens: inputTokens ?? 0,
          cachedInputTokens: cachedInputTokens ?? 0,
          cacheWriteTokens: cacheWriteTokens ?? 0,
          outputTokens: outputTokens ?? 0,
        };
  const source: CostFigure["source"] =
    costSource === "reported" || costSource === "priced" ? costSource : "unknown";
  return {
    ...rest,
    kind: AGENT_KINDS.includes(kind as AgentKind) ? (kind as AgentKind) : null,
    sessionId,
    usage: {
      tokens,
      cost: { usd: source === "unknown" ? null : costUsd, source },
      model: usageModel,
      turns,
      sessionId,
      result: result === null ? null : parseResult(result),
    },
  };
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
  await db.agent.create({ data: agent });
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
  await db.agent.update({ where: { id }, data: { sessionId } });
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
