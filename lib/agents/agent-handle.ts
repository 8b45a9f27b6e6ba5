// One AgentProcess for an agent run by paratrack-shim, whether this server started it or adopted it after a
// restart: lines come from the log file (a follower from a cursor), the end from the shim (its exit line, or its
// exit file plus /proc), and signals, stop and measure go to the process tree found in /proc.

import { readProcSnapshot, sumTreeMemory } from "../monitor/process-tree";
import type { PssCache } from "../monitor/pss-cache";
import { createTreeControl } from "./agent-tree";
import type { AgentExit, AgentProcess, AgentWatchOptions, SignalCheck, StopResult } from "./agent-types";
import { type ExitRecord, keeperRecordPathFor, readExitFile } from "./exit-file";
import { type AgentIdentity, checkSameProcess } from "./identity";
import { followLog, type LogCursor, type LogFollower } from "./log-follower";
import { appendLogNote } from "./logs";
import type { ShimLaunch } from "./shim-launch";
import { describeExit } from "./signals";

/** How the leader ended, as learnt from the shim, its exit file, or /proc. */
export type LeaderEnd = {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Could not start (interrupted false) or the reason the status is unknown (interrupted true). */
  error: string | null;
  interrupted: boolean;
  endedAt: string | null;
};

export type AgentHandleSetup = AgentWatchOptions & {
  trackKey: string;
  agentName: string;
  logPath: string;
  exitPath: string;
  /** Null: the agent never started (startError says why) or its record is unusable (the caller ends it). */
  identity: AgentIdentity | null;
  startError?: string;
  /** Where the follower starts; null: the beginning of the log. */
  cursor: LogCursor | null;
  pssCache: PssCache;
  /** Called by detach(): lets go of what ties this process to the agent (the shim's pipe). */
  release?: () => void;
  /**
   * Starts a shim that takes over the agent (paratrack-shim --attach), called when its shim is found gone while
   * its leader runs; absent: no takeover (the end is still learnt from /proc, as interrupted).
   */
  takeOverShim?: (identity: AgentIdentity) => Promise<ShimLaunch>;
};

export type AgentHandle = {
  agent: AgentProcess;
  /** Tells the handle how the leader ended (once; later calls are ignored). */
  leaderEnded(end: LeaderEnd): void;
  /** Learns the end from the exit file and /proc (an adopted agent, or a shim that died). */
  watchExitFile(): void;
};

/** After the leader's exit: how long to wait for the shim to finish reading pipes that descendants still hold. */
const DRAIN_MS = 500;
const LEFTOVER_GRACE_MS = 2_000;
const EXIT_POLL_MS = 250;
/** The shim writes the exit file right after reaping the leader; a live shim that has not after this is stuck. */
const SHIM_RECORD_GRACE_MS = 3_000;
/** How long the follower keeps reading after the exit while the shim still drains the pipes. */
const RETIRE_MS = 10_000;
/** After a takeover that failed (another shim serves the log, say): when to try again. */
const TAKEOVER_RETRY_MS = 5_000;

const DETACHED = "this agent handle was detached: adopt the agent again to control it";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A recorded exit as a LeaderEnd. */
export function leaderEndFromRecord(record: ExitRecord): LeaderEnd {
  return {
    code: record.code,
    signal: record.signal,
    error: record.error ?? null,
    interrupted: record.interrupted === true,
    endedAt: record.endedAt,
  };
}

/** The AgentExit for a LeaderEnd (one sentence for the log and the dashboard). */
export function agentExitOf(end: LeaderEnd): AgentExit {
  const base = { code: end.code, signal: end.signal, ...(end.endedAt ? { endedAt: end.endedAt } : {}) };
  if (end.interrupted) {
    const error = end.error ?? "the agent's end is unknown";
    return { ...base, error, message: `agent interrupted: ${error}`, interrupted: true };
  }
  if (end.error) return { ...base, error: end.error, message: `cannot start: ${end.error}` };
  return { ...base, error: null, message: describeExit(end.code, end.signal) };
}

/**
 * Decides from the exit file and /proc whether the leader has ended: a LeaderEnd, or null while it runs (or the
 * live shim is about to record its end). shimSilentSince: when the leader was first seen gone with the shim alive.
 */
export function probeLeaderEnd(
  identity: AgentIdentity,
  exitPath: string,
  procRoot: string,
  shimSilentSince: { at: number | null },
): LeaderEnd | null {
  const belongs = (record: ExitRecord) =>
    record.pid === undefined ||
    (record.pid === identity.pid && (record.startTicks ?? identity.startTicks) === identity.startTicks);
  const read = readExitFile(exitPath);
  if (read.kind === "recorded" && belongs(read.record)) return leaderEndFromRecord(read.record);
  const leader = checkSameProcess(
    { pid: identity.pid, startTicks: identity.startTicks, pgid: identity.pgid, sid: identity.sid },
    procRoot,
  );
  if (leader.same) return null;
  const shim = checkSameProcess({ pid: identity.shimPid, startTicks: identity.shimStartTicks }, procRoot);
  if (shim.same) {
    shimSilentSince.at ??= Date.now();
    if (Date.now() - shimSilentSince.at < SHIM_RECORD_GRACE_MS) return null;
  }
  // The shim is gone (or stuck): whatever the exit file holds now is all there will be, or else what the agent's
  // keeper recorded (a shim killed while the agent ran records nothing).
  const last = readExitFile(exitPath);
  if (last.kind === "missing") {
    const kept = readExitFile(keeperRecordPathFor(exitPath));
    if (kept.kind === "recorded" && belongs(kept.record)) return leaderEndFromRecord(kept.record);
  }
  const interrupted = (error: string): LeaderEnd => ({
    code: null,
    signal: null,
    error,
    interrupted: true,
    endedAt: null,
  });
  switch (last.kind) {
    case "recorded":
      if (belongs(last.record)) return leaderEndFromRecord(last.record);
      return interrupted(
        `exit file ${exitPath} belongs to another process (pid ${last.record.pid}); ${leader.reason}`,
      );
    case "corrupt":
      return interrupted(`${last.reason}; ${leader.reason}`);
    case "missing":
      return interrupted(
        shim.same
          ? `${leader.reason}, and paratrack-shim (pid ${identity.shimPid}) recorded no exit status`
          : `process gone and no exit status recorded (${leader.reason})`,
      );
  }
}

/**
 * The log's exit note is written when the end is read: for an agent that ended while no server ran (or before its
 * exit was read), that is later than the end itself, so the note also says when it ended.
 */
function endedEarlier(exit: AgentExit, now = Date.now()): string {
  const endedAt = exit.endedAt ? Date.parse(exit.endedAt) : Number.NaN;
  if (!Number.isFinite(endedAt) || now - endedAt < NOTE_LATE_MS) return "";
  return ` (it ended at ${new Date(endedAt).toISOString()})`;
}

/** An exit read this much after it happened is noted with its own time. */
const NOTE_LATE_MS = 3000;

/** Builds the handle; the caller reports the leader's end (leaderEnded) or asks it to watch (watchExitFile). */
export function createAgentHandle(setup: AgentHandleSetup): AgentHandle {
  const { identity, logPath } = setup;
  // The identity with the shim that serves the agent now (another one after a takeover).
  let current = identity;
  const releases = setup.release ? [setup.release] : [];
  const procRoot = setup.procRoot ?? "/proc";
  const note = (text: string) => appendLogNote(logPath, `[paratrack] ${text}`);
  const notice = (text: string) => {
    try {
      setup.onLogNotice?.(text);
    } catch {}
  };

  let resolveExited!: (exit: AgentExit) => void;
  const exited = new Promise<AgentExit>((resolve) => {
    resolveExited = resolve;
  });
  let finalExit: AgentExit | null = null;
  let leaderExit: LeaderEnd | null = null;
  let resolveLeaderGone!: () => void;
  const leaderGone = new Promise<void>((resolve) => {
    resolveLeaderGone = resolve;
  });
  let stopping: Promise<StopResult> | null = null;
  let signalQueue: Promise<unknown> = Promise.resolve();
  let watching = false;
  let detached = false;

  const tree = createTreeControl(identity, procRoot, () => leaderExit !== null);
  const shimAlive = () =>
    current !== null &&
    checkSameProcess({ pid: current.shimPid, startTicks: current.shimStartTicks }, procRoot).same;

  const follower: LogFollower | null =
    identity === null
      ? null
      : followLog(logPath, {
          from: setup.cursor,
          onNotice: notice,
          onLine: (entry) => {
            if (entry.stream === "system" || !setup.onLine) return;
            try {
              setup.onLine(entry.text, entry.stream, entry);
            } catch (cause) {
              note(`onLine handler failed: ${cause instanceof Error ? cause.message : String(cause)}`);
            }
          },
        });

  const finish = (exit: AgentExit) => {
    if (finalExit) return;
    finalExit = exit;
    note(exit.message + endedEarlier(exit));
    try {
      setup.onExit?.(exit);
    } catch (cause) {
      note(`onExit handler failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    resolveExited(exit);
  };

  /** Waits up to ms for the shim to exit (it does once the pipes are drained); true when it has. */
  const waitForShim = async (ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (shimAlive()) {
      if (Date.now() >= deadline) return false;
      await sleep(25);
    }
    return true;
  };

  /** After the exit: lines that descendants still write reach onLine until the shim is done; then stop reading. */
  const retireFollower = async () => {
    await waitForShim(RETIRE_MS);
    await follower?.catchUp();
    await follower?.close();
  };

  const reapLeftovers = async () => {
    // Let the drain window pass: a leftover that is just exiting on its own should not be reported.
    await sleep(DRAIN_MS);
    if (stopping) return;
    const leftovers = tree.liveMembers(tree.scan());
    if (leftovers.length === 0) return;
    note(
      `${leftovers.length} process(es) still running after the agent exited (${leftovers.join(", ")}): terminating`,
    );
    const { killed, killedPids } = await tree.terminate(LEFTOVER_GRACE_MS);
    if (killed) note(`SIGKILL sent to ${killedPids.join(", ")} after ${LEFTOVER_GRACE_MS} ms`);
  };

  const leaderEnded = (end: LeaderEnd) => {
    if (leaderExit || detached) return;
    leaderExit = end;
    resolveLeaderGone();
    void (async () => {
      await waitForShim(DRAIN_MS);
      await follower?.catchUp();
      finish(agentExitOf(end));
      await retireFollower();
    })();
    if (identity !== null && setup.reapLeftovers !== false) void reapLeftovers();
  };

  let nextTakeoverAt = 0;
  /** The leader runs but its shim is gone (killed): a new shim takes over its output and records its end. */
  const takeOverIfShimGone = async () => {
    const take = setup.takeOverShim;
    if (!take || current === null || procRoot !== "/proc" || Date.now() < nextTakeoverAt || shimAlive())
      return;
    const gone = current.shimPid;
    const launch = await take(current);
    if (launch.kind === "failed") {
      if (nextTakeoverAt === 0)
        note(`paratrack-shim (pid ${gone}) is gone and none could take over: ${launch.error}`);
      nextTakeoverAt = Date.now() + TAKEOVER_RETRY_MS;
      return;
    }
    const { session } = launch;
    current = {
      ...current,
      shimPid: session.identity.shimPid,
      shimStartTicks: session.identity.shimStartTicks,
    };
    releases.push(session.release);
    if (detached) session.release();
    note(
      `paratrack-shim (pid ${gone}) was gone while the agent ran: paratrack-shim pid ${current.shimPid} took over`,
    );
    notice(`its paratrack-shim (pid ${gone}) was gone; pid ${current.shimPid} took over its output`);
    try {
      setup.onShimReplaced?.(current);
    } catch {}
    void session.exitLine.then((record) => {
      if (record) leaderEnded(leaderEndFromRecord(record));
    });
  };

  const watchExitFile = () => {
    if (watching || current === null) return;
    watching = true;
    const silent = { at: null as number | null };
    void (async () => {
      while (leaderExit === null && !detached && current !== null) {
        const end = probeLeaderEnd(current, setup.exitPath, procRoot, silent);
        if (end) return leaderEnded(end);
        await takeOverIfShimGone();
        await sleep(EXIT_POLL_MS);
      }
    })();
  };

  if (identity === null && setup.startError !== undefined) {
    const error = setup.startError;
    queueMicrotask(() => {
      leaderExit = { code: null, signal: null, error, interrupted: false, endedAt: null };
      resolveLeaderGone();
      finish({ code: null, signal: null, error, message: `cannot start: ${error}` });
    });
  }

  const queueSignal = (signal: "SIGSTOP" | "SIGCONT"): Promise<SignalCheck> => {
    if (detached) return Promise.reject(new Error(DETACHED));
    const run = signalQueue.then(() => tree.verifySignal(signal, () => stopping !== null));
    signalQueue = run.catch(() => undefined);
    return run;
  };

  const stop = (graceMs = 10_000): Promise<StopResult> => {
    if (detached && !stopping) return Promise.reject(new Error(DETACHED));
    stopping ??= (async () => {
      const alreadyExited = leaderExit !== null;
      if (identity === null) return { exit: await exited, killed: false, killedPids: [], alreadyExited };
      note(`stopping: SIGTERM to the process tree, SIGKILL after ${graceMs} ms`);
      const { killed, killedPids } = await tree.terminate(graceMs);
      if (killed) note(`SIGKILL sent to ${killedPids.join(", ")}: still running ${graceMs} ms after SIGTERM`);
      await leaderGone;
      const exit = await exited;
      return { exit, killed, killedPids, alreadyExited };
    })();
    return stopping;
  };

  const agent: AgentProcess = {
    trackKey: setup.trackKey,
    agentName: setup.agentName,
    pid: identity?.pid ?? null,
    pgid: identity?.pgid ?? null,
    get identity() {
      return current;
    },
    logPath,
    exitPath: setup.exitPath,
    cursor: () => follower?.cursor() ?? setup.cursor,
    exited,
    isRunning: () => identity !== null && leaderExit === null,
    treePids: () => tree.liveMembers(tree.scan()),
    treePidsIn: (snapshot) => tree.collect(snapshot),
    measure: () => {
      let pids: number[] = [];
      const snapshot = readProcSnapshot(procRoot, {
        detailPids: (table) => {
          pids = tree.collect(table);
          return pids;
        },
        pss: setup.pss ?? setup.pssCache.source,
      });
      return { ...sumTreeMemory(snapshot, pids), pids };
    },
    pause: () => queueSignal("SIGSTOP"),
    resume: () => queueSignal("SIGCONT"),
    stop,
    detach: async () => {
      detached = true;
      for (const release of releases) release();
      await follower?.close();
      return follower?.cursor() ?? setup.cursor;
    },
  };
  return { agent, leaderEnded, watchExitFile };
}
