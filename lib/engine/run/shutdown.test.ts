// Shutting down with fake agents: after a run has ended, what an agent left running is ended before shutdown()
// returns (the headless CLI exits right after it); during a run, every agent is stopped and the run ends stopped.
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, settle } from "./harness";

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const plan = `name: leftovers
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 100MB
    command: a
  - key: B
    ram: 100MB
    command: b
`;

describe("shutdown", () => {
  it("ends what an agent left running once the run has ended, before it returns", async () => {
    h = await createHarness();
    await h.start(plan);
    await settle();
    await h.tick();
    const [a, b] = [h.launcher.latest("A"), h.launcher.latest("B")];
    // B's agent exits and leaves a background job behind; A's leaves nothing.
    b.leftovers = true;
    b.exit(0);
    a.exit(0);
    await settle();
    expect(h.controller.activeRun()?.finished).toBe(true);
    expect(b.treePids()).toHaveLength(1);

    await h.controller.shutdown("the CLI is done");
    expect(b.calls).toEqual(["stop"]);
    expect(b.treePids()).toEqual([]);
    expect(a.calls).toEqual([]);
    expect(h.statuses()).toEqual({ A: "completed", B: "completed" });
  });

  it("stops every running agent of a run that goes on, and ends the run stopped", async () => {
    h = await createHarness();
    await h.start(plan);
    await settle();
    await h.tick();
    await h.controller.shutdown("the server shut down");
    expect(h.launcher.latest("A").calls).toEqual(["stop"]);
    expect(h.statuses()).toEqual({ A: "stopped", B: "stopped" });
    expect(h.events().at(-1)).toMatchObject({ kind: "run:ended" });
  });
});
