// Fake parts for the run systems' tests: agents whose memory, output and exit the test controls and whose pauses,
// resumes and stops are recorded; a clock the test moves; a memory monitor whose samples the test makes. With them
// a governor scenario of minutes runs in milliseconds. A database outage is a store whose calls fail as an unreachable
// server's do, behind the real write-behind queue.

import type { LogEntry } from "../../agents/log-follower";
import { createWriteBehind, type WriteBehind } from "../../db/write-behind";
import { computeMemorySample } from "../../domain/governor/memory-view";
import type { MemorySample, ZoneThresholds } from "../../domain/types";
import type {
  AgentAdopter,
  AgentExit,
  AgentLauncher,
  AgentMeasurer,
  AgentProcess,
  SignalCheck,
} from "../agent-port";
import type { MemoryMonitor } from "../memory-monitor";
import type { RunStore } from "./store";

export type FakeAgentCall = "pause" | "resume" | "stop" | "detach";

/** An agent process that does nothing by itself: it exits when the test (or a stop) says so. */
export type FakeAgent = AgentProcess & {
  /** The command it was started with (the plan's, or its resume command with the session). */
  readonly command: string;
  /** Memory of its process tree, as the fake measurer reports it. */
  bytes: number;
  /** When set, stop() fails with it (as a supervisor whose kill is refused would) and the agent lives on. */
  stopError: Error | null;
  /** When set, stop() returns only once it settles: its leader exited, but a child works on until the SIGKILL. */
  lingers: Promise<void> | null;
  /** Processes it leaves running after its exit (a background job), until stop() ends them. */
  leftovers: boolean;
  readonly calls: FakeAgentCall[];
  /** What the engine launched it with (command, env, model in force …). */
  readonly launchedWith: Parameters<AgentLauncher>[0];
  readonly state: "running" | "stopped" | "exited";
  /** Ends it as if its process exited with `code` (or was killed by `signal`), at `endedAt` (epoch ms) if given. */
  exit(code: number | null, signal?: NodeJS.Signals | null, endedAt?: number): void;
  /** The server watching it died (kill -9): its handlers hear nothing more. */
  forgetWatchers(): void;
  /** Delivers the lines of its log after `offset` (what a follower from a stored position reads). */
  readLogFrom(offset: number, onLine: Parameters<AgentLauncher>[0]["onLine"]): void;
  /** Sends its lines (and its shim's takeovers) to the next server, which adopted it by `record`. */
  rewire(
    onLine: Parameters<AgentLauncher>[0]["onLine"],
    record: Parameters<AgentAdopter>[0],
    watch: Pick<Parameters<AgentLauncher>[0], "onShimReplaced" | "onLogNotice">,
  ): void;
  /** A line of its output, as the supervisor would hand it over. */
  /** Writes a line to its log; `at` (epoch ms): when the shim read it (absent: the line has no time). */
  say(line: string, stream?: "stdout" | "stderr", at?: number): void;
  /** Its shim was killed and another took over (a new shim pid), as the supervisor reports it. */
  replaceShim(): void;
  /** A note on its log (truncated, rotated away, a shim that took over), as the supervisor reports it. */
  notice(text: string): void;
  /** The record the last adoption found it by (after a restart). */
  readonly adoptedBy: Parameters<AgentAdopter>[0] | null;
};

let nextPid = 4_000_000;

function createFakeAgent(options: Parameters<AgentLauncher>[0]): FakeAgent {
  const pid = nextPid++;
  // Like a real agent's log, its lines reach whichever server follows it now (after a restart: the new one).
  let onLine: OnLine = options.onLine;
  let onShimReplaced = options.onShimReplaced;
  let onLogNotice = options.onLogNotice;
  let identity = { pid, pgid: pid, sid: pid, startTicks: pid, shimPid: pid + 1, shimStartTicks: pid + 1 };
  let adoptedBy: FakeAgent["adoptedBy"] = null;
  const calls: FakeAgentCall[] = [];
  let state: FakeAgent["state"] = "running";
  let resolveExit: (exit: AgentExit) => void = () => undefined;
  const watchable = () =>
    new Promise<AgentExit>((resolve) => {
      resolveExit = resolve;
    });
  let exited = watchable();
  let exitValue: AgentExit | null = null;
  let lineKey = 0;
  const log: (LogEntry & { stream: "stdout" | "stderr" })[] = [];

  const exit = (code: number | null, signal: NodeJS.Signals | null = null, endedAt?: number) => {
    if (exitValue) return;
    state = "exited";
    exitValue = {
      code,
      signal,
      error: null,
      message: signal ? `killed by ${signal}` : `exited with code ${code}`,
      ...(endedAt === undefined ? {} : { endedAt: new Date(endedAt).toISOString() }),
    };
    resolveExit(exitValue);
  };

  const signalCheck = (signal: "SIGSTOP" | "SIGCONT"): SignalCheck =>
    exitValue
      ? { signal, outcome: "exited", pids: [], gone: [pid], unchanged: [], errors: [], ok: true }
      : { signal, outcome: "signalled", pids: [pid], gone: [], unchanged: [], errors: [], ok: true };

  const agent: FakeAgent = {
    trackKey: options.trackKey,
    agentName: options.agent.name,
    command: options.agent.command,
    pid,
    pgid: pid,
    logPath: options.logPath,
    exitPath: `${options.logPath}.exit.json`,
    get identity() {
      return identity;
    },
    get adoptedBy() {
      return adoptedBy;
    },
    cursor: () => ({ file: `fake:${pid}`, offset: lineKey, base: 0 }),
    async detach() {
      calls.push("detach");
      return agent.cursor();
    },
    get exited() {
      return exited;
    },
    forgetWatchers() {
      // The server that watched it is gone: whatever it awaited never arrives; a new server watches anew.
      if (!exitValue) exited = watchable();
      onLine = undefined;
      onShimReplaced = undefined;
      onLogNotice = undefined;
    },
    bytes: 0,
    stopError: null,
    lingers: null,
    leftovers: false,
    calls,
    launchedWith: options,
    get state() {
      return state;
    },
    isRunning: () => exitValue === null,
    treePids: () => (exitValue && !agent.leftovers ? [] : [pid]),
    treePidsIn: () => (exitValue ? [] : [pid]),
    measure: () => ({ bytes: agent.bytes, rssBytes: agent.bytes, method: "pss", processes: 1, pids: [pid] }),
    async pause() {
      calls.push("pause");
      if (!exitValue) state = "stopped";
      return signalCheck("SIGSTOP");
    },
    async resume() {
      calls.push("resume");
      if (!exitValue) state = "running";
      return signalCheck("SIGCONT");
    },
    async stop() {
      calls.push("stop");
      if (agent.stopError) throw agent.stopError;
      const alreadyExited = exitValue !== null;
      exit(null, "SIGTERM");
      agent.leftovers = false;
      // Like the supervisor's, which returns once the tree is gone and its output drained: after `exited` (a turn
      // of the event loop later, so a harness tick's settle() sees the attempt end that waits for it), or once
      // `lingers` settles (a child of the leader that ignores SIGTERM, until its SIGKILL).
      await new Promise((resolve) => setImmediate(resolve));
      await agent.lingers;
      return { exit: exitValue!, killed: false, killedPids: [], alreadyExited };
    },
    exit,
    rewire(next: OnLine, record, watch) {
      onLine = next;
      onShimReplaced = watch.onShimReplaced;
      onLogNotice = watch.onLogNotice;
      adoptedBy = record;
    },
    replaceShim() {
      identity = { ...identity, shimPid: identity.shimPid + 1, shimStartTicks: identity.shimStartTicks + 1 };
      onShimReplaced?.(identity);
    },
    notice(text) {
      onLogNotice?.(text);
    },
    say(line, stream = "stdout", at) {
      // Each line gets the next byte position, as the log follower keys lines in the agent's whole log; the log
      // is kept, so a new server reads it again from its stored position.
      lineKey += Buffer.byteLength(line) + 1;
      const entry = {
        key: lineKey,
        at: at === undefined ? null : new Date(at).toISOString(),
        stream,
        text: line,
        cursor: { file: `fake:${pid}`, offset: lineKey, base: 0 },
      };
      log.push(entry);
      onLine?.(line, stream, entry);
    },
    readLogFrom(offset, next) {
      for (const entry of log) if (entry.key > offset) next?.(entry.text, entry.stream, entry);
    },
  };
  return agent;
}

type OnLine = Parameters<AgentLauncher>[0]["onLine"];

export type FakeLauncher = {
  launch: AgentLauncher;
  /** Finds a launched fake agent again by its recorded pid, as lib/agents' adoption does after a restart. */
  adopt: AgentAdopter;
  /** Reports each agent's `bytes`, like one /proc scan. */
  measure: AgentMeasurer;
  /** Every agent launched, oldest first. */
  readonly agents: FakeAgent[];
  /** The server died: every agent keeps running, but no handler of the old server hears of it again. */
  crash(): void;
  /** The newest agent of a track (its current attempt's, for one-agent tracks). */
  latest(trackKey: string): FakeAgent;
  /** When set, the launch with this number (1 = the first of the test) throws this error instead of starting. */
  failLaunch: { at: number; error: Error } | null;
  /** Launches asked for so far, failed ones included. */
  readonly launches: number;
};

export function createFakeLauncher(): FakeLauncher {
  const agents: FakeAgent[] = [];
  let launches = 0;
  const launcher: FakeLauncher = {
    agents,
    failLaunch: null,
    get launches() {
      return launches;
    },
    async launch(options) {
      launches += 1;
      if (launcher.failLaunch?.at === launches) throw launcher.failLaunch.error;
      const agent = createFakeAgent(options);
      agents.push(agent);
      return agent;
    },
    crash() {
      for (const agent of agents) agent.forgetWatchers();
    },
    async adopt(record, options) {
      const agent = agents.find((a) => a.pid === record.identity.pid);
      if (!agent) {
        // Gone without an exit record, as lib/agents reports a pid that is no longer ours.
        const gone = createFakeAgent({
          trackKey: record.trackKey,
          agent: { name: record.agentName, command: "", subAgents: 0 },
          workdir: "/",
          env: {},
          logPath: record.logPath,
        });
        gone.exit(null);
        return {
          outcome: "interrupted",
          agent: gone,
          reason: `process ${record.identity.pid} vanished without an exit status`,
          leftovers: [],
        };
      }
      // Lines written while no server followed it, from the stored position; then live ones.
      agent.readLogFrom(record.cursor?.offset ?? 0, options.onLine);
      agent.rewire(options.onLine, record, options);
      if (agent.state !== "exited") return { outcome: "live", agent, shim: "alive" };
      return { outcome: "ended", agent, exit: await agent.exited, leftovers: [] };
    },
    measure: (handles) =>
      handles.map((h) => {
        const agent = agents.find((a) => a === h);
        const live = agent !== undefined && agent.state !== "exited";
        return {
          bytes: live ? agent.bytes : 0,
          method: "pss" as const,
          processes: live ? 1 : 0,
          pids: live ? [agent.pid!] : [],
        };
      }),
    latest(trackKey) {
      const agent = agents.filter((a) => a.trackKey === trackKey).at(-1);
      if (!agent) throw new Error(`no agent of track ${trackKey} was launched`);
      return agent;
    },
  };
  return launcher;
}

export type FakeClock = { now: () => number; advance(ms: number): void };

export function createFakeClock(start = Date.parse("2026-01-05T09:00:00.000Z")): FakeClock {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
  };
}

const GIB = 1024 ** 3;

/** A monitor without a loop: the test makes each sample (from the agents' total) and hands it to the run. */
export type FakeMonitor = MemoryMonitor & {
  /** A sample of a 64 GiB machine with half free, with the agents using `agentsBytes` of the budget. */
  sampleFor(agentsBytes: number): MemorySample;
  readonly intervalOverrides: (number | null)[];
  /** How often the run asked for a sample now (the test makes every sample itself). */
  readonly soonRequests: number;
};

export function createFakeMonitor(clock: FakeClock, thresholds: ZoneThresholds): FakeMonitor {
  let latest: MemorySample | null = null;
  let budgetBytes: number | null = null;
  let zoneThresholds = thresholds;
  const intervalOverrides: (number | null)[] = [];
  let soonRequests = 0;
  const monitor: FakeMonitor = {
    start: () => undefined,
    stop: async () => undefined,
    latest: () => latest,
    firstSample: async () => latest ?? monitor.sampleFor(0),
    setIntervalMs: (ms) => {
      intervalOverrides.push(ms);
    },
    thresholds: () => zoneThresholds,
    setThresholds: (t) => {
      zoneThresholds = t;
    },
    setBudget: (bytes) => {
      budgetBytes = bytes;
    },
    budgetBytes: () => budgetBytes,
    intervalOverrides,
    get soonRequests() {
      return soonRequests;
    },
    sampleSoon: () => {
      soonRequests += 1;
    },
    sampleFor(agentsBytes) {
      latest = computeMemorySample({
        at: new Date(clock.now()).toISOString(),
        meminfo: {
          totalBytes: 64 * GIB,
          availableBytes: 32 * GIB,
          swapTotalBytes: 0,
          swapFreeBytes: 0,
        },
        cgroup: null,
        psi: null,
        agentsBytes,
        budgetBytes,
        hardFloorBytes: null,
        thresholds: zoneThresholds,
        previousZone: latest?.zone ?? null,
      });
      return latest;
    },
  };
  return monitor;
}

/** Whether the fake database is down; `failOn`: the one store call that finds it unreachable first. */
export type FakeOutage = { down: boolean; failOn: string | null };

/** Wraps a store so that its calls fail as an unreachable database's do while `state.down` (or on `failOn`). */
export function outageStore(state: FakeOutage) {
  return (store: RunStore): RunStore =>
    new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (state.down || state.failOn === prop) {
            state.down = true; // once one write finds it unreachable, every write does until it is back
            return Promise.reject(new Error("connect ECONNREFUSED (test outage)"));
          }
          return value.apply(target, args);
        };
      },
    });
}

/** The real write-behind queue, retrying fast, that takes the outage store's errors for unreachability. */
export function outageWrites(): WriteBehind {
  return createWriteBehind({
    retryMs: 5,
    maxRetryMs: 20,
    stallMs: Number.POSITIVE_INFINITY,
    isUnreachable: (error) => error instanceof Error && error.message.includes("test outage"),
  });
}
