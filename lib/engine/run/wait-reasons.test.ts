// Issue 15: dependants' wait reasons stay true (B keeps the run open). A stopped dependency makes them wait for ever; restarting it (or its
// completing) changes that at once, without waiting for another event.
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, settle } from "./harness";

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe("wait reasons", () => {
  it("recomputes a dependant's wait reason when its stopped dependency is restarted, and starts it when it completes", async () => {
    h = await createHarness();
    await h.start(`name: waits
ram:
  budget: 1GB
tracks:
  - key: B
    ram: 100MB
    command: b
  - key: C
    ram: 100MB
    command: c
  - key: D
    ram: 100MB
    dependsOn: [C]
    command: d
`);
    await h.tick();
    expect(h.statuses()).toEqual({ B: "running", C: "running", D: "pending" });

    await h.controller.leadAction("C", "stop");
    await settle();
    expect(h.track("D").waitReason).toMatch(/^waiting forever: .*C/);

    // Restarted: D no longer waits for ever, as soon as the restart has answered.
    await h.controller.leadAction("C", "restart");
    expect(h.track("C").status).toBe("running");
    expect(h.track("D").waitReason ?? "").not.toMatch(/waiting forever/);

    h.launcher.latest("C").exit(0);
    await settle();
    await h.tick();
    expect(h.statuses()).toEqual({ B: "running", C: "completed", D: "running" });
    expect(h.track("D").waitReason).toBeNull();
  });
});
