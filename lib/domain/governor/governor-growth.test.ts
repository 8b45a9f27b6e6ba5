// Growth-aware admission: concurrency by memory, tracks without estimates, the requeue limit, online replanning,
// wait reasons, and a wrong projection caught by the zones.
import { describe, expect, it } from "vitest";
import { decideGovernorActions, initialGovernorMemory } from "./governor";
import { UNKNOWN_RESERVATION_PERCENT } from "./governor-admission";
import {
  applyActions,
  GB,
  makeInput,
  makeProfile,
  makeRunning,
  makeTrack,
  summarise,
} from "./governor-fixtures";
import type { GovernorInput, GovernorMemory, GovernorTrack } from "./governor-types";
import { learnProfile, observeMemory } from "./memory-profile";
import { LEARN_MS } from "./memory-projection";

function decide(input: GovernorInput, memory: Partial<GovernorMemory> = {}) {
  return decideGovernorActions(input, { ...initialGovernorMemory(), ...memory });
}

const ofDuration = (seconds: number) => ({ minMs: seconds * 1000, maxMs: seconds * 1000 });

describe("concurrency by memory", () => {
  const small = (key: string, position: number, estimateBytes: number | null = 1 * GB) =>
    makeTrack(key, { position, estimateBytes });
  it.each([
    {
      name: "the tier's default does not limit a plan whose every track has an estimate",
      isDefault: true,
      tracks: ["A", "B", "C", "D"].map((key, i) => small(key, i)),
      started: ["A", "B", "C", "D"],
    },
    {
      name: "a plan's own maxConcurrent always limits",
      isDefault: false,
      tracks: ["A", "B", "C", "D"].map((key, i) => small(key, i)),
      started: ["A", "B"],
    },
    {
      name: "the tier's default limits a plan with a track of unknown size",
      isDefault: true,
      tracks: [...["A", "B", "C"].map((key, i) => small(key, i)), small("U", 3, null)],
      started: ["A", "B"],
    },
  ])("$name", ({ isDefault, tracks, started }) => {
    const decision = decide(
      makeInput(10, tracks, { policy: { maxConcurrent: 2, maxConcurrentIsDefault: isDefault } }),
    );
    expect(summarise(decision.actions)).toEqual(started.map((key) => `start:${key}`));
    for (const entry of decision.queue) expect(entry.waitsFor).toBe("slot");
  });
});

describe("tracks without estimates", () => {
  it(`start alone with ${UNKNOWN_RESERVATION_PERCENT} % of the room, then hold the queue until their growth settles`, () => {
    const tracks = [
      makeTrack("U", { estimateBytes: null }),
      makeTrack("V", { position: 1, estimateBytes: null }),
    ];
    const first = decide(makeInput(0, tracks));
    expect(summarise(first.actions)).toEqual(["start:U"]);
    expect(first.queue.map((e) => e.waitsFor)).toEqual(["learning"]);

    // U has run a minute and a half, its last rise 40 s back: settled, projected at its peak plus a margin.
    let observation = observeMemory(null, 0, 1 * GB);
    observation = observeMemory(observation, 20_000, 3 * GB);
    observation = observeMemory(observation, 60_000, 3 * GB);
    observation = observeMemory(observation, LEARN_MS + 30_000, 3 * GB);
    const running = makeRunning("U", 3, { estimateBytes: null, runningMs: LEARN_MS + 30_000, observation });
    const settled = decide(makeInput(18.75, [running, tracks[1]!], { usedBytes: 3 * GB }));
    expect(summarise(settled.actions)).toEqual(["start:V"]);
  });

  it("learn a profile in their first run that sizes them in the next", () => {
    let observation = null;
    for (let ms = 0; ms <= 30_000; ms += 1_000)
      observation = observeMemory(observation, ms, (1 + ms / 10_000) * GB);
    const profile = learnProfile(null, observation!, true);
    const decision = decide(
      makeInput(0, [
        makeTrack("U", { estimateBytes: null, profile }),
        makeTrack("V", { position: 1, estimateBytes: null, profile }),
        makeTrack("W", { position: 2, estimateBytes: null, profile }),
      ]),
    );
    // 4 GB each at their peak, learned without any estimate: two fit below the 12 GB line, a third would reach it.
    expect(summarise(decision.actions)).toEqual(["start:U", "start:V"]);
    expect(decision.queue[0]?.reason).toContain("learned profile, 1 completed run");
  });

  it("say when a profile rests only on attempts stopped early", () => {
    let observation = null;
    for (let ms = 0; ms <= 10_000; ms += 1_000) observation = observeMemory(observation, ms, GB);
    const profile = learnProfile(null, observation!, false);
    const decision = decide(makeInput(0, [makeTrack("U", { estimateBytes: 2 * GB, profile })]));
    expect(decision.actions[0]?.kind === "start" && decision.actions[0].reason).toContain(
      "learned profile, from attempts stopped early",
    );
  });
});

describe("requeue limit: requeues are the last resort, never a loop", () => {
  const profile = makeProfile(
    [
      [0, 1],
      [20_000, 5],
    ],
    60_000,
  );
  it("a track requeued twice within the hour holds its highest use for its whole life, so it waits for room", () => {
    // R holds 8 GB and ends in about 16 s; H grows to 5 GB only after 18 s: by its curve it fits beside R.
    const running = () => makeRunning("R", 8, { profile: makeProfile([[0, 8]], 60_000), runningMs: 50_000 });
    const hot = makeTrack("H", { estimateBytes: 2 * GB, profile, requeuedAt: [100_000, 200_000] });
    const decision = decide(makeInput(50, [running(), hot], { now: 300_000 }));
    expect(decision.actions).toEqual([]);
    expect(decision.queue[0]?.reason).toContain("requeued too often to be optimistic");
    // An hour after the first requeue its curve counts again.
    const later = decide(makeInput(50, [running(), hot], { now: 100_000 + 3_600_000 }));
    expect(summarise(later.actions)).toEqual(["start:H"]);
  });

  it("in Red the track at its limit is stopped only when no other track can free memory", () => {
    const input = makeInput(90, [
      makeRunning("A", 6, { position: 0, priority: "low", requeuedAt: [1_000, 2_000] }),
      makeRunning("B", 6, { position: 1, priority: "standard" }),
    ]);
    const decision = decide({ ...input, now: 60_000 }, { redSince: 0 });
    expect(summarise(decision.actions).filter((a) => a.startsWith("stop"))).toEqual(["stop-requeue:B"]);
  });
});

describe("online replanning", () => {
  /** Three short 4 GB tracks, then a long 6 GB one: first-fit runs two shorts first and the long one last. */
  const queue = (): GovernorTrack[] => [
    makeTrack("S1", { position: 0, estimateBytes: 4 * GB, duration: ofDuration(10) }),
    makeTrack("S2", { position: 1, estimateBytes: 4 * GB, duration: ofDuration(10) }),
    makeTrack("S3", { position: 2, estimateBytes: 4 * GB, duration: ofDuration(10) }),
    makeTrack("L", { position: 3, estimateBytes: 6 * GB, duration: ofDuration(50) }),
  ];

  it("starts the long track first when that is projected to finish sooner than first-fit", () => {
    const decision = decide(makeInput(0, queue()));
    expect(summarise(decision.actions).sort()).toEqual(["start:L", "start:S1"]);
    expect(decision.ordering).toMatchObject({
      method: "replanned",
      firstFitFinishMs: 60_001,
      replannedFinishMs: 50_000,
    });
    expect(decision.queue.map((e) => [e.trackKey, e.waitsFor])).toEqual([
      ["S2", "order"],
      ["S3", "order"],
    ]);
    expect(decision.queue[0]?.reason).toContain("projected finish in 50s vs 1m first-fit");
  });

  it("keeps first-fit when replanning is off, and keeps the pass before's order while no other is sooner", () => {
    const off = decide(makeInput(0, queue(), { policy: { replan: false } }));
    expect(summarise(off.actions)).toEqual(["start:S1", "start:S2"]);
    const first = decide(makeInput(0, queue()));
    const again = decideGovernorActions(makeInput(0, queue(), { now: 1_000 }), {
      ...first.memory,
      ordering: { ...first.memory.ordering!, order: ["S3", "L", "S1", "S2"] },
    });
    expect(summarise(again.actions)).toEqual(["start:S3", "start:L"]);
  });

  it("never reorders across priorities", () => {
    const tracks = queue().map((t) => (t.key === "L" ? { ...t, priority: "low" as const } : t));
    const decision = decide(makeInput(0, tracks));
    expect(summarise(decision.actions)).toEqual(["start:S1", "start:S2"]);
  });
});

describe("wait reasons", () => {
  it.each([
    {
      name: "closed in Orange",
      input: makeInput(78, [makeTrack("A")]),
      kind: "closed",
    },
    {
      name: "memory projection",
      input: makeInput(70, [makeTrack("A", { estimateBytes: 2 * GB })]),
      kind: "memory",
    },
    {
      name: "backfill hold behind a head that waited too long",
      input: makeInput(
        50,
        [makeTrack("A", { estimateBytes: 6 * GB }), makeTrack("B", { position: 1, estimateBytes: 1 * GB })],
        { now: 400_000 },
      ),
      memory: { queueHead: { trackKey: "A", since: 0 } },
      kind: "backfill-hold",
      key: "B",
    },
  ])("$name", ({ input, memory, kind, key }) => {
    const decision = decide(input, memory);
    const entry = decision.queue.find((e) => e.trackKey === (key ?? "A"));
    expect(entry?.waitsFor).toBe(kind);
  });
});

describe("backfill without delaying the head (EASY backfilling)", () => {
  // 16 GB, admission line 12 GB. R holds 8 GB and ends in 20 s; the head A (9 GB) fits once R has ended. First-fit
  // order (the replanner would rather start E first here: its projected finish is sooner).
  const running = makeRunning("R", 8, { duration: ofDuration(20), runningMs: 0 });
  const sized = (key: string, position: number, gb: number, seconds: number) =>
    makeTrack(key, { position, estimateBytes: gb * GB, duration: ofDuration(seconds) });
  const tracks = () => [
    running,
    sized("A", 1, 9, 30),
    // Fits now (11.5 GB), but would still hold 3.5 GB at 20 s, when A needs 9: A would wait until it ends.
    sized("E", 2, 3.5, 60),
    // Ends before A can start: no delay.
    sized("B", 3, 1, 10),
    // Runs past A's start but leaves it room (9 + 2 = 11 GB).
    sized("C", 4, 2, 60),
  ];
  const decision = decide(makeInput(50, tracks(), { policy: { replan: false } }));

  it("starts the tracks that do not move the head's start, holds the one that would", () => {
    expect(summarise(decision.actions)).toEqual(["start:B", "start:C"]);
    const held = decision.queue.find((entry) => entry.trackKey === "E");
    expect(held?.waitsFor).toBe("backfill-hold");
    expect(held?.reason).toContain("would delay A, which waits ahead of it, from in 20s to in 1m");
    expect(decision.queue.find((entry) => entry.trackKey === "A")?.waitsFor).toBe("memory");
  });

  it("says why the others started past the head", () => {
    for (const action of decision.actions)
      expect(action.reason).toContain("ahead of A which does not fit yet (backfill)");
  });

  it("the replanner starts E first: B and C past A at 20 s, A at 60 s, done at 90 s instead of first-fit's 110 s", () => {
    const replanned = decide(makeInput(50, tracks()));
    expect(summarise(replanned.actions)).toEqual(["start:E"]);
    // First-fit: A at 20 s (after R) until 50 s, then E until 110 s. A start counts 1 ms after the release.
    expect(replanned.ordering).toMatchObject({
      method: "replanned",
      firstFitFinishMs: 110_000 + 2,
      replannedFinishMs: 90_000 + 1,
    });
    expect(replanned.ordering?.order[0]).toBe("E");
  });
});

describe("a wrong projection is corrected by the zones", () => {
  it("tracks that grow far past their profile: Red pauses, a stop frees memory, the learned peak stops a loop", () => {
    // Profiles say 2 GB each; the tracks really grow to 5 GB after 10 s. Two of three fit by the profiles.
    const profile = makeProfile(
      [
        [0, 1],
        [10_000, 2],
      ],
      60_000,
    );
    const truth = (ms: number) => (ms < 10_000 ? 1 * GB : 5 * GB);
    let tracks = ["A", "B", "C"].map((key, position) =>
      makeTrack(key, { position, estimateBytes: null, profile, duration: ofDuration(60) }),
    );
    const work = new Map<string, number>();
    const requeues = new Map<string, number[]>();
    let memory = initialGovernorMemory();
    const seen: string[] = [];
    let peakPercent = 0;
    for (let now = 0; now < 20 * 60_000 && tracks.some((t) => t.status !== "completed"); now += 250) {
      const usedBytes = tracks.reduce((sum, t) => sum + t.currentBytes, 0);
      peakPercent = Math.max(peakPercent, (usedBytes / (16 * GB)) * 100);
      const input = makeInput((usedBytes / (16 * GB)) * 100, tracks, {
        now,
        usedBytes,
        policy: { graceSeconds: 5, settleSeconds: 10 },
      });
      const decision = decideGovernorActions(input, memory);
      memory = decision.memory;
      for (const action of decision.actions) {
        if (action.kind === "alert") continue;
        seen.push(`${action.kind}:${action.trackKey}`);
        if (action.kind === "stop-requeue") {
          work.set(action.trackKey, 0);
          requeues.set(action.trackKey, [...(requeues.get(action.trackKey) ?? []), now]);
        }
        if (action.kind === "start") work.set(action.trackKey, 0);
      }
      tracks = applyActions(tracks, decision.actions, now).map((t) => {
        if (t.status !== "running") return { ...t, requeuedAt: requeues.get(t.key) ?? [] };
        const ms = (work.get(t.key) ?? 0) + 250;
        work.set(t.key, ms);
        if (ms >= 60_000) return { ...t, status: "completed" as const, currentBytes: 0 };
        const currentBytes = truth(ms);
        return {
          ...t,
          runningMs: ms,
          currentBytes,
          observedPeakBytes: Math.max(t.observedPeakBytes ?? 0, currentBytes),
          requeuedAt: requeues.get(t.key) ?? [],
        };
      });
    }
    expect(tracks.every((t) => t.status === "completed")).toBe(true);
    expect(seen.filter((s) => s.startsWith("pause")).length).toBeGreaterThan(0);
    const stops = seen.filter((s) => s.startsWith("stop-requeue"));
    expect(stops.length).toBeGreaterThan(0);
    // A requeued track comes back sized by its learned peak: no track is requeued over and over.
    for (const key of ["A", "B", "C"])
      expect(stops.filter((s) => s.endsWith(key)).length).toBeLessThanOrEqual(1);
    expect(peakPercent).toBeLessThan(100);
  });
});
