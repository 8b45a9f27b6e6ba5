// Fake parts for the run systems' tests: agents whose memory, output and exit the test controls and whose pauses,
// resumes and stops are recorded; a clock the test moves; a memory monitor whose samples the test makes. With them
// a governor scenario of minutes runs in milliseconds.
import { computeMemorySample } from "../../domain/memory-view";
import type { MemorySample, ZoneThresholds } from "../../domain/types";
import type { AgentExit, AgentLauncher, AgentMeasurer, AgentProcess, SignalCheck } from "../agent-port";
import type { MemoryMonitor } from "../memory-monitor";

export type FakeAgentCall = "pause" | "resume" | "stop" | "detach";

/** An agent process that does nothing by itself: it exits when the test (or a stop) says so. */
export type FakeAgent = AgentProcess & {
  /** Memory of its process tree, as the fake measurer reports it. */
  bytes: number;
  /** When set, stop() fails with it (as a supervisor whose kill is refused would) and the agent lives on. */
  stopError: Error | null;
  readonly calls: FakeAgentCall[];
  /** What the engine launched it with (command, env, model in force …). */
  readonly launchedWith: Parameters<AgentLauncher>[0];
  readonly state: "running" | "stopped" | "exited";
  /** Ends it as if its process exited with `code` (or was killed by `signal`). */
  exit(code: number | null, signal?: NodeJS.Signals | null): void;
  /** A line of its output, as the supervisor would hand it over. */
  say(line: string, stream?: "stdout" | "stderr"): void;
};

let nextPid = 4_000_000;
/** How long after its exit a fake agent's stop() returns (real time, briefly). */
const STOP_RETURNS_AFTER_EXIT_MS = 50;

function createFakeAgent(options: Parameters<AgentLauncher>[0]): FakeAgent {
  const pid = nextPid++;
  const calls: FakeAgentCall[] = [];
  let state: FakeAgent["state"] = "running";
  let resolveExit: (exit: AgentExit) => void = () => undefined;
  const exited = new Promise<AgentExit>((resolve) => {
    resolveExit = resolve;
  });
  let exitValue: AgentExit | null = null;
  let lineKey = 0;

  const exit = (code: number | null, signal: NodeJS.Signals | null = null) => {
    if (exitValue) return;
    state = "exited";
    exitValue = {
      code,
      signal,
      error: null,
      message: signal ? `killed by ${signal}` : `exited with code ${code}`,
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
    pid,
    pgid: pid,
    logPath: options.logPath,
    exitPath: `${options.logPath}.exit.json`,
    identity: { pid, pgid: pid, sid: pid, startTicks: pid, shimPid: pid + 1, shimStartTicks: pid + 1 },
    cursor: () => ({ file: `fake:${pid}`, offset: lineKey, base: 0 }),
    async detach() {
      calls.push("detach");
      return agent.cursor();
    },
    exited,
    bytes: 0,
    stopError: null,
    calls,
    launchedWith: options,
    get state() {
      return state;
    },
    isRunning: () => exitValue === null,
    treePids: () => (exitValue ? [] : [pid]),
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
      // Like the supervisor's, which returns once the tree is gone and its output drained: after `exited`.
      await new Promise((resolve) => setTimeout(resolve, STOP_RETURNS_AFTER_EXIT_MS));
      return { exit: exitValue!, killed: false, killedPids: [], alreadyExited };
    },
    exit,
    say(line, stream = "stdout") {
      // Each line gets the next byte position, as the log follower keys lines in the agent's whole log.
      lineKey += Buffer.byteLength(line) + 1;
      options.onLine?.(line, stream, {
        key: lineKey,
        at: null,
        stream,
        text: line,
        cursor: { file: `fake:${pid}`, offset: lineKey, base: 0 },
      });
    },
  };
  return agent;
}

export type FakeLauncher = {
  launch: AgentLauncher;
  /** Reports each agent's `bytes`, like one /proc scan. */
  measure: AgentMeasurer;
  /** Every agent launched, oldest first. */
  readonly agents: FakeAgent[];
  /** The newest agent of a track (its current attempt's, for one-agent tracks). */
  latest(trackKey: string): FakeAgent;
};

export function createFakeLauncher(): FakeLauncher {
  const agents: FakeAgent[] = [];
  return {
    agents,
    async launch(options) {
      const agent = createFakeAgent(options);
      agents.push(agent);
      return agent;
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
};

export function createFakeMonitor(clock: FakeClock, thresholds: ZoneThresholds): FakeMonitor {
  let latest: MemorySample | null = null;
  let budgetBytes: number | null = null;
  let zoneThresholds = thresholds;
  const intervalOverrides: (number | null)[] = [];
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
