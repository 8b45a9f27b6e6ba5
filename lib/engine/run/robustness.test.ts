// Failures nobody awaits must not end the engine: a database write that fails is logged and the run goes on; a stop
// the governor started in the background that fails is logged and recorded. An unhandled rejection would fail
// this file (Vitest reports them as errors).
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, settle, until } from "./harness";

const MB = 1e6;
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const plan = `name: robust
ram:
  budget: 1GB
  graceSeconds: 1
tracks:
  - key: A
    ram: 100MB
    command: a
  - key: B
    ram: 100MB
    dependsOn: [A]
    command: b
`;

describe("robustness", () => {
  it("goes on when storing an agent's exit fails once: the track completes and the next one starts", async () => {
    let failures = 0;
    h = await createHarness({
      wrapStore: (store) => ({
        ...store,
        recordAgentEnd: async (...args) => {
          if (failures++ === 0) throw new Error("SQLITE_BUSY: database is locked");
          return store.recordAgentEnd(...args);
        },
      }),
    });
    await h.start(plan);
    await h.tick();
    h.launcher.latest("A").exit(0);
    await settle();
    // B became ready and the governor started it at once.
    expect(h.statuses()).toEqual({ A: "completed", B: "running" });
    h.launcher.latest("B").exit(0);
    await settle();
    expect(h.controller.activeRun()?.finished).toBe(true);
    expect(failures).toBe(2);
    expect(h.logs.find((l) => l.msg.startsWith("database write failed"))?.operation).toBe(
      "store the exit of agent A of A",
    );
    // The track's row was written whole afterwards, so the database agrees with the run.
    expect((await h.db.track.findMany({ orderBy: { position: "asc" } })).map((t) => t.status)).toEqual([
      "completed",
      "completed",
    ]);
  });

  it("logs and records a governor stop that fails in the background, and the run goes on", async () => {
    h = await createHarness();
    await h.start(plan.replace("dependsOn: [A]", "priority: critical"));
    await h.tick();
    const a = h.launcher.latest("A");
    a.stopError = new Error("kill EPERM");
    a.bytes = 900 * MB;
    // Red: A is paused at once; after the grace period the governor stops and requeues it, which fails.
    await h.tick();
    await h.tick();
    await h.tick();
    const harness = h;
    await until(() => harness.events().some((e) => e.kind === "engine:error"));
    const failure = h.events().find((e) => e.kind === "engine:error");
    expect(failure).toMatchObject({ trackKey: "A" });
    expect(failure?.message).toMatch(/^stopping and requeueing track A for the governor failed: kill EPERM/);
    expect(h.logs.some((l) => l.msg.includes("kill EPERM") || l.msg.endsWith("failed"))).toBe(true);
    // The engine is alive and the other track still runs.
    expect(h.track("B").status).toBe("running");
    a.stopError = null;
  });
});
