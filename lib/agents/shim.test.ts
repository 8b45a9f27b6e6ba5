// The C shim (native/shim/paratrack-shim.c), run directly with real agents: what it writes to the log, the exit
// record, rotation, and that it stays out of the agent's way (own session, ignores stray signals).

import { type ChildProcess, spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isHeldByStoppedVforkChild, readProcSnapshot, readProcStat } from "../monitor/process-tree";
import { type ExitRecord, readExitFile } from "./exit-file";
import type { AgentIdentity } from "./identity";
import { createLineSplitter } from "./line-splitter";
import { parseLogLine } from "./log-line";
import { locateShim } from "./shim-binary";

const located = locateShim();
if ("error" in located) throw new Error(located.error);
const SHIM = located.path;

let dir: string;
const children: ChildProcess[] = [];
const agentGroups: number[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-shim-"));
});

afterEach(async () => {
  for (const pgid of agentGroups.splice(0)) {
    for (const signal of ["SIGKILL", "SIGCONT"] as const) {
      try {
        process.kill(-pgid, signal);
      } catch {}
    }
  }
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      await Promise.race([new Promise((resolve) => child.once("exit", resolve)), sleep(6000)]);
    }
    try {
      child.kill("SIGKILL");
    } catch {}
  }
  rmSync(dir, { recursive: true, force: true });
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type Run = {
  child: ChildProcess;
  logPath: string;
  exitPath: string;
  started: Promise<AgentIdentity>;
  exitLine: Promise<ExitRecord & { type: string }>;
  closed: Promise<number | null>;
};

function runShim(command: string, args: string[] = []): Run {
  const logPath = path.join(dir, "agent.log");
  const exitPath = path.join(dir, "agent.exit.json");
  const child = spawn(SHIM, ["--log", logPath, "--exit-file", exitPath, ...args, "--", command], {
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const splitter = createLineSplitter();
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  child.stdout!.on("data", (chunk: Buffer) => {
    for (const line of splitter.push(chunk)) lines.push(JSON.parse(line));
    for (const wake of waiters.splice(0)) wake();
  });
  const lineOf = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const look = () => {
        const found = lines.find((line) => line.type === type);
        if (found) return resolve(found);
        if (child.exitCode !== null) return reject(new Error(`the shim exited without a "${type}" line`));
        waiters.push(look);
      };
      look();
    });
  const started = lineOf("started").then((line) => {
    const identity = line as unknown as AgentIdentity;
    agentGroups.push(identity.pgid);
    return identity;
  });
  started.catch(() => {});
  const exitLine = lineOf("exit") as Promise<ExitRecord & { type: string }>;
  exitLine.catch(() => {});
  const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, logPath, exitPath, started, exitLine, closed };
}

function logLines(file: string) {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((raw) => parseLogLine(raw) ?? { at: "", stream: "unparsable", line: raw });
}

/** The pids whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return [...readProcSnapshot("/proc", { detailPids: () => [] }).values()]
    .filter((p) => p.ppid === pid)
    .map((p) => p.pid);
}

function stateOf(pid: number): string | null {
  return readProcStat(pid)?.state ?? null;
}

describe("paratrack-shim", () => {
  it("logs each line with its stream and the time it was read, a last line without newline included", async () => {
    const before = Date.now();
    const run = runShim("echo one; echo two >&2; sleep 0.4; printf 'three\\r\\nfour'");
    expect(await run.closed).toBe(0);
    const lines = logLines(run.logPath);
    expect(lines.map(({ stream, line }) => `${stream} ${line}`)).toEqual([
      "stdout one",
      "stderr two",
      "stdout three",
      "stdout four",
    ]);
    const times = lines.map(({ at }) => Date.parse(at));
    expect(times[0]).toBeGreaterThanOrEqual(before - 5);
    // Stamped when read, not when the file was closed: the sleep separates them.
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(350);
  });

  it("records the exit code atomically in the exit file and on its stdout, and leaves no lock file", async () => {
    const go = path.join(dir, "go");
    const run = runShim(`while [ ! -e ${go} ]; do sleep 0.02; done; exit 7`);
    const identity = await run.started;
    expect(existsSync(`${run.logPath}.lock`)).toBe(true); // held while the shim serves the agent
    writeFileSync(go, "");
    const line = await run.exitLine;
    await run.closed;
    expect(existsSync(`${run.logPath}.lock`)).toBe(false);
    const file = readExitFile(run.exitPath);
    expect(file).toMatchObject({ kind: "recorded", record: { code: 7, signal: null, error: null } });
    expect(line).toMatchObject({ code: 7, signal: null, pid: identity.pid, startTicks: identity.startTicks });
    expect(existsSync(`${run.exitPath}.tmp`)).toBe(false);
  });

  it("records the signal that killed the agent", async () => {
    const run = runShim("echo ready; kill -KILL $$");
    await run.closed;
    expect(readExitFile(run.exitPath)).toMatchObject({
      kind: "recorded",
      record: { code: null, signal: "SIGKILL" },
    });
    expect(logLines(run.logPath).map(({ line }) => line)).toEqual(["ready"]);
  });

  it("rotates the log at the cap; the new file says at which byte of the whole log it starts", async () => {
    const run = runShim(
      'i=0; while [ $i -lt 300 ]; do echo "line $i xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; i=$((i+1)); done',
      ["--max-log-bytes", "4000"],
    );
    await run.closed;
    const rotated = `${run.logPath}.1`;
    expect(statSync(rotated).size).toBeLessThanOrEqual(4000);
    expect(statSync(run.logPath).size).toBeLessThanOrEqual(4000);
    const declared = (file: string) =>
      Number(/this line starts at byte (\d+) of the agent's whole log$/.exec(logLines(file)[0]!.line)?.[1]);
    // Each rotated file starts where the one before it ended.
    expect(declared(run.logPath)).toBe(declared(rotated) + statSync(rotated).size);
    expect(logLines(run.logPath)[0]!.stream).toBe("system");
    const agentLines = [...logLines(rotated), ...logLines(run.logPath)]
      .filter(({ stream }) => stream === "stdout")
      .map(({ line }) => Number(line.split(" ")[1]));
    expect(agentLines.at(-1)).toBe(299);
    // The last two files hold an unbroken run of the latest lines.
    expect(agentLines).toEqual(agentLines.map((_, i) => agentLines[0]! + i));
  });

  it("cuts lines longer than the limit without splitting a UTF-8 character", async () => {
    const run = runShim("printf 'ééééééééééééééééééééé\\n'", ["--max-line-bytes", "16"]);
    await run.closed;
    const parts = logLines(run.logPath).map(({ line }) => line);
    expect(parts.join("")).toBe("é".repeat(21));
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(16);
  });

  it("runs the agent in its own session and group, niced, and is in neither itself", async () => {
    const run = runShim("sleep 30", ["--nice", "7", "--workdir", dir]);
    const identity = await run.started;
    expect(identity.pgid).toBe(identity.pid);
    expect(identity.sid).toBe(identity.pid);
    expect(identity.shimPid).toBe(run.child.pid);
    const agent = readProcStat(identity.pid)!;
    const shim = readProcStat(identity.shimPid)!;
    expect(agent.startTicks).toBe(identity.startTicks);
    expect(shim.startTicks).toBe(identity.shimStartTicks);
    expect(agent.ppid).toBe(identity.shimPid);
    expect(shim.pgid).not.toBe(identity.pgid);
    expect(shim.sid).not.toBe(identity.sid);
    const nice = Number(readFileSync(`/proc/${identity.pid}/stat`, "utf8").split(") ")[1]!.split(" ")[16]);
    expect(nice).toBe(7);
    // The leader is the agent's keeper (its parent, which keeps its exit status), with a command line of its own
    // (no --log: nothing takes it for a shim); the agent is its child, in its group and session.
    const [agentPid] = childrenOf(identity.pid);
    expect(readFileSync(`/proc/${identity.pid}/cmdline`, "utf8").split("\0")).toEqual([
      "paratrack-shim",
      "--keeper",
      String(agentPid),
      "--exit-file",
      run.exitPath,
      "",
    ]);
    expect(readProcStat(agentPid!)).toMatchObject({ pgid: identity.pgid, sid: identity.sid });

    // A stop of the agent's group leaves the shim running.
    process.kill(-identity.pgid, "SIGSTOP");
    // A process in D (disk wait, page-in) stops only on return. And when the stop lands between sh's vfork and
    // sleep's exec, sh stays in D, held by its stopped child, for as long as the pause lasts: paused in effect.
    const paused = () =>
      stateOf(identity.pid) === "T" ||
      isHeldByStoppedVforkChild(identity.pid, readProcSnapshot("/proc", { detailPids: () => [] }));
    const deadline = Date.now() + 15_000;
    while (!paused() && Date.now() < deadline) await sleep(20);
    expect(paused(), `agent state ${stateOf(identity.pid)}`).toBe(true);
    expect(stateOf(identity.shimPid)).not.toBe("T");
    process.kill(-identity.pgid, "SIGCONT");
  });

  it("survives SIGTERM, SIGHUP, SIGINT and SIGPIPE sent to it, and still records the agent's exit", async () => {
    const run = runShim("exec sleep 30");
    const identity = await run.started;
    for (const signal of ["SIGTERM", "SIGHUP", "SIGINT", "SIGPIPE"] as const)
      process.kill(identity.shimPid, signal);
    await sleep(200);
    expect(run.child.exitCode).toBeNull();
    expect(stateOf(identity.pid)).not.toBeNull();
    // Nobody reads its stdout any more: the exit line fails with EPIPE, the exit file is still written.
    run.child.stdout!.destroy();
    // (To the group, as the server sends it: the leader is the agent's keeper, which ignores SIGTERM itself.)
    process.kill(-identity.pgid, "SIGTERM");
    expect(await run.closed).toBe(0);
    expect(readExitFile(run.exitPath)).toMatchObject({ kind: "recorded", record: { signal: "SIGTERM" } });
  });

  it("keeps reading what a descendant writes after the leader exits, until the pipes close", async () => {
    const run = runShim("(sleep 0.4; echo late) & echo early");
    const exit = await run.exitLine;
    expect(exit.code).toBe(0);
    await run.closed;
    expect(logLines(run.logPath).map(({ line }) => line)).toEqual(["early", "late"]);
  });

  it("records why the agent could not start", async () => {
    const run = runShim("true", ["--workdir", path.join(dir, "missing")]);
    expect(await run.closed).toBe(1);
    const file = readExitFile(run.exitPath);
    expect(file.kind === "recorded" && file.record.error).toMatch(/cannot enter workdir .*missing/);
    expect(logLines(run.logPath).at(-1)?.line).toMatch(/cannot start the agent: cannot enter workdir/);
  });

  it("notices a truncation under it and says where the positions continue", async () => {
    const run = runShim("echo first; sleep 0.5; echo second");
    await run.started;
    await sleep(250);
    const size = statSync(run.logPath).size;
    truncateSync(run.logPath, 0);
    await run.closed;
    const lines = logLines(run.logPath);
    expect(lines[0]!.line).toBe(
      `[paratrack] log truncated under the shim (from ${size} to 0 bytes); this line starts at byte ${size} of the agent's whole log`,
    );
    expect(lines[1]!.line).toBe("second");
  });

  it("keeps the agent running and records its exit when the log cannot be written (a full disk)", async () => {
    const exitPath = path.join(dir, "full.exit.json");
    const child = spawn(
      SHIM,
      ["--log", "/dev/full", "--exit-file", exitPath, "--", "echo hi; echo there >&2; exit 3"],
      {
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    children.push(child);
    expect(await new Promise((resolve) => child.on("close", resolve))).toBe(0);
    expect(readExitFile(exitPath)).toMatchObject({ kind: "recorded", record: { code: 3 } });
  });

  it("ends the agent with its keeper: a kill -9 of the leader's pid leaves no agent behind", async () => {
    const run = runShim("exec sleep 30");
    const identity = await run.started;
    const [agentPid] = childrenOf(identity.pid);
    process.kill(identity.pid, "SIGKILL");
    expect((await run.exitLine).signal).toBe("SIGKILL");
    const deadline = Date.now() + 5_000;
    while (stateOf(agentPid!) !== null && Date.now() < deadline) await sleep(20);
    expect(stateOf(agentPid!)).toBeNull();
  });

  it("keeps the agent's exit status through a killed shim: the keeper records it, a shim that takes over publishes it", async () => {
    const go = path.join(dir, "go");
    const run = runShim(`while [ ! -e ${go} ]; do sleep 0.05; done; exit 7`);
    const identity = await run.started;
    run.child.kill("SIGKILL");
    await run.closed;
    const attach = spawn(
      SHIM,
      ["--log", run.logPath, "--exit-file", run.exitPath, "--attach", String(identity.pid)].concat([
        "--attach-start-ticks",
        String(identity.startTicks),
      ]),
      { detached: true, stdio: ["ignore", "pipe", "inherit"] },
    );
    children.push(attach);
    let said = "";
    attach.stdout!.on("data", (chunk: Buffer) => {
      said += chunk.toString();
    });
    while (!said.includes('"type":"started"') && attach.exitCode === null) await sleep(20);
    writeFileSync(go, "");
    expect(await new Promise((resolve) => attach.on("close", resolve))).toBe(0);
    const exitLine = JSON.parse(said.split("\n").find((line) => line.includes('"type":"exit"'))!);
    expect(exitLine).toMatchObject({
      code: 7,
      signal: null,
      pid: identity.pid,
      startTicks: identity.startTicks,
    });
    expect(exitLine.interrupted).toBeUndefined();
    expect(readExitFile(run.exitPath)).toMatchObject({
      kind: "recorded",
      record: { code: 7, pid: identity.pid },
    });
    // Published: the keeper's own record is gone.
    expect(existsSync(`${run.exitPath}.keeper.json`)).toBe(false);
  });

  it("with no shim left, the keeper's record beside the exit file holds the agent's end", async () => {
    const go = path.join(dir, "go");
    const run = runShim(`while [ ! -e ${go} ]; do sleep 0.05; done; exit 5`);
    const identity = await run.started;
    run.child.kill("SIGKILL");
    await run.closed;
    writeFileSync(go, "");
    const kept = `${run.exitPath}.keeper.json`;
    const deadline = Date.now() + 10_000;
    while (!existsSync(kept) && Date.now() < deadline) await sleep(20);
    expect(readExitFile(kept)).toMatchObject({
      kind: "recorded",
      record: { code: 5, signal: null, pid: identity.pid, startTicks: identity.startTicks },
    });
    expect(readExitFile(run.exitPath).kind).toBe("missing");
  });

  it("refuses bad arguments with a usage line", async () => {
    const child = spawn(SHIM, ["--log", path.join(dir, "x.log"), "--nice", "40", "--", "true"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--nice must be an integer from 0 to 19[\s\S]*usage:/);
  });

  it("refuses a takeover (--attach) with a COMMAND or without the leader's start time, and a keeper with more", async () => {
    const files = ["--log", path.join(dir, "x.log"), "--exit-file", path.join(dir, "x.exit")];
    for (const [args, why] of [
      [["--attach", "5", "--attach-start-ticks", "1", "--", "true"], "--attach takes no COMMAND"],
      [["--attach", "5"], "--attach needs --attach-start-ticks"],
      [["--keeper", "5"], "--keeper takes only --exit-file"],
    ] as const) {
      const child = spawn(SHIM, [...files, ...args], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr!.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      expect(await new Promise((resolve) => child.on("close", resolve))).toBe(2);
      expect(stderr).toMatch(new RegExp(`^paratrack-shim: ${why}\n`));
    }
  });
});
