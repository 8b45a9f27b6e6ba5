// What the engine feeds growth-aware admission, with fake agents, a fake clock and a real SQLite file: a profile
// learned in one run and used by the next one on the same database, a profile borrowed by a track of the same kind,
// running time without pauses, the requeue history, and why each track waits.
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { loadTrackProfiles } from "../../db/track-profiles";
import { createHarness, type Harness, settle } from "./harness";
import { runningMsOf } from "./running-clock";
import { growthFeed } from "./track-profiles";

const MB = 1e6;
const harnesses: Harness[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.dispose();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function harness(dir?: string): Promise<Harness> {
  const h = await createHarness(dir === undefined ? { keepDir: true } : { dir });
  harnesses.push(h);
  if (dir === undefined) dirs.push(h.dir);
  return h;
}

/** Starts the plan and takes the first sample with the budget (the one before it is not acted on). */
async function start(h: Harness, yaml: string): Promise<void> {
  await h.start(yaml);
  await settle();
  await h.tick();
}

/** A plan of one track A (100 MB, `node a.mjs`) in a 1 GB budget. */
const oneTrackPlan = (name: string) => `name: ${name}
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 100MB
    command: node a.mjs
`;

const startReason = (h: Harness, key: string) =>
  h
    .events()
    .filter((e) => e.kind === "governor:start" && e.trackKey === key)
    .map((e) => e.message);

/**
 * A (600 MB at once, 20 s) and B (100 MB for 40 s, then 600 MB until 60 s), both estimated at 600 MB. With the
 * estimates alone they cannot run together below the line (75 % of 1 GB); with B's learned profile they can: B
 * stays small while A runs.
 */
const GROWTH_PLAN = `name: growth
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 600MB
    command: node big.mjs
  - key: B
    ram: 600MB
    command: node slow.mjs
`;

/**
 * Plays A and B as described above until both have completed. Each agent's memory follows its running time; a
 * sample shows what was set before it, one second of running time later.
 */
async function playGrowth(h: Harness): Promise<void> {
  const run = h.controller.activeRun()!;
  for (let i = 0; i < 200; i++) {
    for (const key of ["A", "B"]) {
      if (h.track(key).status !== "running") continue;
      const ran = runningMsOf(run.tracks.get(key)!.clock, h.clock.now());
      const agent = h.launcher.latest(key);
      if (key === "A") agent.bytes = 600 * MB;
      else agent.bytes = ran < 40_000 ? 100 * MB : 600 * MB;
      if (ran >= (key === "A" ? 20_000 : 60_000)) agent.exit(0);
    }
    await settle();
    if (h.track("A").status === "completed" && h.track("B").status === "completed") return;
    await h.tick();
  }
  throw new Error(`not done: ${JSON.stringify(h.statuses())}`);
}

describe("track profiles", () => {
  it("learns each track's profile in a run, saves it, and the next run on the same database admits by it", async () => {
    const first = await harness();
    await start(first, GROWTH_PLAN);
    expect(first.statuses()).toEqual({ A: "running", B: "ready" });
    expect(first.track("B").waitKind).toBe("memory");
    await playGrowth(first);
    // B started only once A had ended: its estimate was held from its start.
    expect(startReason(first, "B")[0]).not.toMatch(/learned profile/);

    const { profiles } = await loadTrackProfiles(first.db, { planName: "growth", kindKeys: [] });
    const b = profiles.find((p) => p.trackKey === "B")!.profile;
    // It ended at 60 s of running time; the rise made at 40 s, seen at the sample after, is placed after the one before.
    expect(b).toMatchObject({ source: "learned", runs: 1, peakBytes: 600 * MB, durationMs: 60_000 });
    expect(b.timeToPeakMs).toBe(40_000);
    expect(profiles.find((p) => p.trackKey === "A")).toMatchObject({ kindKey: "node big.mjs" });
    await first.controller.shutdown("first process over");

    // The next server process on the same database: B starts beside A at once.
    const second = await harness(first.dir);
    await start(second, GROWTH_PLAN);
    expect(second.statuses()).toEqual({ A: "running", B: "running" });
    expect(startReason(second, "B")[0]).toMatch(/learned profile, 1 completed run/);
    await playGrowth(second);
    const again = await loadTrackProfiles(second.db, { planName: "growth", kindKeys: [] });
    expect(again.profiles.find((p) => p.trackKey === "B")?.profile.runs).toBe(2);
  });

  it("lends a completed track's growth to a track of the same kind that has none", async () => {
    const h = await harness();
    await start(
      h,
      `name: kinds
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 500MB
    duration: 30s
    command: node /x/agent.mjs --mb 500
  - key: B
    dependsOn: [A]
    ram: 400MB
    duration: 20s
    command: node /y/agent.mjs --mb 400
`,
    );
    const a = h.launcher.latest("A");
    for (let i = 0; i < 30; i++) {
      a.bytes = i < 15 ? 100 * MB : 500 * MB;
      await h.tick();
    }
    a.exit(0);
    await settle();
    await h.tick();
    expect(h.track("B").status).toBe("running");
    expect(startReason(h, "A")[0]).not.toMatch(/same kind/);
    expect(startReason(h, "B")[0]).toMatch(/growth of a track of the same kind/);
  });

  it("learns when each progress figure was first reported, and feeds the next run's attempt its own", async () => {
    const PLAN = oneTrackPlan("pace");
    /** Runs A for `seconds` of running time, saying a progress line at the given running seconds. */
    const play = async (h: Harness, lines: Record<number, string>, seconds: number | null) => {
      const agent = h.launcher.latest("A");
      agent.bytes = 50 * MB;
      for (let s = 1; seconds === null || s <= seconds; s++) {
        await h.tick();
        const line = lines[s];
        if (line !== undefined) {
          agent.say(line);
          await settle();
        }
        if (seconds === null && s >= Math.max(...Object.keys(lines).map(Number))) return;
      }
      agent.exit(0);
      await settle();
    };
    const first = await harness();
    await start(first, PLAN);
    await play(
      first,
      { 6: "::progress 20", 9: "::progress 20 again", 12: "::progress 10", 15: "::progress 60" },
      30,
    );
    const { profiles } = await loadTrackProfiles(first.db, { planName: "pace", kindKeys: [] });
    expect(profiles[0]?.profile.progress).toEqual([
      [6_000, 20],
      [15_000, 60],
    ]);
    await first.controller.shutdown("first process over");

    // The next run on the same database: A is twice as slow to 20 %. What the governor is fed says so.
    const second = await harness(first.dir);
    await start(second, PLAN);
    await play(second, { 12: "::progress 20" }, null);
    const run = second.controller.activeRun()!;
    const t = run.tracks.get("A")!;
    expect(t.profile?.progress).toEqual([
      [6_000, 20],
      [15_000, 60],
    ]);
    expect(growthFeed(run, t, second.clock.now()).progressReached).toEqual([12_000, 20]);
  });

  it("counts running time without pauses: the clock stops while the track is paused", async () => {
    const h = await harness();
    await start(h, oneTrackPlan("clock"));
    const agent = h.launcher.latest("A");
    agent.bytes = 50 * MB;
    for (let i = 0; i < 5; i++) await h.tick();
    await h.controller.leadAction("A", "pause");
    for (let i = 0; i < 10; i++) await h.tick();
    await h.controller.leadAction("A", "resume");
    for (let i = 0; i < 3; i++) await h.tick();
    const run = h.controller.activeRun()!;
    const t = run.tracks.get("A")!;
    expect(runningMsOf(t.clock, h.clock.now())).toBe(8_000);
    // The attempt's samples were placed on its running time: the paused ones added nothing.
    expect(t.observation?.lastMs).toBe(8_000);
    // It exits half a second after its last sample: its length is its running time at the exit.
    h.clock.advance(500);
    agent.exit(0);
    await settle();
    const { profiles } = await loadTrackProfiles(h.db, { planName: "clock", kindKeys: [] });
    expect(profiles[0]?.profile).toMatchObject({ durationMs: 8_500, runs: 1, peakBytes: 50 * MB });
    expect(runningMsOf(t.clock, h.clock.now() + 60_000)).toBe(8_500);
  });

  it("a restart keeps what the attempt's memory did before it: its observation is folded again from the samples", async () => {
    const h = await harness();
    await start(h, oneTrackPlan("restart"));
    const agent = h.launcher.latest("A");
    for (let mb = 10; mb <= 60; mb += 10) {
      agent.bytes = mb * MB;
      await h.tick();
    }
    await h.controller.leadAction("A", "pause");
    for (let i = 0; i < 3; i++) await h.tick();
    await h.controller.leadAction("A", "resume");
    agent.bytes = 90 * MB;
    for (let i = 0; i < 2; i++) await h.tick();
    const before = h.controller.activeRun()!.tracks.get("A")!.observation!;
    await h.restart();
    const after = h.controller.activeRun()!.tracks.get("A")!.observation!;
    // The same growth at the same running times (the pause excluded), not "at 90 MB from the start".
    expect(after).toMatchObject({
      lastMs: before.lastMs,
      peakBytes: 90 * MB,
      envelope: before.envelope,
      lastRiseMs: before.lastRiseMs,
    });
    expect(after.envelope[0]![1]).toBeLessThan(20 * MB);
  });

  it("remembers the governor's requeues: after two in an hour a track is projected at its highest use", async () => {
    const h = await harness();
    await start(
      h,
      `name: requeues
ram:
  budget: 1GB
  graceSeconds: 2
  settleSeconds: 1
tracks:
  - key: A
    priority: critical
    ram: 200MB
    command: node a.mjs
  - key: B
    ram: 200MB
    command: node b.mjs
`,
    );
    const t = h.controller.activeRun()!.tracks.get("B")!;
    /** Through the settle period after Red, when admission is closed. */
    const untilSettled = async () => {
      for (let i = 0; i < 5 && [null, "closed"].includes(h.track("B").waitKind); i++) await h.tick();
    };
    const untilStatus = async (status: string) => {
      for (let i = 0; i < 20 && h.track("B").status !== status; i++) await h.tick();
      expect(h.track("B").status).toBe(status);
    };
    // Red with A (critical) at 200 MB and B at 700 MB: B is paused, then stopped and requeued after the grace.
    h.launcher.latest("A").bytes = 200 * MB;
    h.launcher.latest("B").bytes = 700 * MB;
    await untilStatus("ready");
    expect(t.requeuedAt).toHaveLength(1);
    // Once the zone has settled, B needs the 700 MB it reached, which does not fit beside A: it waits for memory.
    await untilSettled();
    expect(h.track("B")).toMatchObject({ status: "ready", waitKind: "memory" });
    expect(h.track("B").waitReason).toMatch(/needs 700 MB \(learned profile/);
    h.launcher.latest("A").exit(0);
    await untilStatus("running");
    // Red again, by B alone: requeued a second time within the hour.
    h.launcher.latest("B").bytes = 860 * MB;
    await untilStatus("ready");
    expect(t.requeuedAt).toHaveLength(2);
    await untilSettled();
    expect(h.track("B").waitReason).toMatch(/needs 860 MB \(its highest use, held: requeued too often/);
    // The stopped attempts were learned as partial ones: their length is not known.
    expect(t.profile).toMatchObject({ source: "learned", runs: 0, durationMs: null, peakBytes: 860 * MB });
  });
});

describe("wait reasons", () => {
  it("say what each track waits for: a slot, memory, a dependency; on the track and in the governor's queue", async () => {
    const h = await harness();
    await start(
      h,
      `name: waits
maxConcurrent: 1
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 100MB
    command: node a.mjs
  - key: B
    ram: 100MB
    command: node b.mjs
  - key: C
    dependsOn: [A]
    command: node c.mjs
`,
    );
    expect(h.statuses()).toEqual({ A: "running", B: "ready", C: "pending" });
    expect(h.track("B")).toMatchObject({ waitKind: "slot" });
    expect(h.track("B").waitReason).toMatch(/concurrency limit 1/);
    expect(h.track("C").waitKind).toBe("dependency");
    expect(h.track("A").waitKind).toBeNull();
    expect(h.controller.governorView().queue).toEqual([
      { trackKey: "B", waitsFor: "slot", reason: h.track("B").waitReason },
    ]);
    const pushed = h.emitter.sent.filter(
      (s) => s.event === "track:updated" && (s.payload as { key: string }).key === "B",
    );
    expect(pushed.at(-1)?.payload).toMatchObject({ waitKind: "slot" });
  });
});
