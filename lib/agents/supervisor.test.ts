// Integration tests with real processes: the demo agent (sh → node → node), signals, logs.
// Memory stays at tens of MB; every process started here is SIGKILLed by process group in afterEach.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseLogLine } from "./log-line";
import { tailLog } from "./logs";
import { shimTakeover } from "./shim-launch";

/** The last n lines of an agent log, text only (each line also carries its time and stream). */
async function tailText(logPath: string, n: number): Promise<string[]> {
  return (await tailLog(logPath, n)).map((raw) => parseLogLine(raw)?.line ?? `unparsable: ${raw}`);
}

import {
  type AgentExit,
  type AgentProcess,
  type CreateAgentProcessOptions,
  createAgentProcess,
  measureAgents,
  type OutputStream,
  settleMeasurements,
} from "./supervisor";

const ROOT = path.resolve(__dirname, "..", "..");
const DEMO = path.join(ROOT, "demo", "agent.mjs");
const NODE = JSON.stringify(process.execPath);
const TEST_TIMEOUT = 15_000;

let dir: string;
const started: AgentProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-supervisor-"));
});

afterEach(async () => {
  for (const agent of started.splice(0)) {
    if (agent.pgid === null) continue;
    for (const signal of ["SIGKILL", "SIGCONT"] as const) {
      try {
        process.kill(-agent.pgid, signal);
      } catch {}
    }
    await Promise.race([agent.exited, sleep(3000)]);
  }
  rmSync(dir, { recursive: true, force: true });
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type Started = {
  agent: AgentProcess;
  lines: Array<{ line: string; stream: OutputStream }>;
  exits: AgentExit[];
  logPath: string;
};

async function start(command: string, overrides: Partial<CreateAgentProcessOptions> = {}): Promise<Started> {
  const lines: Started["lines"] = [];
  const exits: AgentExit[] = [];
  const logPath = path.join(dir, "logs", "agent.log");
  const agent = await createAgentProcess({
    trackKey: "api",
    agent: { name: "coder", command, subAgents: 0 },
    workdir: ROOT,
    env: {},
    logPath,
    onLine: (line, stream) => lines.push({ line, stream }),
    onExit: (exit) => exits.push(exit),
    ...overrides,
  });
  started.push(agent);
  return { agent, lines, exits, logPath };
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

// Independent of lib/monitor: ps for the group's live members (zombies wait for init to reap them, holding
// nothing), then each one's /proc files read directly.
function groupMembers(pgid: number): number[] {
  const out = execFileSync("ps", ["-e", "-o", "pid=,pgid=,stat="], { encoding: "utf8" });
  return out
    .trim()
    .split("\n")
    .map((row) => row.trim().split(/\s+/))
    .filter(([, group, stat]) => Number(group) === pgid && !stat?.startsWith("Z"))
    .map(([pid]) => Number(pid));
}

function stateOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return null;
  }
}

function commOf(pid: number): string {
  return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
}

function independentMemory(pid: number): number {
  const kb = (text: string, field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1]);
  try {
    const pss = kb(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"), "Pss");
    if (Number.isFinite(pss)) return pss * 1024;
  } catch {}
  return (kb(readFileSync(`/proc/${pid}/status`, "utf8"), "VmRSS") || 0) * 1024;
}

function demo(args: string): string {
  return `${NODE} ${JSON.stringify(DEMO)} ${args}`;
}

/** An sh → node → node tree (the trailing `exit` keeps sh from exec-ing node), holding its memory. */
async function startDemoTree(args = "--mb 30 --child-mb 10 --seconds 30 --steps 1"): Promise<Started> {
  const started = await start(`${demo(args)}; exit $?`);
  await waitFor("the child to hold its memory", () =>
    started.lines.some(({ line }) => /^child \d+: holding 10 MB/.test(line)),
  );
  return started;
}

describe("createAgentProcess: the process tree", () => {
  it(
    "runs its keeper → sh → node → node in its own process group and measures it like an independent PSS sum",
    async () => {
      const { agent } = await startDemoTree();
      expect(agent.pgid).toBe(agent.pid);
      const members = groupMembers(agent.pgid!);
      // The leader is the agent's keeper (native/shim/shim-keeper.c), the parent that keeps its exit status.
      expect(members.map(commOf).sort()).toEqual(["node", "node", "paratrack-keep", "sh"]);
      expect(commOf(agent.pid!)).toBe("paratrack-keep");
      expect(agent.treePids()).toEqual([...members].sort((a, b) => a - b));

      agent.measure(); // starts the PSS reads, off the event loop
      await settleMeasurements();
      const measured = agent.measure();
      const independent = members.reduce((sum, pid) => sum + independentMemory(pid), 0);
      expect(measured.pids).toEqual([...members].sort((a, b) => a - b));
      expect(measured.method).toBe("pss");
      expect(Math.abs(measured.bytes - independent) / independent).toBeLessThan(0.1);
      // 30 MB of buffers filled page by page, plus Node's own memory.
      expect(measured.bytes).toBeGreaterThan(30 * 1024 * 1024);
      // Summing RSS counts what the two node processes share twice; PSS does not.
      expect(measured.rssBytes).toBeGreaterThan(measured.bytes);

      const [batch] = measureAgents([agent]);
      expect(batch?.pids).toEqual(measured.pids);
    },
    TEST_TIMEOUT,
  );

  it(
    "pause stops every process of the tree (T) and resume continues them all",
    async () => {
      const { agent } = await startDemoTree();
      const members = groupMembers(agent.pgid!);
      expect(members).toHaveLength(4); // the keeper, sh, node, node

      const paused = await agent.pause();
      expect(paused).toMatchObject({
        signal: "SIGSTOP",
        outcome: "signalled",
        ok: true,
        unchanged: [],
        gone: [],
      });
      expect(paused.pids).toEqual([...members].sort((a, b) => a - b));
      expect(members.map(stateOf)).toEqual(["T", "T", "T", "T"]);

      const resumed = await agent.resume();
      expect(resumed).toMatchObject({ signal: "SIGCONT", outcome: "signalled", ok: true, unchanged: [] });
      const states = members.map(stateOf);
      expect(states.every((state) => state !== null && state !== "T")).toBe(true);
    },
    TEST_TIMEOUT,
  );

  it(
    "pause also reaches a descendant that left the process group",
    async () => {
      // The inner sh starts its own group via setsid; only the parent link ties it to the agent.
      const { agent } = await start("setsid sh -c 'sleep 30; exit 0'; exit $?");
      const inner = await waitFor("the inner shell", () => {
        const members = agent.treePids();
        return members.find(
          (pid) => readFileSync(`/proc/${pid}/stat`, "utf8").split(" ")[4] !== String(agent.pgid),
        );
      });
      expect(inner).toBeDefined();
      const paused = await agent.pause();
      expect(paused.ok).toBe(true);
      expect(stateOf(inner)).toBe("T");
      expect(
        agent
          .treePids()
          .map(stateOf)
          .every((state) => state === "T"),
      ).toBe(true);
      await agent.resume();
      expect(stateOf(inner)).not.toBe("T");
      const stopped = await agent.stop(2000);
      expect(stopped.killed).toBe(false);
      await waitFor("the inner shell to exit", () => stateOf(inner) === null || stateOf(inner) === "Z");
    },
    TEST_TIMEOUT,
  );

  it(
    "a paused demo agent's progress stalls instead of jumping when it resumes",
    async () => {
      const { agent, lines } = await start(demo("--mb 5 --seconds 4 --steps 2"));
      const percents = () =>
        lines
          .map(({ line }) => /^::progress (\d+)/.exec(line)?.[1])
          .filter((p) => p !== undefined)
          .map(Number);
      await waitFor("progress past 10 %", () => percents().some((p) => p >= 10));
      await agent.pause();
      const before = Math.max(...percents());
      await sleep(1500); // 37 % of the run, if the agent counted paused time
      await agent.resume();
      const count = percents().length;
      await waitFor("more progress", () => percents().length > count);
      expect(percents()[count]! - before).toBeLessThan(15);
      await agent.stop(2000);
    },
    TEST_TIMEOUT,
  );
});

describe("createAgentProcess: stopping and exits", () => {
  it(
    "stop() terminates the tree with SIGTERM and reports that no SIGKILL was needed",
    async () => {
      const { agent, exits } = await startDemoTree();
      const members = groupMembers(agent.pgid!);
      const result = await agent.stop(5000);
      expect(result.killed).toBe(false);
      expect(result.alreadyExited).toBe(false);
      expect(exits).toHaveLength(1);
      expect(result.exit).toEqual(exits[0]);
      expect(members.map(stateOf).filter((state) => state !== null && state !== "Z")).toEqual([]);
      expect(agent.isRunning()).toBe(false);
    },
    TEST_TIMEOUT,
  );

  it(
    "stop() of a paused agent continues it so that it can handle SIGTERM",
    async () => {
      const { agent } = await startDemoTree();
      expect((await agent.pause()).ok).toBe(true);
      const result = await agent.stop(5000);
      expect(result.killed).toBe(false);
      expect(groupMembers(agent.pgid!)).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    "an agent that traps SIGTERM is SIGKILLed, child included, after the grace",
    async () => {
      const { agent, lines } = await start(
        `exec ${demo("--mb 10 --child-mb 5 --seconds 30 --steps 1 --ignore-term")}`,
      );
      await waitFor("the child", () => lines.some(({ line }) => /^child \d+: holding 5 MB/.test(line)));
      const members = groupMembers(agent.pgid!);
      expect(members).toHaveLength(3); // the keeper, node, its child

      const began = Date.now();
      const result = await agent.stop(1000);
      expect(Date.now() - began).toBeGreaterThanOrEqual(1000);
      expect(result.killed).toBe(true);
      expect(result.killedPids).toEqual([...members].sort((a, b) => a - b));
      expect(result.exit.signal).toBe("SIGKILL");
      expect(lines.some(({ line }) => line.includes("ignoring SIGTERM"))).toBe(true);
      expect(groupMembers(agent.pgid!)).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    "a crashing agent reports its exit code, in onExit and in the log",
    async () => {
      const { agent, exits, logPath, lines } = await start(demo("--mb 5 --seconds 1 --steps 2 --fail-at 30"));
      const exit = await agent.exited;
      expect(exit).toMatchObject({ code: 3, signal: null, error: null });
      expect(exits).toEqual([exit]);
      expect(lines.some(({ line }) => line.startsWith("::blocker critical"))).toBe(true);
      expect(
        lines.some(({ line, stream }) => stream === "stderr" && line.includes("synthetic failure")),
      ).toBe(true);
      // A slow read of the exit (a loaded machine) adds when it ended.
      expect((await tailText(logPath, 1))[0]).toMatch(
        /^\[paratrack\] agent exited with code 3( \(it ended at \S+\))?$/,
      );
    },
    TEST_TIMEOUT,
  );

  it(
    "a command that does not exist exits 127 with a clear log line",
    async () => {
      const { agent, logPath } = await start("definitely-not-a-command-xyz --go");
      const exit = await agent.exited;
      expect(exit.code).toBe(127);
      expect(exit.message).toMatch(/^command exited 127: command not found/);
      const log = await tailText(logPath, 10);
      expect(log.some((line) => /definitely-not-a-command-xyz: not found/.test(line))).toBe(true);
      expect(log.at(-1)).toMatch(/^\[paratrack\] command exited 127: command not found/);
    },
    TEST_TIMEOUT,
  );

  it("a workdir that does not exist ends in onExit with an error, without a process", async () => {
    const { agent, exits, logPath } = await start("true", { workdir: path.join(dir, "missing") });
    expect(agent.pid).toBeNull();
    const exit = await agent.exited;
    expect(exit.error).toMatch(/workdir .*missing does not exist/);
    expect(exits).toEqual([exit]);
    expect((await tailText(logPath, 1))[0]).toMatch(/^\[paratrack\] cannot start: workdir .* does not exist/);
    expect(agent.measure()).toMatchObject({ bytes: 0, pids: [] });
    expect(await agent.stop()).toMatchObject({ killed: false, alreadyExited: true });
  });

  it("a command or environment value that cannot be passed to a process (a NUL) ends in onExit, never hangs", async () => {
    for (const [command, env] of [
      ["echo a\0b", {}],
      ["true", { X: "a\0b" }],
    ] as const) {
      const { agent, exits } = await start(command, { env });
      expect(agent.pid).toBeNull();
      const exit = await agent.exited;
      expect(exit.error).toMatch(/null bytes/);
      expect(exits).toEqual([exit]);
    }
  });

  it(
    "signals after the agent exited do not throw and say there was nothing to signal",
    async () => {
      const { agent } = await start("echo done");
      await agent.exited;
      await expect(agent.pause()).resolves.toMatchObject({ outcome: "exited", pids: [] });
      await expect(agent.resume()).resolves.toMatchObject({ outcome: "exited", pids: [] });
      await expect(agent.stop(100)).resolves.toMatchObject({ killed: false, alreadyExited: true });
      expect(agent.treePids()).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    "processes left running after the agent exits are terminated",
    async () => {
      const { agent, lines, logPath } = await start("sleep 30 & echo bg=$!");
      const exit = await agent.exited;
      expect(exit.code).toBe(0);
      const background = Number(lines.find(({ line }) => line.startsWith("bg="))?.line.slice(3));
      await waitFor("the background sleep to end", () => {
        const state = stateOf(background);
        return state === null || state === "Z";
      });
      const log = await tailText(logPath, 5);
      expect(log.some((line) => line.includes("still running after the agent exited"))).toBe(true);
    },
    TEST_TIMEOUT,
  );
});

describe("createAgentProcess: environment and logs", () => {
  it(
    "runs in the workdir with the track's env and PARATRACK_* variables",
    async () => {
      const { agent, lines } = await start(
        'pwd; echo "$PARATRACK_TRACK|$PARATRACK_AGENT|$PARATRACK_URL|$PARATRACK_MODEL|$FOO"',
        { workdir: dir, env: { FOO: "bar" }, url: "http://127.0.0.1:3000", model: "qwen2.5-coder:7b" },
      );
      await agent.exited;
      expect(lines.map(({ line }) => line)).toEqual([
        dir,
        "api|coder|http://127.0.0.1:3000|qwen2.5-coder:7b|bar",
      ]);
    },
    TEST_TIMEOUT,
  );

  it(
    "does not pass the server's PARATRACK_TOKEN on (one given for the agent is), and applies nice",
    async () => {
      const saved = process.env.PARATRACK_TOKEN;
      process.env.PARATRACK_TOKEN = "lead-secret";
      try {
        const command = 'echo "token=$PARATRACK_TOKEN"; cut -d" " -f19 /proc/$$/stat';
        const plain = await start(command, { nice: 5 });
        await plain.agent.exited;
        expect(plain.lines.map(({ line }) => line)).toEqual(["token=", "5"]);
        const own = await start(command, { env: { PARATRACK_TOKEN: "report-only" } });
        await own.agent.exited;
        // Without nice the agent keeps the server's niceness.
        const serverNice = readFileSync(`/proc/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ")[16];
        expect(own.lines.map(({ line }) => line)).toEqual(["token=report-only", serverNice]);
      } finally {
        if (saved === undefined) delete process.env.PARATRACK_TOKEN;
        else process.env.PARATRACK_TOKEN = saved;
      }
    },
    TEST_TIMEOUT,
  );

  it("a missing shim or a bad nice ends in exited with a clear message, without a process", async () => {
    const missing = await start("true", { shimPath: path.join(dir, "no-shim") });
    expect(missing.agent.pid).toBeNull();
    expect((await missing.agent.exited).message).toBe(
      `cannot start: paratrack-shim is not built: run npm ci (needs a C compiler) (looked for ${path.join(dir, "no-shim")})`,
    );
    const nice = await start("true", { nice: 25 });
    expect((await nice.agent.exited).error).toBe("nice must be an integer from 0 to 19, not 25");
  });

  it(
    "when the shim is killed the agent lives on: another shim takes over its output and records its end (from its keeper)",
    async () => {
      const go = path.join(dir, "go");
      const end = path.join(dir, "end");
      // Line 1, then (once told) 300 lines at once into a pipe whose shim is dead, then quiet until told to exit.
      const replaced: number[] = [];
      const { agent, lines, exits, logPath } = await start(
        `echo line 1; while [ ! -e ${go} ]; do sleep 0.05; done; i=2; while [ $i -le 300 ]; do echo line $i; i=$((i+1)); done; while [ ! -e ${end} ]; do sleep 0.05; done; exit 3`,
        { onShimReplaced: (identity) => replaced.push(identity.shimPid) },
      );
      await waitFor("line 1", () => lines.length === 1);
      const first = agent.identity!.shimPid;
      process.kill(first, "SIGKILL");
      // Written while no shim reads: without a reader left on its pipe the agent would die of SIGPIPE here.
      writeFileSync(go, "");
      await waitFor("300 lines", () => lines.length === 300);
      expect(agent.isRunning()).toBe(true);
      expect(lines.map(({ line }) => line)).toEqual(Array.from({ length: 300 }, (_, i) => `line ${i + 1}`));
      const second = agent.identity!.shimPid;
      expect(second).not.toBe(first);
      expect(replaced).toEqual([second]);
      expect(readFileSync(`/proc/${second}/cmdline`, "utf8").split("\0")).toContain("--attach");

      // Its end is known although the shim that took over is not its parent: its keeper is.
      writeFileSync(end, "");
      const exit = await agent.exited;
      expect(exit).toMatchObject({ code: 3, signal: null, message: "agent exited with code 3" });
      expect(exit.interrupted).toBeUndefined();
      expect(exits).toEqual([exit]);
      const log = readFileSync(logPath, "utf8");
      expect(log).toContain(
        `[paratrack] paratrack-shim (pid ${first}) was gone while the agent ran: paratrack-shim pid ${second} took over`,
      );
      expect(log).toContain(
        `[paratrack-shim] took over agent pid ${agent.pid} after its shim ended (output: read on)`,
      );
      // The shim that took over removes the lock once it is done (the first one died holding it).
      await waitFor("the lock file to go", () => !existsSync(`${logPath}.lock`));
    },
    TEST_TIMEOUT,
  );

  it(
    "a shim asked to take over an agent another shim still serves, or one that has ended, refuses with the reason",
    async () => {
      const { agent, logPath } = await start("exec sleep 30");
      const identity = agent.identity!;
      const files = { logPath, exitPath: `${logPath}.exit.json`, maxLogBytes: 1 << 20 };
      const busy = await shimTakeover(files)(identity);
      expect(busy).toEqual({
        kind: "failed",
        error: "cannot take over the agent: another paratrack-shim still serves its log",
        record: null,
      });
      process.kill(agent.pid!, "SIGKILL");
      await agent.exited;
      const ended = await shimTakeover(files)(identity);
      expect(ended).toEqual({
        kind: "failed",
        error: "cannot take over the agent: its leader has ended (or its pid is another process's now)",
        record: null,
      });
    },
    TEST_TIMEOUT,
  );

  it(
    "caps the log: rotates to .1, delivers every line once and tails across both files",
    async () => {
      const count = 4000;
      const cap = 200_000; // ~300 kB of output: one rotation
      const { agent, lines, logPath } = await start(
        `${NODE} -e 'for (let i = 0; i < ${count}; i++) console.log("line " + i + " " + "x".repeat(60))'`,
        { maxLogBytes: cap },
      );
      await agent.exited;
      expect(lines.map(({ line }) => line.split(" ")[1])).toEqual(
        Array.from({ length: count }, (_, i) => String(i)),
      );
      // The server's own notes are appended without rotating: the last one may pass the cap by its length.
      expect(statSync(logPath).size).toBeLessThanOrEqual(cap + 200);
      expect(statSync(`${logPath}.1`).size).toBeLessThanOrEqual(cap);
      expect(statSync(`${logPath}.1`).size).toBeGreaterThan(cap - 200);
      const tail = await tailText(logPath, 3);
      expect(tail[0]).toMatch(/^line 3998 /);
      expect(tail[2]).toMatch(/^\[paratrack\] agent exited with code 0( \(it ended at \S+\))?$/);
    },
    TEST_TIMEOUT,
  );
});
