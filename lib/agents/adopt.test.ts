// Agents outlive the server: a throwaway Node process (adopt-fixture.ts) starts them and is killed with SIGKILL;
// then they are adopted from the recorded identity, paused, resumed and stopped. Also what adoption refuses: a
// pid now someone else's, a corrupt or missing exit file.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readProcStat } from "../monitor/process-tree";
import { type AdoptResult, type AgentRecord, adoptAgentProcess } from "./adopt";
import { readExitFile } from "./exit-file";
import type { AgentIdentity } from "./identity";
import type { LogEntry } from "./log-follower";

const FIXTURE = path.join(__dirname, "adopt-fixture.ts");
const TEST_TIMEOUT = 30_000;

let dir: string;
const servers: ChildProcess[] = [];
const groups: number[] = [];
const adopted: AdoptResult[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-adopt-"));
});

afterEach(async () => {
  // Interrupted handles of made-up records are left alone: their recorded group is nobody's.
  for (const result of adopted.splice(0)) {
    if (result.outcome !== "interrupted") await result.agent.stop(1000).catch(() => undefined);
  }
  for (const pgid of groups.splice(0)) {
    for (const signal of ["SIGKILL", "SIGCONT"] as const) {
      try {
        process.kill(-pgid, signal);
      } catch {}
    }
  }
  for (const server of servers.splice(0)) server.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, probe: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function stateOf(pid: number): string | null {
  return readProcStat(pid)?.state ?? null;
}

function isAlive(pid: number): boolean {
  const state = stateOf(pid);
  return state !== null && state !== "Z";
}

/** Starts agents from a separate Node process, returns their records and kills that process with SIGKILL. */
async function startThenKillServer(agents: Array<{ name: string; command: string }>): Promise<AgentRecord[]> {
  const specs = agents.map((agent) => ({
    ...agent,
    logPath: path.join(dir, `${agent.name}.log`),
    workdir: dir,
  }));
  const server = spawn(process.execPath, ["--import", "tsx", FIXTURE, JSON.stringify(specs)], {
    cwd: path.resolve(__dirname, "..", ".."),
    stdio: ["ignore", "pipe", "inherit"],
  });
  servers.push(server);
  let output = "";
  server.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await waitFor("the records", () => output.includes("\n"), 20_000);
  const records = JSON.parse(output.split("\n")[0]!) as AgentRecord[];
  for (const record of records) groups.push(record.identity.pgid);
  server.kill("SIGKILL");
  await new Promise((resolve) => server.once("exit", resolve));
  return records;
}

function adopt(record: AgentRecord, lines: LogEntry[] = []) {
  return adoptAgentProcess(record, { onLine: (_line, _stream, entry) => lines.push(entry) }).then(
    (result) => {
      adopted.push(result);
      return result;
    },
  );
}

describe("adoptAgentProcess after the server was killed", () => {
  it(
    "agents keep running and logging; adopted, they pause, resume and stop, and their exit is known",
    async () => {
      const records = await startThenKillServer([
        { name: "loop", command: "i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.1; done" },
        // Ignores write errors (and SIGPIPE): with a pipe into the server it would have spun on; now there is none.
        { name: "stubborn", command: "trap '' PIPE; while :; do echo tock || true; sleep 0.1; done" },
      ]);
      for (const record of records) {
        expect(isAlive(record.identity.pid)).toBe(true);
        expect(isAlive(record.identity.shimPid)).toBe(true);
      }
      const loop = records[0]!;
      const size = statSync(loop.logPath).size;
      await sleep(600);
      expect(statSync(loop.logPath).size).toBeGreaterThan(size);
      expect(isAlive(loop.identity.pid)).toBe(true);

      const lines: LogEntry[] = [];
      const result = await adopt(loop, lines);
      expect(result.outcome).toBe("live");
      if (result.outcome !== "live") return;
      expect(result.shim).toBe("alive");
      const { agent } = result;
      expect(agent.identity).toEqual(loop.identity);
      // Lines written while no server ran arrive from the recorded cursor (here: the start), in order.
      await waitFor("the lines so far", () => lines.length >= 8);
      expect(lines.slice(0, 3).map((entry) => entry.text)).toEqual(["tick 0", "tick 1", "tick 2"]);

      const members = agent.treePids();
      expect(members).toContain(loop.identity.pid);
      expect(members).not.toContain(loop.identity.shimPid);
      const paused = await agent.pause();
      expect(paused.ok).toBe(true);
      for (const pid of paused.pids) expect(stateOf(pid)).toBe("T");
      expect(stateOf(loop.identity.shimPid)).not.toBe("T");
      const count = lines.length;
      await sleep(500);
      expect(lines.length - count).toBeLessThanOrEqual(1); // a line read just before the stop may still arrive
      const resumed = await agent.resume();
      expect(resumed.ok).toBe(true);
      expect(stateOf(loop.identity.pid)).not.toBe("T");
      await waitFor("new lines", () => lines.length > count + 2);

      expect(agent.measure().bytes).toBeGreaterThan(0);
      const stopped = await agent.stop(3000);
      expect(stopped.killed).toBe(false);
      expect(stopped.exit).toMatchObject({ signal: "SIGTERM", error: null });
      expect(readExitFile(loop.exitPath!)).toMatchObject({ kind: "recorded", record: { signal: "SIGTERM" } });
      await waitFor("the shim to exit", () => !isAlive(loop.identity.shimPid));

      // The second agent kept going too; adopt and stop it as well.
      const stubborn = await adopt(records[1]!);
      expect(stubborn.outcome).toBe("live");
      expect((await stubborn.agent.stop(3000)).exit.signal).toBe("SIGTERM");
    },
    TEST_TIMEOUT,
  );

  it(
    "an agent that exited while no server ran is adopted as ended, with its code and its last lines",
    async () => {
      const [record] = await startThenKillServer([
        { name: "short", command: "echo working; sleep 0.5; echo '::progress 100'; exit 5" },
      ]);
      await waitFor("the exit record", () => readExitFile(record!.exitPath!).kind === "recorded");
      const recorded = readExitFile(record!.exitPath!);
      await sleep(3200); // the next server comes later
      const lines: LogEntry[] = [];
      const result = await adopt(record!, lines);
      expect(result.outcome).toBe("ended");
      if (result.outcome !== "ended") return;
      expect(result.exit).toMatchObject({ code: 5, signal: null, error: null });
      expect(result.exit.message).toBe("agent exited with code 5");
      // The log's exit note, written now, says when the agent ended.
      const endedAt = recorded.kind === "recorded" ? recorded.record.endedAt : undefined;
      expect(endedAt).toBeDefined();
      expect(readFileSync(record!.logPath, "utf8").trimEnd().split("\n").at(-1)).toMatch(
        new RegExp(
          `\\[paratrack\\] agent exited with code 5 \\(it ended at ${endedAt!.replace(/\./g, "\\.")}\\)$`,
        ),
      );
      expect(result.leftovers).toEqual([]);
      expect(lines.map((entry) => entry.text)).toEqual(["working", "::progress 100"]);
      expect(result.agent.isRunning()).toBe(false);
    },
    TEST_TIMEOUT,
  );

  it(
    "reports processes of an ended agent's group still running, and stop() ends them",
    async () => {
      const [record] = await startThenKillServer([
        { name: "leaves", command: "sleep 60 & echo bg=$!; sleep 0.3; exit 4" },
      ]);
      await waitFor("the exit record", () => readExitFile(record!.exitPath!).kind === "recorded");
      const lines: LogEntry[] = [];
      const result = await adopt(record!, lines);
      expect(result.outcome).toBe("ended");
      if (result.outcome !== "ended") return;
      expect(result.exit.code).toBe(4);
      const background = Number(lines.find((entry) => entry.text.startsWith("bg="))?.text.slice(3));
      expect(result.leftovers).toEqual([background]);
      const stopped = await result.agent.stop(2000);
      expect(stopped.alreadyExited).toBe(true);
      expect(isAlive(background)).toBe(false);
    },
    TEST_TIMEOUT,
  );

  it(
    "an agent whose shim was killed too lives on: adopted, another shim takes over, its lines keep coming and its end is known",
    async () => {
      const [record] = await startThenKillServer([
        { name: "loop", command: "i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.05; done" },
      ]);
      process.kill(record!.identity.shimPid, "SIGKILL");
      // Neither server nor shim reads now: the agent writes into its pipe (it holds a reader itself) and lives.
      await sleep(800);
      expect(isAlive(record!.identity.pid)).toBe(true);

      const lines: LogEntry[] = [];
      const replaced: AgentIdentity[] = [];
      const result = await adoptAgentProcess(record!, {
        onLine: (_line, _stream, entry) => lines.push(entry),
        onShimReplaced: (identity) => replaced.push(identity),
      });
      adopted.push(result);
      expect(result).toMatchObject({ outcome: "live", shim: "gone" });
      if (result.outcome !== "live") return;
      await waitFor("another shim", () => replaced.length === 1);
      const { agent } = result;
      expect(agent.identity).toEqual({
        ...record!.identity,
        shimPid: replaced[0]!.shimPid,
        shimStartTicks: replaced[0]!.shimStartTicks,
      });
      expect(isAlive(replaced[0]!.shimPid)).toBe(true);
      // What it wrote while nobody read (≥ 0.8 s at 20 lines a second) and after: in order, each once.
      await waitFor("lines after the takeover", () => lines.length >= 40);
      const ticks = lines.map((entry) => Number(entry.text.split(" ")[1]));
      expect(ticks.slice(0, 3)).toEqual([0, 1, 2]);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]).toBeGreaterThan(ticks[i - 1]!);

      // Its end is known all the same: its keeper (its parent) recorded it, and the new shim published that.
      const { exit } = await agent.stop(1000);
      expect(exit).toMatchObject({ code: null, signal: "SIGTERM" });
      expect(exit.interrupted).toBeUndefined();
      expect(readExitFile(agent.exitPath)).toMatchObject({ kind: "recorded", record: { signal: "SIGTERM" } });
    },
    TEST_TIMEOUT,
  );
});

describe("adoptAgentProcess after the server and the shim were both killed", () => {
  it(
    "an agent that ended while neither watched is adopted as ended, with the status its keeper recorded",
    async () => {
      const go = path.join(dir, "go");
      const [record] = await startThenKillServer([
        { name: "waiter", command: `while [ ! -e ${go} ]; do sleep 0.05; done; exit 4` },
      ]);
      process.kill(record!.identity.shimPid, "SIGKILL");
      writeFileSync(go, "");
      await waitFor("the agent's end", () => !isAlive(record!.identity.pid));
      const exitPath = `${record!.logPath}.exit.json`;
      expect(readExitFile(exitPath).kind).toBe("missing");

      const result = await adopt(record!);
      expect(result).toMatchObject({ outcome: "ended", exit: { code: 4, signal: null } });
    },
    TEST_TIMEOUT,
  );
});

describe("adoptAgentProcess refuses what is not ours", () => {
  function recordFor(identity: AgentIdentity, name = "x"): AgentRecord {
    return { trackKey: "t", agentName: name, identity, logPath: path.join(dir, `${name}.log`), cursor: null };
  }

  it("a recorded pid now held by a process with another start time is not adopted", async () => {
    const stranger = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
    servers.push(stranger);
    const stat = readProcStat(stranger.pid!)!;
    const result = await adopt(
      recordFor({
        pid: stat.pid,
        pgid: stat.pgid,
        sid: stat.sid,
        startTicks: stat.startTicks - 1,
        shimPid: 999_999,
        shimStartTicks: 1,
      }),
    );
    expect(result.outcome).toBe("interrupted");
    if (result.outcome !== "interrupted") return;
    expect(result.reason).toBe(
      `process gone and no exit status recorded (pid ${stat.pid} now belongs to another process (start time differs))`,
    );
    expect(result.leftovers).toEqual([]);
    // Stopping the adopted handle must not touch the stranger.
    await result.agent.stop(500);
    expect(isAlive(stranger.pid!)).toBe(true);
  });

  it("a live unrelated process with the recorded pid and start time but another group is not adopted", async () => {
    const self = readProcStat(process.pid)!;
    const result = await adopt(
      recordFor({
        pid: self.pid,
        pgid: self.pgid + 1,
        sid: self.sid,
        startTicks: self.startTicks,
        shimPid: 999_999,
        shimStartTicks: 1,
      }),
    );
    expect(result.outcome).toBe("interrupted");
    if (result.outcome !== "interrupted") return;
    expect(result.reason).toMatch(new RegExp(`pid ${self.pid} is in process group ${self.pgid}, not`));
  });

  it("a corrupt exit file makes the agent interrupted, with the reason", async () => {
    const record = recordFor({
      pid: 999_998,
      pgid: 999_998,
      sid: 999_998,
      startTicks: 1,
      shimPid: 999_997,
      shimStartTicks: 1,
    });
    writeFileSync(`${record.logPath}.exit.json`, '{"code": "seven"');
    const result = await adopt(record);
    expect(result.outcome).toBe("interrupted");
    if (result.outcome !== "interrupted") return;
    expect(result.reason).toMatch(/exit file .* is corrupt: not JSON/);
    expect((await result.agent.exited).interrupted).toBe(true);
    expect(readFileSync(record.logPath, "utf8")).toMatch(/sys \[paratrack\] agent interrupted: exit file/);
  });

  it("an exit file of the wrong shape, or none, is interrupted too; an invalid record never throws", async () => {
    const record = recordFor({
      pid: 999_998,
      pgid: 999_998,
      sid: 999_998,
      startTicks: 1,
      shimPid: 999_997,
      shimStartTicks: 1,
    });
    writeFileSync(
      `${record.logPath}.exit.json`,
      '{"code": 1, "signal": "SIGNOPE", "endedAt": "2026-01-01T00:00:00Z"}',
    );
    const wrong = await adopt(record);
    expect(wrong.outcome === "interrupted" && wrong.reason).toMatch(/corrupt: signal: not a signal name/);

    rmSync(`${record.logPath}.exit.json`);
    const missing = await adopt(record);
    expect(missing.outcome === "interrupted" && missing.reason).toBe(
      "process gone and no exit status recorded (pid 999998 is gone)",
    );

    const invalid = await adopt({ ...record, identity: { ...record.identity, pid: -3 } });
    expect(invalid.outcome === "interrupted" && invalid.reason).toMatch(
      /the agent's record is invalid \(identity\.pid/,
    );
  });
});
