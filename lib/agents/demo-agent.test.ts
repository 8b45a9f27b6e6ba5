// The synthetic demo agent (demo/agent.mjs), run directly; vitest's include covers lib/, so its test lives here.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseProgressLine } from "../domain/agents/progress-line";
import { createLineSplitter } from "./line-splitter";

const DEMO = path.resolve(__dirname, "..", "..", "demo", "agent.mjs");
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {}
  }
});

type Run = { child: ChildProcess; stdout: string[]; stderr: string[]; exit: Promise<number | null> };

function run(args: string[], cwd?: string): Run {
  const child = spawn(process.execPath, [DEMO, ...args], {
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const outSplitter = createLineSplitter();
  const errSplitter = createLineSplitter();
  child.stdout!.on("data", (chunk: Buffer) => stdout.push(...outSplitter.push(chunk)));
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(...errSplitter.push(chunk)));
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, stdout, stderr, exit };
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat[stat.lastIndexOf(")") + 2] !== "Z";
  } catch {
    return false;
  }
}

async function waitFor(what: string, probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("demo/agent.mjs", () => {
  it("reports progress in valid directives and exits 0 after the duration", async () => {
    const { stdout, exit } = run(["--mb", "8", "--child-mb", "4", "--seconds", "1.5", "--steps", "3"]);
    expect(await exit).toBe(0);
    const directives = stdout.map(parseProgressLine).filter((parsed) => parsed !== null);
    expect(directives.filter((parsed) => parsed.kind === "invalid")).toEqual([]);
    const percents = directives.flatMap((parsed) => (parsed.kind === "progress" ? [parsed.percent] : []));
    expect(percents.at(-1)).toBe(100);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    const kinds = new Set(directives.map((parsed) => parsed.kind));
    expect([...kinds].sort()).toEqual(["done", "next", "progress", "status", "touch"]);
    expect(stdout.some((line) => /^editing src\/demo\//.test(line))).toBe(true);
    expect(stdout.some((line) => /^child \d+: holding 4 MB$/.test(line))).toBe(true);
  }, 15_000);

  it("writes the --out deliverable on success, relative to its working directory", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-demo-"));
    try {
      const { exit } = run(["--mb", "1", "--seconds", "0.3", "--steps", "2", "--out", "out/A.md"], dir);
      expect(await exit).toBe(0);
      expect(readFileSync(path.join(dir, "out", "A.md"), "utf8")).toMatch(
        /^# Track demo: deliverable[\s\S]*- scaffold/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 3 at --fail-at with a critical blocker", async () => {
    const { stdout, stderr, exit } = run(["--mb", "2", "--seconds", "1", "--fail-at", "40"]);
    expect(await exit).toBe(3);
    const failedAt = /^::blocker critical synthetic failure at (\d+)%/.exec(stdout.at(-1) ?? "")?.[1];
    expect(Number(failedAt)).toBeGreaterThanOrEqual(40);
    expect(stdout.some((line) => line === "::progress 100")).toBe(false);
    expect(stderr.join("\n")).toMatch(/synthetic failure/);
  }, 15_000);

  it("its child exits when the agent is killed outright", async () => {
    const { child, stdout } = run(["--mb", "4", "--child-mb", "2", "--seconds", "30", "--steps", "1"]);
    await waitFor("the child", () => stdout.some((line) => line.startsWith("child ")));
    const childPid = Number(/^child (\d+)/.exec(stdout.find((line) => line.startsWith("child "))!)?.[1]);
    expect(isAlive(childPid)).toBe(true);
    process.kill(child.pid!, "SIGKILL"); // the agent alone, not its group
    await waitFor("the child to exit", () => !isAlive(childPid));
  }, 15_000);

  it("rejects bad arguments with exit code 2 and a usage line", async () => {
    const { stderr, exit } = run(["--mb", "lots"]);
    expect(await exit).toBe(2);
    expect(stderr.join("\n")).toMatch(/--mb must be a number[\s\S]*usage:/);
  });
});
