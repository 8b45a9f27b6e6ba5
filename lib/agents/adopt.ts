// Finds a recorded agent again after a server restart. An agent is ours only while its pid, start time, process
// group and session all still match; otherwise its exit file tells how it ended, and without one it counts as
// interrupted. Lines it wrote while no server ran are delivered from the persisted cursor, before `exited`.

import { z } from "zod";
import { type AgentHandle, createAgentHandle, type LeaderEnd, probeLeaderEnd } from "./agent-handle";
import type { AgentExit, AgentProcess, AgentWatchOptions } from "./agent-types";
import { exitFilePathFor } from "./exit-file";
import { type AgentIdentity, agentIdentitySchema, checkSameProcess } from "./identity";
import { type LogCursor, logCursorSchema } from "./log-follower";
import { sharedPss } from "./shared-pss";
import { DEFAULT_MAX_LOG_BYTES, shimTakeover } from "./shim-launch";

/** What the engine persists per agent (at spawn, and the cursor as lines are applied). */
export type AgentRecord = {
  trackKey: string;
  agentName: string;
  identity: AgentIdentity;
  logPath: string;
  /** Default <logPath>.exit.json. */
  exitPath?: string;
  /** The follower's cursor when last persisted; null: from the beginning of the log. */
  cursor: LogCursor | null;
};

export const agentRecordSchema = z.object({
  trackKey: z.string(),
  agentName: z.string(),
  identity: agentIdentitySchema,
  logPath: z.string().min(1),
  exitPath: z.string().min(1).optional(),
  cursor: logCursorSchema.nullable(),
});

export type AdoptResult =
  /** Still running: signals, stop and measure work as for an agent this server started. */
  | { outcome: "live"; agent: AgentProcess; shim: "alive" | "gone" }
  /** Ended while no server watched: the recorded status; leftovers are members of its tree still running. */
  | { outcome: "ended"; agent: AgentProcess; exit: AgentExit; leftovers: number[] }
  /** Its end is unknown (gone without an exit record, a corrupt record, a pid now someone else's). */
  | { outcome: "interrupted"; agent: AgentProcess; reason: string; leftovers: number[] };

const SETTLE_POLL_MS = 100;

export type AdoptOptions = AgentWatchOptions;

/**
 * Adopts a recorded agent. Never throws. For ended and interrupted agents leftovers are reported, not terminated
 * (unless reapLeftovers is true): agent.stop() ends them.
 */
export async function adoptAgentProcess(
  record: AgentRecord,
  options: AdoptOptions = {},
): Promise<AdoptResult> {
  const procRoot = options.procRoot ?? "/proc";
  const parsed = agentRecordSchema.safeParse(record);
  const exitPath = record.exitPath ?? exitFilePathFor(record.logPath);
  const make = (identity: AgentIdentity | null, reapByDefault: boolean): AgentHandle =>
    createAgentHandle({
      ...options,
      reapLeftovers: options.reapLeftovers ?? reapByDefault,
      trackKey: record.trackKey,
      agentName: record.agentName,
      logPath: record.logPath,
      exitPath,
      identity,
      cursor: parsed.success ? parsed.data.cursor : null,
      pssCache: sharedPss,
      // The log's size cap is not recorded: a shim that takes over uses the default.
      takeOverShim: shimTakeover({ logPath: record.logPath, exitPath, maxLogBytes: DEFAULT_MAX_LOG_BYTES }),
    });

  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const reason = `the agent's record is invalid (${issue?.path.join(".") || "record"}: ${issue?.message})`;
    const handle = make(null, false);
    handle.leaderEnded({ code: null, signal: null, error: reason, interrupted: true, endedAt: null });
    await handle.agent.exited;
    return { outcome: "interrupted", agent: handle.agent, reason, leftovers: [] };
  }

  const { identity } = parsed.data;
  const leader = checkSameProcess(
    { pid: identity.pid, startTicks: identity.startTicks, pgid: identity.pgid, sid: identity.sid },
    procRoot,
  );
  if (leader.same) {
    const handle = make(identity, true);
    handle.watchExitFile();
    const shimAlive = checkSameProcess(
      { pid: identity.shimPid, startTicks: identity.shimStartTicks },
      procRoot,
    );
    return { outcome: "live", agent: handle.agent, shim: shimAlive.same ? "alive" : "gone" };
  }

  // The leader is gone: its exit file says how it ended (a live shim may be a moment from writing it).
  const silent = { at: null as number | null };
  let end: LeaderEnd | null = probeLeaderEnd(identity, exitPath, procRoot, silent);
  while (end === null) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    end = probeLeaderEnd(identity, exitPath, procRoot, silent);
  }
  const handle = make(identity, false);
  handle.leaderEnded(end);
  const exit = await handle.agent.exited;
  const leftovers = handle.agent.treePids();
  if (end.interrupted) {
    return { outcome: "interrupted", agent: handle.agent, reason: end.error ?? exit.message, leftovers };
  }
  return { outcome: "ended", agent: handle.agent, exit, leftovers };
}
