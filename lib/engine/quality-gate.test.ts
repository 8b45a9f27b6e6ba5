// The quality gate as a real shell process: verdicts, output, and ending it (with what it started) on request.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runQualityGate } from "./quality-gate";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "pt-gate-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Running or sleeping; a zombie waiting for init to reap it counts as ended. */
const isAlive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
};

describe("runQualityGate", () => {
  it("passes on exit 0 and keeps the output", async () => {
    const result = await runQualityGate({ command: "echo ok; echo warn >&2", workdir: dir, env: {} });
    expect(result).toMatchObject({ passed: true, cancelled: false, exitCode: 0 });
    expect(result.output).toContain("ok");
    expect(result.output).toContain("warn");
  });

  it("fails on a non-zero exit, with the code in the summary", async () => {
    const result = await runQualityGate({ command: "exit 3", workdir: dir, env: { X: "1" } });
    expect(result).toMatchObject({ passed: false, cancelled: false, exitCode: 3 });
    expect(result.summary).toMatch(/^exited 3 in/);
  });

  it("fails, never throws, when no process can take its command or environment (a NUL)", async () => {
    for (const [command, env] of [
      ["true\0", {}],
      ["true", { X: "a\0b" }],
    ] as const) {
      const result = await runQualityGate({ command, workdir: dir, env });
      expect(result).toMatchObject({ passed: false, cancelled: false, exitCode: null });
      expect(result.summary).toMatch(/^could not start: .*null bytes/);
    }
  });

  it("on abort ends the shell and what it started, with no verdict", async () => {
    const controller = new AbortController();
    const running = runQualityGate({
      command: "sleep 30 & echo $! > child.pid; wait",
      workdir: dir,
      env: {},
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const childPid = Number(readFileSync(path.join(dir, "child.pid"), "utf8"));
    expect(isAlive(childPid)).toBe(true);
    controller.abort();
    const result = await running;
    expect(result).toMatchObject({ passed: false, cancelled: true });
    expect(result.summary).toMatch(/^cancelled, killed by SIGTERM/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(childPid)).toBe(false);
  });

  it("ends a gate that outlives its timeout", async () => {
    const result = await runQualityGate({ command: "sleep 30", workdir: dir, env: {}, timeoutMs: 200 });
    expect(result).toMatchObject({ passed: false, cancelled: false });
    expect(result.summary).toContain("killed by SIGTERM");
  });
});
