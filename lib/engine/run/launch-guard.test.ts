// A launch is total and never outruns the record: whatever throws while a track's agents start, the attempt ends as
// failed with the reason and the agents it started are ended; while the database is in an outage nothing starts (the
// track waits, ready, saying why) and it starts once the database is back. Real SQLite, real write-behind queue,
// fake agents; the outage is a store whose calls fail as an unreachable server's do.
import { afterEach, describe, expect, it } from "vitest";
import { outageStore, outageWrites } from "./fakes";
import { createHarness, type Harness, settle, until } from "./harness";
import { DATABASE_WAIT_REASON } from "./launch-guard";

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const THREE_AGENTS = `name: launch
ram: { budget: 4GB }
tracks:
  - key: A
    ram: 100MB
    agents:
      - { name: one, command: one }
      - { name: two, command: two }
      - { name: three, command: three }
  - key: B
    ram: 100MB
    dependsOn: [A]
    command: b
`;

describe("a launch that throws", () => {
  it("ends the attempt as failed with the reason, ends the agent that had started, and the run ends", async () => {
    h = await createHarness();
    h.launcher.failLaunch = { at: 2, error: new Error("spawn EAGAIN: no more processes") };
    await h.start(THREE_AGENTS);
    await h.tick();
    await until(() => h!.track("A").status === "failed", 5_000);
    // Only the first agent started, and it was ended the way a stop ends agents (SIGTERM, then SIGKILL).
    expect(h.launcher.agents.map((a) => a.agentName)).toEqual(["one"]);
    const first = h.launcher.agents[0]!;
    expect(first.calls).toEqual(["stop"]);
    expect(first.state).toBe("exited");
    expect(h.track("A").exitSummary).toMatch(/not started: spawn EAGAIN: no more processes/);
    const said = h.events().find((e) => e.kind === "engine:error" && e.trackKey === "A");
    expect(said?.message).toMatch(/launching attempt 1 failed \(spawn EAGAIN.*ending the 1 agent/);
    expect(h.events().some((e) => e.kind === "track:failed" && e.trackKey === "A")).toBe(true);
    // The failure path as for any failed attempt: the dependant can never start, and the run ends.
    await until(() => h!.controller.activeRun()?.finished === true, 5_000);
    expect(h.track("B").waitReason).toMatch(/^waiting forever: dependency A failed/);
    // Every agent row of the attempt has an end: none is left looking alive to the next server.
    const rows = await h.db.agent.findMany({ where: { attempt: 1 } });
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.endedAt !== null)).toBe(true);
  });

  it("fails the track when its only agent's launch throws, and the lead's restart then starts it", async () => {
    h = await createHarness();
    h.launcher.failLaunch = { at: 1, error: new Error("fork failed") };
    await h.start(`name: one
ram: { budget: 1GB }
tracks:
  - key: A
    ram: 100MB
    command: a
  - key: B
    ram: 100MB
    command: b
`);
    await h.tick();
    await settle();
    expect(h.track("A").status).toBe("failed");
    expect(h.track("A").exitSummary).toMatch(/not started: fork failed/);
    expect(h.track("B").status).toBe("running");
    const view = await h.controller.leadAction("A", "restart");
    expect(view).toMatchObject({ status: "running", attempts: 2 });
  });

  it("ends the started agents when the lead's restart launches and throws", async () => {
    h = await createHarness();
    await h.start(THREE_AGENTS);
    await h.tick();
    expect(h.track("A").status).toBe("running");
    h.launcher.failLaunch = { at: h.launcher.launches + 3, error: new Error("third refused") };
    await h.controller.leadAction("A", "restart");
    await until(() => h!.track("A").status === "failed", 5_000);
    const second = h.launcher.agents.slice(3);
    expect(second.map((a) => a.agentName)).toEqual(["one", "two"]);
    expect(second.every((a) => a.state === "exited" && a.calls.includes("stop"))).toBe(true);
    expect(h.track("A")).toMatchObject({ attempts: 2 });
    expect(h.track("A").exitSummary).toMatch(/not started: third refused/);
  });
});

describe("a database outage", () => {
  it("starts nothing while the database is unreachable, says why, and starts when it is back", async () => {
    const state = { down: false, failOn: null as string | null };
    const writes = outageWrites();
    h = await createHarness({ wrapStore: outageStore(state), writes });
    await h.start(`name: outage
ram: { budget: 4GB }
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
    expect(h.track("A").status).toBe("running");
    state.down = true;
    h.launcher.latest("A").exit(0);
    await settle();
    expect(writes.isAvailable()).toBe(false);
    expect(h.track("B").status).toBe("ready");
    const launched = h.launcher.launches;
    for (let i = 0; i < 3; i++) await h.tick();
    expect(h.launcher.launches, "nothing launched during the outage").toBe(launched);
    expect(h.track("B")).toMatchObject({
      status: "ready",
      waitKind: "database",
      waitReason: DATABASE_WAIT_REASON,
    });
    expect(h.controller.governorView().queue).toContainEqual({
      trackKey: "B",
      waitsFor: "database",
      reason: DATABASE_WAIT_REASON,
    });
    // The lead's restart waits the same way.
    const restarted = await h.controller.leadAction("A", "restart");
    expect(restarted).toMatchObject({ status: "ready", waitKind: "database" });
    expect(h.launcher.launches).toBe(launched);

    state.down = false;
    await writes.flush();
    expect(writes.isAvailable()).toBe(true);
    await h.tick();
    expect(h.statuses()).toEqual({ A: "running", B: "running" });
    expect(h.track("B").waitReason).toBeNull();
    expect(h.launcher.launches).toBe(launched + 2);
  });

  it("launches nothing when the outage begins while the attempt is being stored, and starts it when it is back", async () => {
    const state = { down: false, failOn: "createAgent" as string | null };
    const writes = outageWrites();
    h = await createHarness({ wrapStore: outageStore(state), writes });
    await h.start(`name: mid
ram: { budget: 1GB }
tracks:
  - key: A
    ram: 100MB
    command: a
`);
    await h.tick();
    expect(h.launcher.launches).toBe(0);
    expect(h.track("A")).toMatchObject({ status: "ready", waitKind: "database", attempts: 1 });
    expect(h.events().some((e) => e.kind === "track:interrupted" && e.trackKey === "A")).toBe(true);
    await h.tick();
    expect(h.launcher.launches).toBe(0);

    state.down = false;
    state.failOn = null;
    await writes.flush();
    await h.tick();
    expect(h.track("A")).toMatchObject({ status: "running", attempts: 2 });
    expect(h.launcher.launches).toBe(1);
    // The first attempt's agent row was written when the database came back, ended: never taken for a live agent.
    const rows = await h.db.agent.findMany({ orderBy: { attempt: "asc" } });
    expect(rows.map((r) => [r.attempt, r.endedAt !== null])).toEqual([
      [1, true],
      [2, false],
    ]);
  });
});
