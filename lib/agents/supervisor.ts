// Starts one agent as a real process tree (/bin/sh -c <command>, leading its own process group), captures its
// output line by line into a capped log, and pauses, resumes, stops and measures the whole tree.
// The tree is: the leader, its descendants by parent pid, every member of its process group, and descendants seen
// earlier that have since been reparented (remembered with their start time, so a recycled pid is not mistaken).

import { type ChildProcess, spawn } from "node:child_process";
import { statSync } from "node:fs";
import type { AgentSpec } from "../domain/types";
import {
  collectTree,
  isDeadState,
  isStoppedState,
  type ProcSnapshot,
  type PssSource,
  readProcSnapshot,
  sumTreeMemory,
  type TreeMemory,
} from "../monitor/process-tree";
import { createPssCache } from "../monitor/pss-cache";
import { withoutServerSecrets } from "../security/secret";
import { createLineSplitter } from "./line-splitter";
import { formatLogLine } from "./log-line";
import { openLogWriter } from "./logs";
import { describeExit, type SendOutcome, sendGroupSignal, sendSignal } from "./signals";

export type OutputStream = "stdout" | "stderr";

export type AgentExit = {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why the agent could not be started or watched (missing workdir, spawn failure); null otherwise. */
  error: string | null;
  /** One sentence, also the last "[paratrack]" line of the log. */
  message: string;
};

export type CreateAgentProcessOptions = {
  trackKey: string;
  agent: AgentSpec;
  workdir: string;
  /** The track's env, added to the server's. */
  env: Record<string, string>;
  logPath: string;
  /** Cap of the log file before it rotates to <log>.1; default 5 MiB. */
  maxLogBytes?: number;
  /** Paratrack's URL and the model given to the agent (PARATRACK_URL, PARATRACK_MODEL); omitted when null. */
  url?: string | null;
  model?: string | null;
  /** Every output line, live. */
  onLine?: (line: string, stream: OutputStream) => void;
  /** Called once, after the leader exited and its output was drained (or it could not start). */
  onExit?: (exit: AgentExit) => void;
  /** Terminate processes of the tree still running after the leader exits; default true. */
  reapLeftovers?: boolean;
  procRoot?: string;
  /** Where measure() gets PSS; default: the shared cache (asynchronous smaps_rollup reads, estimates between). */
  pss?: PssSource;
};

export type SignalCheck = {
  signal: "SIGSTOP" | "SIGCONT";
  /** "exited": nothing of the tree was alive; "stopping": refused because stop() is under way. */
  outcome: "signalled" | "exited" | "stopping";
  /** Tree members that were signalled. */
  pids: number[];
  /** Members that exited before or while being signalled (ESRCH or gone from /proc). */
  gone: number[];
  /** Members still not in the wanted state when verification gave up (~500 ms). */
  unchanged: Array<{ pid: number; state: string }>;
  /** Signals the kernel refused (e.g. EPERM). */
  errors: Array<{ pid: number; code: string }>;
  /** True when every member still alive reached the wanted state. */
  ok: boolean;
};

export type StopResult = {
  exit: AgentExit;
  /** True when something of the tree outlived the grace and got SIGKILL. */
  killed: boolean;
  killedPids: number[];
  /** True when the leader had already exited before stop() was called. */
  alreadyExited: boolean;
};

export type AgentProcess = {
  readonly trackKey: string;
  readonly agentName: string;
  /** Null when the agent could not be started. */
  readonly pid: number | null;
  readonly pgid: number | null;
  readonly logPath: string;
  /** Resolves with the same value onExit receives. */
  readonly exited: Promise<AgentExit>;
  isRunning(): boolean;
  /** Live members of the tree (zombies excluded). */
  treePids(): number[];
  /** The tree's members within a snapshot the caller already read (for measuring many agents in one scan). */
  treePidsIn(snapshot: ProcSnapshot): number[];
  /** Memory of the whole tree: PSS (read asynchronously, estimated between reads) where known, else RSS. */
  measure(): TreeMemory & { pids: number[] };
  pause(): Promise<SignalCheck>;
  resume(): Promise<SignalCheck>;
  stop(graceMs?: number): Promise<StopResult>;
};

const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;
const VERIFY_WINDOW_MS = 500;
const VERIFY_POLL_MS = 20;
const STOP_POLL_MS = 50;
const KILL_WAIT_MS = 5_000;
/** How long to wait after the leader exits for descendants holding its stdout/stderr to close them. */
const DRAIN_MS = 500;
const LEFTOVER_GRACE_MS = 2_000;
const RESERVED_ENV = ["PARATRACK_TRACK", "PARATRACK_AGENT", "PARATRACK_URL", "PARATRACK_MODEL"];

// One cache for every agent, so measure() and measureAgents() share readings.
const sharedPss = createPssCache();

/** Resolves when PSS reads under way have finished: call before a measurement that must not fall back to RSS. */
export function settleMeasurements(): Promise<void> {
  return sharedPss.settle();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function buildEnv(options: CreateAgentProcessOptions): NodeJS.ProcessEnv {
  // The server's token opens every control route; agents report with the run's report-only token instead.
  const env: NodeJS.ProcessEnv = { ...withoutServerSecrets(process.env), ...options.env };
  for (const key of RESERVED_ENV) delete env[key];
  env.PARATRACK_TRACK = options.trackKey;
  env.PARATRACK_AGENT = options.agent.name;
  if (options.url) env.PARATRACK_URL = options.url;
  if (options.model) env.PARATRACK_MODEL = options.model;
  return env;
}

function checkWorkdir(workdir: string): string | null {
  try {
    return statSync(workdir).isDirectory() ? null : `workdir ${workdir} is not a directory`;
  } catch {
    return `workdir ${workdir} does not exist`;
  }
}

/** Starts an agent's command; never throws for a bad command or workdir: those end in onExit with a clear message. */
export function createAgentProcess(options: CreateAgentProcessOptions): AgentProcess {
  const procRoot = options.procRoot ?? "/proc";
  const log = openLogWriter(options.logPath, options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES);
  const note = (text: string) => log.writeLines([formatLogLine(new Date(), "system", `[paratrack] ${text}`)]);

  let resolveExited!: (exit: AgentExit) => void;
  const exited = new Promise<AgentExit>((resolve) => {
    resolveExited = resolve;
  });
  let finalExit: AgentExit | null = null;
  const finish = (exit: AgentExit) => {
    if (finalExit) return;
    finalExit = exit;
    note(exit.message);
    try {
      options.onExit?.(exit);
    } catch (cause) {
      note(`onExit handler failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    resolveExited(exit);
    log.close();
  };

  note(
    `starting agent "${options.agent.name}" of track ${options.trackKey}: /bin/sh -c ${JSON.stringify(options.agent.command)} in ${options.workdir}`,
  );

  const startError = checkWorkdir(options.workdir);
  let child: ChildProcess | null = null;
  if (startError === null) {
    try {
      child = spawn("/bin/sh", ["-c", options.agent.command], {
        cwd: options.workdir,
        env: buildEnv(options),
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (cause) {
      child = null;
      const message = `cannot start: ${cause instanceof Error ? cause.message : String(cause)}`;
      queueMicrotask(() => finish({ code: null, signal: null, error: message, message }));
    }
  } else {
    const message = `cannot start: ${startError}`;
    queueMicrotask(() => finish({ code: null, signal: null, error: message, message }));
  }

  const pid = child?.pid ?? null;
  // detached: the child calls setsid(), so it leads a new session and process group whose id is its pid.
  const pgid = pid;
  let leaderExit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let resolveLeaderGone!: () => void;
  const leaderGone = new Promise<void>((resolve) => {
    resolveLeaderGone = resolve;
  });
  const known = new Map<number, number>(); // pid → start ticks of tree members seen so far
  let stopping: Promise<StopResult> | null = null;
  let signalQueue: Promise<unknown> = Promise.resolve();

  if (child) {
    const streams: Array<[OutputStream, NodeJS.ReadableStream | null]> = [
      ["stdout", child.stdout],
      ["stderr", child.stderr],
    ];
    const splitters = new Map(streams.map(([name]) => [name, createLineSplitter()]));
    const emit = (lines: string[], stream: OutputStream) => {
      if (lines.length === 0) return;
      const at = new Date();
      log.writeLines(lines.map((line) => formatLogLine(at, stream, line)));
      if (!options.onLine) return;
      for (const line of lines) {
        try {
          options.onLine(line, stream);
        } catch (cause) {
          note(`onLine handler failed: ${cause instanceof Error ? cause.message : String(cause)}`);
        }
      }
    };
    for (const [name, stream] of streams) {
      stream?.on("data", (chunk: Buffer) => emit(splitters.get(name)!.push(chunk), name));
      stream?.on("end", () => emit(splitters.get(name)!.end(), name));
    }

    let drainTimer: NodeJS.Timeout | null = null;
    const complete = () => {
      if (!leaderExit || finalExit) return;
      if (drainTimer) clearTimeout(drainTimer);
      for (const [name] of streams) emit(splitters.get(name)!.end(), name);
      const { code, signal } = leaderExit;
      finish({ code, signal, error: null, message: describeExit(code, signal) });
    };

    child.on("error", (cause) => {
      // A spawn failure (no pid) never emits "exit"; other errors (a failed kill) are only noted.
      if (pid === null) {
        // Node names the program even when the workdir is at fault (EACCES on cwd reads "spawn /bin/sh EACCES").
        const message = `cannot start /bin/sh in ${options.workdir}: ${cause.message}`;
        finish({ code: null, signal: null, error: message, message });
      } else {
        note(`process error: ${cause.message}`);
      }
    });
    child.on("exit", (code, signal) => {
      leaderExit = { code, signal };
      resolveLeaderGone();
      drainTimer = setTimeout(complete, DRAIN_MS);
      if (options.reapLeftovers !== false) void reapLeftovers();
    });
    // "close" comes once stdout and stderr are closed; a leftover descendant may hold them past the leader's exit.
    child.on("close", () => {
      complete();
      log.close();
    });
  }

  const groupIsTrusted = (snapshot: ProcSnapshot) =>
    pgid !== null && (leaderExit === null || !snapshot.has(pgid));

  /** The tree within a snapshot, guarding against recycled pids; also remembers members for later. */
  const collect = (snapshot: ProcSnapshot): number[] => {
    if (pid === null) return [];
    // Until Node reaps the leader its pid (and so the group id) cannot be reused. Afterwards a process whose pid
    // equals our group id is a stranger that started its own group with a recycled number.
    const leaderAlive = leaderExit === null;
    const groupIsOurs = groupIsTrusted(snapshot);
    const extra: number[] = [];
    for (const [member, startTicks] of known) {
      if (snapshot.get(member)?.startTicks === startTicks) extra.push(member);
      else known.delete(member);
    }
    const pids = collectTree(snapshot, leaderAlive ? pid : -1, groupIsOurs ? pgid : null, extra);
    for (const member of pids) known.set(member, snapshot.get(member)!.startTicks);
    return pids;
  };
  const scan = () => readProcSnapshot(procRoot, { detailPids: () => [] });
  const liveMembers = (snapshot: ProcSnapshot) =>
    collect(snapshot).filter((member) => !isDeadState(snapshot.get(member)?.state ?? "X"));

  /** Signals the group once and each member outside it; returns the per-pid outcomes. */
  const signalMembers = (snapshot: ProcSnapshot, members: number[], signal: NodeJS.Signals) => {
    const outcomes = new Map<number, SendOutcome>();
    const trusted = groupIsTrusted(snapshot);
    if (trusted) sendGroupSignal(pgid!, signal);
    for (const member of members) {
      const inGroup = trusted && snapshot.get(member)?.pgid === pgid;
      // Members of the group got the group signal; a direct kill tells whether each one still exists.
      outcomes.set(member, sendSignal(member, inGroup ? 0 : signal));
    }
    return outcomes;
  };

  const verifySignal = async (signal: "SIGSTOP" | "SIGCONT"): Promise<SignalCheck> => {
    const isWanted = (state: string) =>
      signal === "SIGSTOP" ? isStoppedState(state) : state !== "T" && state !== "t";
    const check: SignalCheck = {
      signal,
      outcome: "signalled",
      pids: [],
      gone: [],
      unchanged: [],
      errors: [],
      ok: true,
    };
    let snapshot = scan();
    const members = liveMembers(snapshot);
    if (members.length === 0) return { ...check, outcome: "exited" };
    if (stopping && signal === "SIGSTOP") return { ...check, outcome: "stopping", ok: false };
    const gone = new Set<number>();
    const errors = new Map<number, string>();
    const record = (outcomes: Map<number, SendOutcome>) => {
      for (const [member, result] of outcomes) {
        if (result.outcome === "gone") gone.add(member);
        if (result.outcome === "error") errors.set(member, result.code);
      }
    };
    record(signalMembers(snapshot, members, signal));
    const signalled = new Set(members);

    const deadline = Date.now() + VERIFY_WINDOW_MS;
    let pending: Array<{ pid: number; state: string }> = [];
    for (;;) {
      snapshot = scan();
      const current = liveMembers(snapshot);
      for (const member of signalled) if (!current.includes(member)) gone.add(member);
      pending = current
        .filter((member) => !errors.has(member) && !isWanted(snapshot.get(member)!.state))
        .map((member) => ({ pid: member, state: snapshot.get(member)!.state }));
      if (pending.length === 0 || Date.now() >= deadline) break;
      if (stopping && signal === "SIGSTOP") break; // never re-stop what stop() is continuing
      // Re-signal stragglers, including processes forked after the first signal.
      const stragglers = pending.map((entry) => entry.pid);
      for (const member of stragglers) signalled.add(member);
      const outcomes = new Map<number, SendOutcome>();
      for (const member of stragglers) outcomes.set(member, sendSignal(member, signal));
      record(outcomes);
      await sleep(VERIFY_POLL_MS);
    }
    return {
      ...check,
      pids: [...signalled].sort((a, b) => a - b),
      gone: [...gone].sort((a, b) => a - b),
      unchanged: pending,
      errors: [...errors].map(([member, code]) => ({ pid: member, code })),
      ok: pending.length === 0 && errors.size === 0,
    };
  };

  const queueSignal = (signal: "SIGSTOP" | "SIGCONT"): Promise<SignalCheck> => {
    const run = signalQueue.then(() => verifySignal(signal));
    signalQueue = run.catch(() => undefined);
    return run;
  };

  /** Sends a signal to everything of the tree that is alive; returns the pids signalled. */
  const signalTree = (signal: NodeJS.Signals): number[] => {
    const snapshot = scan();
    const members = liveMembers(snapshot);
    if (members.length > 0) signalMembers(snapshot, members, signal);
    return members;
  };

  /** Polls until the leader exited and nothing of the tree is alive, or the time is up; true when all gone. */
  const waitForTreeGone = async (timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (leaderExit !== null && liveMembers(scan()).length === 0) return true;
      if (Date.now() >= deadline) return false;
      await sleep(STOP_POLL_MS);
    }
  };

  const terminate = async (graceMs: number): Promise<{ killed: boolean; killedPids: number[] }> => {
    // SIGTERM first, then SIGCONT so that a paused process runs and can act on the pending SIGTERM.
    signalTree("SIGTERM");
    signalTree("SIGCONT");
    if (await waitForTreeGone(graceMs)) return { killed: false, killedPids: [] };
    const killedPids = new Set<number>();
    const deadline = Date.now() + KILL_WAIT_MS;
    do {
      for (const member of signalTree("SIGKILL")) killedPids.add(member);
    } while (!(await waitForTreeGone(200)) && Date.now() < deadline);
    return { killed: true, killedPids: [...killedPids].sort((a, b) => a - b) };
  };

  const reapLeftovers = async () => {
    // Let the drain window pass: a leftover that is just exiting on its own should not be reported.
    await sleep(DRAIN_MS);
    if (stopping) return;
    const leftovers = liveMembers(scan());
    if (leftovers.length === 0) return;
    note(
      `${leftovers.length} process(es) still running after the agent exited (${leftovers.join(", ")}): terminating`,
    );
    const { killed, killedPids } = await terminate(LEFTOVER_GRACE_MS);
    if (killed) note(`SIGKILL sent to ${killedPids.join(", ")} after ${LEFTOVER_GRACE_MS} ms`);
    log.close();
  };

  const stop = (graceMs = 10_000): Promise<StopResult> => {
    stopping ??= (async () => {
      const alreadyExited = leaderExit !== null || pid === null;
      if (pid === null) return { exit: await exited, killed: false, killedPids: [], alreadyExited };
      note(`stopping: SIGTERM to the process tree, SIGKILL after ${graceMs} ms`);
      const { killed, killedPids } = await terminate(graceMs);
      if (killed) note(`SIGKILL sent to ${killedPids.join(", ")}: still running ${graceMs} ms after SIGTERM`);
      await leaderGone;
      const exit = await exited;
      log.close();
      return { exit, killed, killedPids, alreadyExited };
    })();
    return stopping;
  };

  return {
    trackKey: options.trackKey,
    agentName: options.agent.name,
    pid,
    pgid,
    logPath: options.logPath,
    exited,
    isRunning: () => pid !== null && leaderExit === null,
    treePids: () => liveMembers(scan()),
    treePidsIn: (snapshot) => collect(snapshot),
    measure: () => {
      let pids: number[] = [];
      const snapshot = readProcSnapshot(procRoot, {
        detailPids: (table) => {
          pids = collect(table);
          return pids;
        },
        pss: options.pss ?? sharedPss.source,
      });
      return { ...sumTreeMemory(snapshot, pids), pids };
    },
    pause: () => queueSignal("SIGSTOP"),
    resume: () => queueSignal("SIGCONT"),
    stop,
  };
}

/**
 * Measures many agents from one /proc scan (the engine's per-second sample); results in the order given.
 * Never blocks on smaps_rollup: a process's first sample may be RSS ("mixed"/"rss") until its PSS read lands.
 */
export function measureAgents(
  agents: readonly AgentProcess[],
  procRoot = "/proc",
  pss: PssSource = sharedPss.source,
): Array<TreeMemory & { pids: number[] }> {
  let trees: number[][] = [];
  const snapshot = readProcSnapshot(procRoot, {
    detailPids: (table) => {
      trees = agents.map((agent) => agent.treePidsIn(table));
      return trees.flat();
    },
    pss,
  });
  return trees.map((pids) => ({ ...sumTreeMemory(snapshot, pids), pids }));
}
