// The governor loop with fake agents, a fake clock and made-up samples: admission, pausing in Orange, Red past its
// grace period (stop and requeue), recovery after the settle period, and the lead's pause outranking the governor.
import { afterEach, describe, expect, it } from "vitest";
import { startWebhookReceiver } from "../../../test/support/webhook-receiver";
import { createHarness, type Harness, settle, until } from "./harness";

const MB = 1e6;
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

/** A plan with a 1 GB budget (Orange from 75 %, Red from 85 %) and these tracks. */
const plan = (tracks: string) => `name: governor
ram:
  budget: 1GB
  graceSeconds: 3
  settleSeconds: 2
maxConcurrent: 4
tracks:
${tracks}`;

async function started(tracks: string): Promise<Harness> {
  h = await createHarness();
  await h.start(plan(tracks));
  await settle();
  // The sample taken before the run set its budget is not acted on: the first sample with the budget is.
  await h.tick();
  return h;
}

const kinds = (harness: Harness, prefix: string) =>
  harness
    .events()
    .filter((e) => e.kind.startsWith(prefix))
    .map((e) => `${e.kind} ${e.trackKey ?? ""}`.trim());

describe("governor loop", () => {
  it("admits tracks while their estimates fit below the admission line, and the next one when room frees up", async () => {
    const run = await started(`  - key: A
    ram: 300MB
    command: a
  - key: B
    ram: 300MB
    command: b
  - key: C
    ram: 300MB
    command: c
`);
    expect(run.statuses()).toEqual({ A: "running", B: "running", C: "ready" });
    expect(run.track("C").waitReason).toMatch(/headroom below the admission line \(75 %\)/);
    expect(run.controller.governorView().queue.map((q) => q.trackKey)).toEqual(["C"]);

    run.launcher.latest("A").exit(0);
    await settle();
    expect(run.track("A").status).toBe("completed");
    // A's memory is free: the run asks for a sample now rather than at the next interval.
    expect(run.monitor.soonRequests).toBe(1);
    await run.tick();
    expect(run.statuses()).toEqual({ A: "completed", B: "running", C: "running" });
    expect(kinds(run, "governor:start")).toEqual([
      "governor:start A",
      "governor:start B",
      "governor:start C",
    ]);
  });

  it("posts each zone alert to the plan's webhook (the seed's 'alert team to resource pressure'), once per zone entered", async () => {
    const receiver = await startWebhookReceiver();
    try {
      h = await createHarness();
      await h.start(
        plan(`  - key: A
    priority: critical
    ram: 300MB
    command: a
`).replace(
          "maxConcurrent: 4\n",
          `maxConcurrent: 4\nnotify: { webhook: "${receiver.url("/hooks/zones")}" }\n`,
        ),
      );
      await settle();
      await h.tick();
      h.launcher.latest("A").bytes = 650 * MB;
      await h.tick();
      await h.tick();
      h.launcher.latest("A").bytes = 800 * MB;
      await h.tick();
      await until(() => receiver.received.length === 2);
      expect(receiver.received).toMatchObject([
        { event: "zone.alert", zone: "yellow", run: { name: "governor" } },
        {
          event: "zone.alert",
          zone: "orange",
          text: expect.stringMatching(/^Paratrack: run "governor" Orange zone/),
        },
      ]);
      expect(kinds(h, "governor:alert")).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  it("pauses the non-critical track in Orange (SIGSTOP recorded after the decision), and resumes it once Green has held for the settle period", async () => {
    const run = await started(`  - key: A
    priority: critical
    ram: 300MB
    command: a
  - key: B
    ram: 300MB
    command: b
`);
    run.launcher.latest("A").bytes = 400 * MB;
    run.launcher.latest("B").bytes = 400 * MB;
    await run.tick();
    expect(run.monitor.latest()?.zone).toBe("orange");
    expect(run.track("B")).toMatchObject({ status: "paused", pausedBy: "governor" });
    expect(run.track("A").status).toBe("running");
    expect(run.launcher.latest("B").calls).toEqual(["pause"]);
    const events = kinds(run, "");
    expect(events.indexOf("governor:pause B")).toBeLessThan(events.indexOf("track:paused B"));

    // A finishes: 400 MB of 1 GB is Green, but B stays paused until Green has held for settleSeconds (2 s).
    run.launcher.latest("A").exit(0);
    await settle();
    await run.tick();
    expect(run.monitor.latest()?.zone).toBe("green");
    await run.tick();
    expect(run.track("B").status).toBe("paused");
    await run.tick();
    expect(run.track("B")).toMatchObject({ status: "running", pausedBy: null });
    expect(run.launcher.latest("B").calls).toEqual(["pause", "resume"]);
    expect(kinds(run, "governor:")).toContain("governor:resume B");
  });

  it("pauses every non-critical track in Red at once, then stops and requeues one when Red outlasts the grace period", async () => {
    const run = await started(`  - key: A
    ram: 300MB
    command: a
  - key: B
    priority: low
    ram: 300MB
    command: b
`);
    const [a, b] = [run.launcher.latest("A"), run.launcher.latest("B")];
    a.bytes = 450 * MB;
    b.bytes = 450 * MB;
    await run.tick();
    expect(run.monitor.latest()?.zone).toBe("red");
    expect(run.statuses()).toEqual({ A: "paused", B: "paused" });

    // Paused memory stays resident: Red holds. Nothing more happens until 3 s of Red have passed.
    await run.tick();
    await run.tick();
    expect(b.calls).toEqual(["pause"]);
    await run.tick();
    // The victim is the low-priority track: stopped (its memory freed) and queued to start again from the beginning.
    expect(b.calls).toEqual(["pause", "stop"]);
    // The attempt ends once the stop has seen its process tree gone (the fake's stop returns just after the exit).
    await until(() => run.track("B").status === "ready");
    expect(run.track("B")).toMatchObject({ status: "ready", attempts: 1 });
    expect(run.track("B").exitSummary).toMatch(/^requeued: Red zone/);
    expect(run.track("B").exitSummary).toContain("requeueing it to restart from the beginning");
    expect(run.track("A").status).toBe("paused");
    expect(kinds(run, "governor:stop-requeue")).toEqual(["governor:stop-requeue B"]);

    // With B's memory gone the zone falls; after the settle period A is resumed; B starts again once it fits.
    await run.tick();
    expect(run.monitor.latest()?.zone).toBe("green");
    for (let i = 0; i < 6 && run.track("A").status !== "running"; i++) await run.tick();
    expect(run.statuses()).toEqual({ A: "running", B: "ready" });
    a.exit(0);
    await settle();
    await run.tick();
    expect(run.track("B").waitReason).toBe(
      "letting the last resumed track show its use in a fresh sample before admitting more",
    );
    await run.tick();
    expect(run.statuses()).toEqual({ A: "completed", B: "running" });
    expect(run.track("B").attempts).toBe(2);
  });

  it("does not act again on a track whose stop-requeue is still ending (a child of its leader works on)", async () => {
    const run = await started(`  - key: A
    ram: 300MB
    command: a
  - key: B
    priority: low
    ram: 300MB
    command: b
`);
    const [a, b] = [run.launcher.latest("A"), run.launcher.latest("B")];
    let killed!: () => void;
    b.lingers = new Promise<void>((resolve) => {
      killed = resolve;
    });
    a.bytes = 450 * MB;
    b.bytes = 450 * MB;
    for (let i = 0; i < 4; i++) await run.tick();
    expect(b.calls).toEqual(["pause", "stop"]);
    // Its leader has exited, its child still holds the memory: Red goes on, and B is the victim again by rank.
    for (let i = 0; i < 5; i++) await run.tick();
    expect(b.calls).toEqual(["pause", "stop"]);
    expect(run.track("B").status).toBe("paused");
    b.bytes = 0;
    killed();
    await until(() => run.track("B").status === "ready");
    expect(run.track("B").attempts).toBe(1);
  });

  it("keeps a track the lead paused paused: the governor resumes only its own pauses", async () => {
    const run = await started(`  - key: A
    priority: critical
    ram: 300MB
    command: a
  - key: B
    ram: 300MB
    command: b
`);
    run.launcher.latest("A").bytes = 400 * MB;
    run.launcher.latest("B").bytes = 400 * MB;
    await run.tick();
    expect(run.track("B").pausedBy).toBe("governor");

    // The lead takes the pause over; the processes are stopped already, so nothing is signalled again.
    const view = await run.controller.leadAction("B", "pause");
    expect(view).toMatchObject({ status: "paused", pausedBy: "lead", pauseReason: "paused by the lead" });

    run.launcher.latest("A").exit(0);
    await settle();
    for (let i = 0; i < 6; i++) await run.tick();
    expect(run.monitor.latest()?.zone).toBe("green");
    expect(run.track("B")).toMatchObject({ status: "paused", pausedBy: "lead" });
    expect(run.launcher.latest("B").calls).toEqual(["pause"]);
    expect(kinds(run, "governor:resume")).toEqual([]);

    await run.controller.leadAction("B", "resume");
    expect(run.launcher.latest("B").calls).toEqual(["pause", "resume"]);
  });

  it("in manual mode starts ready tracks within the concurrency limit only, whatever the zone", async () => {
    h = await createHarness();
    await h.start(
      plan(`  - key: A
    ram: 900MB
    command: a
  - key: B
    ram: 900MB
    command: b
`).replace("maxConcurrent: 4", "maxConcurrent: 1"),
    );
    await h.controller.setGovernorEnabled(false, "lead");
    await h.tick();
    expect(h.statuses()).toEqual({ A: "running", B: "ready" });
    h.launcher.latest("A").bytes = 950 * MB;
    await h.tick();
    expect(h.monitor.latest()?.zone).toBe("red");
    expect(h.track("A").status).toBe("running");
    expect(kinds(h, "governor:start").length).toBe(1);
    expect(h.events().find((e) => e.kind === "governor:start")?.message).toMatch(/^manual mode/);
  });

  it("in manual mode says a track past the concurrency limit waits for a slot, not for manual mode", async () => {
    h = await createHarness();
    await h.start(
      plan(`  - key: A
    ram: 100MB
    command: a
  - key: B
    ram: 100MB
    command: b
  - key: C
    ram: 280MB
    command: c
`).replace("maxConcurrent: 4", "maxConcurrent: 2"),
    );
    await h.controller.setGovernorEnabled(false, "lead");
    await h.tick();
    expect(h.statuses()).toEqual({ A: "running", B: "running", C: "ready" });
    const waiting = {
      waitsFor: "slot",
      reason: "concurrency limit 2 reached (A and B running); manual mode starts it when a slot frees",
    };
    expect(h.controller.governorView().queue).toEqual([{ trackKey: "C", ...waiting }]);
    expect(h.track("C")).toMatchObject({ waitKind: waiting.waitsFor, waitReason: waiting.reason });
    h.launcher.latest("A").exit(0);
    await settle();
    await h.tick();
    expect(h.statuses()).toEqual({ A: "completed", B: "running", C: "running" });
    expect(h.controller.governorView().queue).toEqual([]);
  });

  it("says what limits concurrency: memory once every track's size is known, else the tier's default, and manual mode's limit", async () => {
    h = await createHarness();
    const tracks = `  - key: A
    ram: 100MB
    command: a
  - key: B
    ram: 100MB
    command: b
`;
    await h.start(plan(tracks).replace("maxConcurrent: 4\n", ""));
    await settle();
    await h.tick();
    // The fake machine has 64 GiB: the 64GB+ tier's default is 4.
    expect(h.controller.governorView()).toMatchObject({
      maxConcurrent: 4,
      concurrency: { limit: null, decidedBy: "memory", tierLimit: 4, tierLabel: "64GB+" },
    });
    await h.controller.setGovernorEnabled(false, "lead");
    await h.tick();
    expect(h.controller.governorView().concurrency).toMatchObject({ limit: 4, decidedBy: "tier" });
    await h.dispose();

    h = await createHarness();
    await h.start(
      plan(`${tracks}  - key: C
    command: c
`).replace("maxConcurrent: 4\n", ""),
    );
    await settle();
    await h.tick();
    expect(h.controller.governorView().concurrency).toMatchObject({ limit: 4, decidedBy: "tier" });
    await h.dispose();

    h = await createHarness();
    await h.start(plan(tracks));
    await settle();
    await h.tick();
    expect(h.controller.governorView().concurrency).toMatchObject({ limit: 4, decidedBy: "plan" });
  });
});
