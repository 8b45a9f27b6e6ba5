// What a gate left running is ended by its tag: a test that ends on SIGTERM within the grace, one that ignores it
// after the grace (SIGKILL); an untagged process beside them lives on. Real processes.
import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, expect, it } from "vitest";
import { describeEnded, endOrphanedGate, trackGateTag } from "./gate-orphans";
import { GATE_TAG } from "./quality-gate";

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Ended.
    }
  }
});

async function startGroup(script: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn("/bin/sh", ["-c", script], {
    env: { ...process.env, ...env },
    stdio: "ignore",
    detached: true,
  });
  started.push(child);
  await new Promise((resolve) => child.once("spawn", resolve));
  await new Promise((resolve) => setTimeout(resolve, 200)); // the trap is set
  return child;
}

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

it("ends the tagged processes with SIGTERM, SIGKILL for those that ignore it, and leaves the others alone", async () => {
  const id = trackGateTag(`${process.pid}-${Date.now()}`);
  const polite = await startGroup("sleep 30 & wait", { [GATE_TAG]: id });
  const stubborn = await startGroup(`trap "" TERM; while :; do sleep 0.1; done`, { [GATE_TAG]: id });
  const bystander = await startGroup("sleep 30 & wait", { [GATE_TAG]: `${id}-other` });

  const ended = await endOrphanedGate(id, 1_000);
  expect(ended.pids).toContain(polite.pid);
  expect(ended.pids).toContain(stubborn.pid);
  expect(ended.pids).not.toContain(bystander.pid);
  expect(ended.killed).toContain(stubborn.pid);
  expect(ended.killed).not.toContain(polite.pid);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(alive(polite)).toBe(false);
  expect(alive(stubborn)).toBe(false);
  expect(alive(bystander)).toBe(true);
  expect(await endOrphanedGate(id, 1_000)).toEqual({ pids: [], killed: [] });
});

it("says which ended with SIGTERM and which needed SIGKILL", () => {
  expect(describeEnded({ pids: [12, 13], killed: [] })).toBe("pid 12, 13 ended with SIGTERM");
  expect(describeEnded({ pids: [12, 13], killed: [13] })).toBe(
    "pid 12, 13 ended with SIGTERM (13 with SIGKILL after the grace)",
  );
});
