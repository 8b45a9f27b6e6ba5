// The lead's actions with fake agents: restart answers once the new attempt runs, stop once the agents are gone,
// and refusals the state calls for.
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, settle } from "./harness";

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

async function running(): Promise<Harness> {
  h = await createHarness();
  await h.start(`name: lead
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 100MB
    command: a
  - key: B
    ram: 100MB
    dependsOn: [A]
    command: b
`);
  await h.tick();
  expect(h.statuses()).toEqual({ A: "running", B: "pending" });
  return h;
}

/** Tracks of 100 MB each under maxConcurrent 2 (memory is never what holds them). */
function slotsPlan(keys: readonly string[]): string {
  const tracks = keys.map((key) => `  - key: ${key}\n    ram: 100MB\n    command: ${key.toLowerCase()}\n`);
  return `name: slots\nram:\n  budget: 1GB\nmaxConcurrent: 2\ntracks:\n${tracks.join("")}`;
}

/** The promise's value, or a failure when it has not settled within `ms` (real time). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ]);
}

describe("lead actions", () => {
  it("answers a restart of a running track once the new attempt has started, not when it ends", async () => {
    const run = await running();
    const first = run.launcher.latest("A");
    const view = await within(run.controller.leadAction("A", "restart"), 15_000);
    const second = run.launcher.latest("A");
    expect(second).not.toBe(first);
    expect(first.calls).toEqual(["stop"]);
    expect(second.state).toBe("running");
    expect(view).toMatchObject({ status: "running", attempts: 2 });
    expect(run.controller.agentSlots("A").map((s) => s.attempt)).toEqual([2]);
  });

  it("answers a stop once the agents have exited, and the dependant then waits for ever", async () => {
    const run = await running();
    const view = await run.controller.leadAction("A", "stop");
    expect(view).toMatchObject({ status: "stopped", exitSummary: "stopped: stopped by the lead" });
    expect(run.launcher.latest("A").state).toBe("exited");
    expect(run.track("B").waitReason).toMatch(/^waiting forever: /);
    expect((await run.controller.activeRun())?.finished).toBe(true);
  });

  it("stops a track that has not started without any process, and refuses what the state does not allow", async () => {
    const run = await running();
    await expect(run.controller.leadAction("A", "resume")).rejects.toMatchObject({ status: 409 });
    const view = await run.controller.leadAction("B", "stop");
    expect(view).toMatchObject({ status: "stopped", exitSummary: "stopped by the lead before it started" });
    await expect(run.controller.leadAction("Z", "pause")).rejects.toMatchObject({ status: 404 });
  });

  it("refuses to restart a track of a finished run, with the reason, and the run stays finished", async () => {
    const run = await running();
    run.launcher.latest("A").exit(3);
    await settle();
    expect(run.statuses()).toEqual({ A: "failed", B: "pending" });
    expect(run.controller.activeRun()?.finished).toBe(true);
    const refused = run.controller.leadAction("A", "restart");
    await expect(refused).rejects.toMatchObject({ status: 409 });
    await expect(refused).rejects.toThrow(
      /would reopen a finished run, so start the plan again as a new run/,
    );
    expect(run.controller.activeRun()?.finished).toBe(true);
    expect(run.statuses()).toEqual({ A: "failed", B: "pending" });
    expect(run.launcher.agents).toHaveLength(1);
  });

  it("refuses to resume a track past maxConcurrent, naming the limit, the tracks that hold it and what to do", async () => {
    h = await createHarness();
    await h.start(slotsPlan(["A", "B", "C"]));
    await h.tick();
    await h.tick();
    expect(h.statuses()).toEqual({ A: "running", B: "running", C: "ready" });
    await h.controller.leadAction("B", "pause");
    await h.tick();
    expect(h.statuses()).toEqual({ A: "running", B: "paused", C: "running" });
    const refused = h.controller.leadAction("B", "resume");
    await expect(refused).rejects.toMatchObject({ status: 409 });
    await expect(refused).rejects.toThrow(
      "no free slot: maxConcurrent 2 is reached by A and C; pause one, or resume B when one ends",
    );
    expect(h.statuses()).toEqual({ A: "running", B: "paused", C: "running" });
    expect(h.launcher.latest("B").calls).toEqual(["pause"]);
    // Once a slot frees, the same resume goes through.
    h.launcher.latest("A").exit(0);
    await settle();
    await h.controller.leadAction("B", "resume");
    expect(h.statuses()).toMatchObject({ B: "running", C: "running" });
  });

  it("refuses to restart a finished track past maxConcurrent; a running track restarts in its own slot", async () => {
    h = await createHarness();
    await h.start(slotsPlan(["A", "B", "C", "D"]));
    await h.tick();
    await h.tick();
    expect(h.statuses()).toEqual({ A: "running", B: "running", C: "ready", D: "ready" });
    h.launcher.latest("A").exit(1);
    await settle();
    await h.tick();
    expect(h.statuses()).toEqual({ A: "failed", B: "running", C: "running", D: "ready" });
    const refused = h.controller.leadAction("A", "restart");
    await expect(refused).rejects.toMatchObject({ status: 409 });
    await expect(refused).rejects.toThrow(
      "no free slot: maxConcurrent 2 is reached by B and C; pause one, or restart A when one ends",
    );
    expect(h.statuses()).toEqual({ A: "failed", B: "running", C: "running", D: "ready" });
    expect(h.launcher.agents.filter((agent) => agent.trackKey === "A")).toHaveLength(1);
    await expect(h.controller.leadAction("B", "restart")).resolves.toMatchObject({
      status: "running",
      attempts: 2,
    });
    expect(h.statuses()).toMatchObject({ A: "failed", B: "running", C: "running" });
  });
});
