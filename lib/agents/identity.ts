// Who an agent is, in a form that survives PID reuse: pid, process group, session and the kernel's start time
// (field 22 of /proc/<pid>/stat). A recorded agent is "ours" only while all of them still match.

import { z } from "zod";
import { isDeadState, readProcStat } from "../monitor/process-tree";

/** What the engine persists at spawn (the shim's handshake), to find the agent again after a server restart. */
export type AgentIdentity = {
  /** The agent's leader (/bin/sh -c <command>); it leads its own session and process group. */
  pid: number;
  pgid: number;
  sid: number;
  /** Clock ticks after boot at which the leader started. */
  startTicks: number;
  /** The paratrack-shim that logs the agent and records its exit. */
  shimPid: number;
  shimStartTicks: number;
};

export const agentIdentitySchema = z.object({
  pid: z.number().int().positive(),
  // 0 when the group or session leader lives outside our PID namespace (containers, CI).
  pgid: z.number().int().nonnegative(),
  sid: z.number().int().nonnegative(),
  startTicks: z.number().int().nonnegative(),
  shimPid: z.number().int().positive(),
  shimStartTicks: z.number().int().nonnegative(),
});

/** One live process as /proc describes it now. */
export type ProcessIdentity = { pid: number; pgid: number; sid: number; startTicks: number; state: string };

/** Reads a process's identity from /proc; null when it does not exist (or is unreadable). */
export function readProcessIdentity(pid: number, procRoot = "/proc"): ProcessIdentity | null {
  const stat = readProcStat(pid, procRoot);
  if (!stat) return null;
  return { pid: stat.pid, pgid: stat.pgid, sid: stat.sid, startTicks: stat.startTicks, state: stat.state };
}

export type RecordedProcess = { pid: number; startTicks: number; pgid?: number; sid?: number };

export type SameProcessCheck = { same: true } | { same: false; reason: string };

/**
 * Whether the recorded process still runs: same pid, same start time and (when given) same group and session.
 * A zombie counts as ended: it no longer runs and only waits for its parent to collect its status.
 */
export function checkSameProcess(recorded: RecordedProcess, procRoot = "/proc"): SameProcessCheck {
  const now = readProcessIdentity(recorded.pid, procRoot);
  if (now === null) return { same: false, reason: `pid ${recorded.pid} is gone` };
  if (now.startTicks !== recorded.startTicks) {
    return { same: false, reason: `pid ${recorded.pid} now belongs to another process (start time differs)` };
  }
  if (recorded.pgid !== undefined && now.pgid !== recorded.pgid) {
    return {
      same: false,
      reason: `pid ${recorded.pid} is in process group ${now.pgid}, not ${recorded.pgid} as recorded`,
    };
  }
  if (recorded.sid !== undefined && now.sid !== recorded.sid) {
    return {
      same: false,
      reason: `pid ${recorded.pid} is in session ${now.sid}, not ${recorded.sid} as recorded`,
    };
  }
  if (isDeadState(now.state)) return { same: false, reason: `pid ${recorded.pid} has exited (zombie)` };
  return { same: true };
}

/** True while the recorded process runs (see checkSameProcess). */
export function isSameProcess(recorded: RecordedProcess, procRoot = "/proc"): boolean {
  return checkSameProcess(recorded, procRoot).same;
}
