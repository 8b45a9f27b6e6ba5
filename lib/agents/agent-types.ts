// The shapes the engine sees of an agent: its process handle, its exit, and the outcome of signals and stops.

import type { AgentSpec } from "../domain/types";
import type { ProcSnapshot, PssSource, TreeMemory } from "../monitor/process-tree";
import type { AgentIdentity } from "./identity";
import type { LogCursor, LogEntry } from "./log-follower";

export type OutputStream = "stdout" | "stderr";

export type AgentExit = {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why the agent could not be started or watched (missing workdir, spawn failure, lost); null otherwise. */
  error: string | null;
  /** One sentence, also the last "[paratrack]" line of the log. */
  message: string;
  /** True when the end is not known: the agent vanished without a recorded exit status (see error). */
  interrupted?: boolean;
  /** When the shim recorded the exit (ISO); absent when unknown. */
  endedAt?: string;
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
  /** What to persist to find the agent again after a restart (with logPath, exitPath and cursor()). */
  readonly identity: AgentIdentity | null;
  readonly logPath: string;
  /** Where the shim records the exit status. */
  readonly exitPath: string;
  /** The log follower's position after the last line delivered: persist it with the lines' effects. */
  cursor(): LogCursor | null;
  /** Resolves with the same value onExit receives, after every line written before the exit was delivered. */
  readonly exited: Promise<AgentExit>;
  isRunning(): boolean;
  /** Live members of the tree (zombies excluded); never the shim. */
  treePids(): number[];
  /** The tree's members within a snapshot the caller already read (for measuring many agents in one scan). */
  treePidsIn(snapshot: ProcSnapshot): number[];
  /** Memory of the whole tree: PSS (read asynchronously, estimated between reads) where known, else RSS. */
  measure(): TreeMemory & { pids: number[] };
  pause(): Promise<SignalCheck>;
  resume(): Promise<SignalCheck>;
  stop(graceMs?: number): Promise<StopResult>;
  /**
   * Lets go of the agent without touching it (a server shutting down for an upgrade): stops reading its log and
   * watching its end, and resolves with the cursor to persist. `exited` does not resolve afterwards.
   */
  detach(): Promise<LogCursor | null>;
};

/** What fresh and adopted agents share: callbacks and where /proc and PSS come from. */
export type AgentWatchOptions = {
  /** Every stdout/stderr line of the log, read from the log file (also for lines written while no server ran). */
  onLine?: (line: string, stream: OutputStream, entry: LogEntry) => void;
  /** Called once, after the leader exited and the log was read up to then (or it could not start). */
  onExit?: (exit: AgentExit) => void;
  /** Things worth an event that are not lines: a truncated or rotated-away log, a failing handler. */
  onLogNotice?: (notice: string) => void;
  /** A new shim took over the running agent after its shim was killed: persist this identity (its shim's). */
  onShimReplaced?: (identity: AgentIdentity) => void;
  /** Terminate processes of the tree still running after the leader exits; default true. */
  reapLeftovers?: boolean;
  procRoot?: string;
  /** Where measure() gets PSS; default: the shared cache (asynchronous smaps_rollup reads, estimates between). */
  pss?: PssSource;
};

export type CreateAgentProcessOptions = AgentWatchOptions & {
  trackKey: string;
  agent: AgentSpec;
  workdir: string;
  /** The track's env, added to the server's (which loses PARATRACK_TOKEN and the reserved PARATRACK_* names). */
  env: Record<string, string>;
  logPath: string;
  /** Where the shim records the exit; default <logPath>.exit.json. */
  exitPath?: string;
  /** Cap of the log file before it rotates to <log>.1; default 5 MiB. */
  maxLogBytes?: number;
  /** Paratrack's URL and the model given to the agent (PARATRACK_URL, PARATRACK_MODEL); omitted when null. */
  url?: string | null;
  model?: string | null;
  /** Niceness of the agent, 0 to 19 (lowering it below the server's needs privileges); default: the server's. */
  nice?: number;
  /** Pass the server's PARATRACK_TOKEN on to the agent; default false (give it its own through env instead). */
  inheritToken?: boolean;
  /** Where onLine starts; default: the end of the log as it is before the start (its whole content if new). */
  cursor?: LogCursor | null;
  /** The compiled shim; default native/shim/build/paratrack-shim. */
  shimPath?: string;
};
