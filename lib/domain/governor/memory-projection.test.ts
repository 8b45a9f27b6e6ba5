import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideGovernorActions, initialGovernorMemory } from "./governor";
import { projectedUse } from "./governor-admission";
import { applyActions, GB, makeInput, makeProfile, makeRunning, makeTrack } from "./governor-fixtures";
import type { GovernorMemory, GovernorTrack } from "./governor-types";
import { type MemoryProfile, observeMemory } from "./memory-profile";
import {
  BIAS_CAP,
  END_SLACK,
  earliestFit,
  estimateBias,
  GROWTH_LEAD,
  modelTrack,
  PACE_SLACK,
  type Projection,
  peakOfSum,
  projectionAt,
  projectTrack,
  sumProjections,
} from "./memory-projection";

const project = (track: GovernorTrack, now = 0) =>
  projectTrack(track, modelTrack(track, { now, maxRequeuesPerHour: 2 }));

/** Steps in [ms, GB] for readable expectations. */
const inGb = (p: Projection) => p.steps.map(([at, bytes]) => [Math.round(at), bytes / GB]);

/** Grows 0.5 → 1 → 2 GB at 0, 10 and 20 s; a whole attempt takes 30 s. */
const PROFILE = makeProfile(
  [
    [0, 0.5],
    [10_000, 1],
    [20_000, 2],
  ],
  30_000,
);
const lead = (ms: number) => Math.round(ms / (1 + GROWTH_LEAD));

describe("projectTrack: one track's memory from now on", () => {
  const cases: {
    name: string;
    track: GovernorTrack;
    basis: Projection["basis"];
    steps: (number | number)[][];
    endMs: number;
  }[] = [
    {
      name: "an estimate alone is held from the start for ever (the full reservation of old)",
      track: makeTrack("A", { estimateBytes: 2 * GB }),
      basis: "estimate",
      steps: [[0, 2]],
      endMs: Number.POSITIVE_INFINITY,
    },
    {
      name: "an estimate with a duration is freed at the duration's upper end",
      track: makeTrack("A", { estimateBytes: 2 * GB, duration: { minMs: 30_000, maxMs: 45_000 } }),
      basis: "estimate",
      steps: [[0, 2]],
      endMs: 45_000,
    },
    {
      name: "a plan ramp climbs in steps over rampTo % of the shortest duration",
      track: makeTrack("A", {
        estimateBytes: 8 * GB,
        rampToPercent: 40,
        duration: { minMs: 80_000, maxMs: 100_000 },
      }),
      basis: "plan",
      steps: [0, 1, 2, 3, 4, 5, 6, 7].map((i) => [i * 4_000, i + 1]),
      endMs: 100_000,
    },
    {
      name: "a learned profile, ready: its growth a little earlier, its end a little later",
      track: makeTrack("A", { estimateBytes: 2 * GB, profile: PROFILE }),
      basis: "learned",
      steps: [
        [0, 0.5],
        [lead(10_000), 1],
        [lead(20_000), 2],
      ],
      endMs: 30_000 * (1 + END_SLACK),
    },
    {
      name: "running 10 s at 1 GB: the rest of its curve, from its running time on",
      track: makeRunning("A", 1, { estimateBytes: 2 * GB, profile: PROFILE, runningMs: 10_000 }),
      basis: "learned",
      steps: [
        [0, 1],
        [lead(20_000) - 10_000, 2],
      ],
      endMs: 30_000 * (1 + END_SLACK) - 10_000,
    },
    {
      name: "running ahead of its profile by its progress: the rest of its curve comes sooner, the end stays",
      track: makeRunning("A", 1, {
        estimateBytes: 2 * GB,
        profile: PROFILE,
        runningMs: 10_000,
        progress: 50,
      }),
      basis: "learned",
      steps: [
        [0, 1],
        [lead(20_000) - 15_000, 2],
      ],
      endMs: 30_000 * (1 + END_SLACK) - 10_000,
    },
    {
      name: "running past its projected end: holds its peak until it really ends",
      track: makeRunning("A", 1.5, { estimateBytes: 2 * GB, profile: PROFILE, runningMs: 40_000 }),
      basis: "learned",
      steps: [[0, 2]],
      endMs: Number.POSITIVE_INFINITY,
    },
    {
      name: "running without a running time (an engine that does not feed it): holds its peak",
      track: makeRunning("A", 1, { estimateBytes: 2 * GB, profile: PROFILE }),
      basis: "learned",
      steps: [[0, 2]],
      endMs: Number.POSITIVE_INFINITY,
    },
    {
      name: "paused: holds the most it may still reach, for as long as it stays paused",
      track: makeRunning("A", 1, {
        status: "paused",
        pausedBy: "governor",
        estimateBytes: 2 * GB,
        profile: PROFILE,
        runningMs: 5_000,
      }),
      basis: "learned",
      steps: [[0, 2]],
      endMs: Number.POSITIVE_INFINITY,
    },
    {
      name: "a plan estimate above the learned peak scales the learned curve up",
      track: makeTrack("A", { estimateBytes: 4 * GB, profile: PROFILE }),
      basis: "learned",
      steps: [
        [0, 1],
        [lead(10_000), 2],
        [lead(20_000), 4],
      ],
      endMs: 30_000 * (1 + END_SLACK),
    },
    {
      name: "requeued twice within the hour: its highest known use, held for its whole life",
      track: makeTrack("A", { estimateBytes: 1 * GB, profile: PROFILE, requeuedAt: [1_000, 2_000] }),
      basis: "limited",
      steps: [[0, 2]],
      endMs: Number.POSITIVE_INFINITY,
    },
    {
      name: "no estimate, no profile: unknown, held at what it uses",
      track: makeRunning("A", 0.7, { estimateBytes: null, observedPeakBytes: 0.9 * GB, runningMs: 1_000 }),
      basis: "unknown",
      steps: [[0, 0.9]],
      endMs: Number.POSITIVE_INFINITY,
    },
    {
      name: "a learned profile from stopped attempts only, and no estimate: still unknown",
      track: makeTrack("A", { estimateBytes: null, profile: { ...PROFILE, runs: 0, durationMs: null } }),
      basis: "unknown",
      steps: [[0, 0]],
      endMs: Number.POSITIVE_INFINITY,
    },
    {
      name: "a track of the same kind lends its growth shape, resized to this track's ram and duration",
      track: makeTrack("A", {
        estimateBytes: 4 * GB,
        kindProfile: PROFILE,
        duration: { minMs: 60_000, maxMs: 60_000 },
      }),
      basis: "kind",
      steps: [
        [0, 1],
        [lead(20_000), 2],
        [lead(40_000), 4],
      ],
      endMs: 60_000 * (1 + END_SLACK),
    },
  ];
  it.each(cases)("$name", ({ track, basis, steps, endMs }) => {
    const projection = project(track, 10_000);
    expect(projection.basis).toBe(basis);
    expect(inGb(projection)).toEqual(steps);
    expect(projection.endMs).toBeCloseTo(endMs, 6);
  });

  it("an attempt whose rises come later than its profile's ends later, by its own pace", () => {
    // It reached 1 GB at 15 s where the profile did at 10 s: 1.5 times slower.
    let observation = observeMemory(null, 0, 0.5 * GB);
    observation = observeMemory(observation, 15_000, 1 * GB);
    observation = observeMemory(observation, 16_000, 1 * GB);
    const track = makeRunning("A", 1, {
      estimateBytes: 2 * GB,
      profile: PROFILE,
      runningMs: 16_000,
      observation,
    });
    expect(project(track).endMs).toBeCloseTo(30_000 * 1.5 * (1 + PACE_SLACK) - 16_000, 6);
    // One on its profile's pace ends with the small margin only.
    const onPace = observeMemory(observeMemory(null, 0, 0.5 * GB), 10_000, 1 * GB);
    const steady = makeRunning("A", 1, {
      estimateBytes: 2 * GB,
      profile: PROFILE,
      runningMs: 12_000,
      observation: onPace,
    });
    expect(project(steady).endMs).toBeCloseTo(30_000 * (1 + PACE_SLACK) - 12_000, 6);
    // One that reached 1 GB at 8 s (profile 10 s) ends sooner, but the 20 s its profile took from there are ahead.
    const ahead = observeMemory(observeMemory(null, 0, 0.5 * GB), 8_000, 1 * GB);
    const fast = makeRunning("A", 1, {
      estimateBytes: 2 * GB,
      profile: PROFILE,
      runningMs: 9_000,
      observation: ahead,
    });
    expect(project(fast).endMs).toBeCloseTo((8_000 + 20_000) * (1 + PACE_SLACK) - 9_000, 6);
  });

  describe("an attempt's pace from its progress reports, against when its profiled attempt reported them", () => {
    // Takes its 2 GB at once (its rises say nothing of its pace after the first second), 60 s in all, and reported
    // 10 % at 6 s, 50 % at 12 s (not linear in time), 90 % at 40 s.
    const FAST_START: MemoryProfile = {
      ...makeProfile([[0, 2]], 60_000),
      progress: [
        [6_000, 10],
        [12_000, 50],
        [40_000, 90],
      ],
    };
    const running = (runningMs: number, progressReached: [number, number] | null, profile = FAST_START) =>
      makeRunning("A", 2, { estimateBytes: 2 * GB, profile, runningMs, progressReached });
    const cases: { name: string; track: GovernorTrack; endMs: number }[] = [
      {
        name: "slower: it reached 50 % at 18 s, the profiled attempt at 12 s, so it ends 1.5 times later",
        track: running(20_000, [18_000, 50]),
        endMs: 60_000 * 1.5 * (1 + PACE_SLACK) - 20_000,
      },
      {
        name: "on pace by the profiled attempt's figures (read against the clock, 50 % at 12 s would say 24 s)",
        track: running(13_000, [12_000, 50]),
        endMs: 60_000 * (1 + PACE_SLACK) - 13_000,
      },
      {
        name: "faster: it reached 90 % at 30 s (profiled 40 s); the last 20 s the profiled attempt took are still ahead",
        track: running(31_000, [30_000, 90]),
        endMs: (30_000 + 20_000) * (1 + PACE_SLACK) - 31_000,
      },
      {
        name: "faster early on: 50 % at 9 s (profiled 12 s), so the 48 s after it are ahead, not 0.75 × them",
        track: running(10_000, [9_000, 50]),
        endMs: (9_000 + 48_000) * (1 + PACE_SLACK) - 10_000,
      },
      {
        name: "too early to tell: the learned duration with the full margin",
        track: running(4_000, [4_000, 10]),
        endMs: 60_000 * (1 + END_SLACK) - 4_000,
      },
      {
        name: "not watched from its start (adopted after a restart): the full margin",
        track: running(20_000, null),
        endMs: 60_000 * (1 + END_SLACK) - 20_000,
      },
      {
        name: "a profile learned before progress was kept: the full margin",
        track: running(20_000, [18_000, 50], makeProfile([[0, 2]], 60_000)),
        endMs: 60_000 * (1 + END_SLACK) - 20_000,
      },
    ];
    it.each(cases)("$name", ({ track, endMs }) => {
      const projection = project(track);
      expect(projection.endMs).toBeCloseTo(endMs, 6);
      expect(inGb(projection)).toEqual([[0, 2]]);
    });

    it("progress, being later news, is read before the attempt's memory rises", () => {
      // Its rises say on pace (1 GB at 10 s, as the profile); its progress, at 28 s, says twice as slow since.
      const observation = observeMemory(observeMemory(null, 0, 0.5 * GB), 10_000, 1 * GB);
      const track = makeRunning("A", 1, {
        estimateBytes: 2 * GB,
        profile: { ...PROFILE, progress: [[14_000, 50]] },
        runningMs: 30_000,
        observation,
        progressReached: [28_000, 50],
      });
      expect(project(track).endMs).toBeCloseTo(30_000 * 2 * (1 + PACE_SLACK) - 30_000, 6);
    });
  });

  it("a settled track without estimate: its observed peak plus a margin", () => {
    const observation = {
      samples: 70,
      lastMs: 70_000,
      peakBytes: 2 * GB,
      envelope: [[0, 2 * GB]] as [number, number][],
      anchorBytes: 2 * GB,
      lastRiseMs: 5_000,
    };
    const projection = project(makeRunning("A", 2, { estimateBytes: null, runningMs: 70_000, observation }));
    expect(projection.basis).toBe("observed");
    expect(projection.peakBytes).toBe(2.5 * GB);
  });
});

describe("the sum of projected curves over time", () => {
  const curve = (key: string, steps: [number, number][], endMs: number): Projection => ({
    key,
    basis: "learned",
    steps: steps.map(([at, gb]) => [at, gb * GB]),
    endMs,
    peakBytes: Math.max(...steps.map((s) => s[1])) * GB,
  });

  it.each([
    { name: "peak where the rises meet", until: undefined, bytes: 5.5, atMs: 10 },
    { name: "only up to a horizon", until: 5, bytes: 3.5, atMs: 0 },
  ])("$name", ({ until, bytes, atMs }) => {
    const sum = sumProjections(
      [
        curve(
          "A",
          [
            [0, 1],
            [10, 3],
          ],
          20,
        ),
        curve("B", [[0, 2]], Number.POSITIVE_INFINITY),
      ],
      0.5 * GB,
    );
    expect(peakOfSum(sum, { untilMs: until })).toEqual({ bytes: bytes * GB, atMs });
  });

  it("a track ending at an instant still holds its memory then; a rise at that instant counts with it", () => {
    const ending = curve("A", [[0, 2]], 10);
    const rising = curve(
      "B",
      [
        [0, 0],
        [10, 1],
      ],
      30,
    );
    expect(peakOfSum(sumProjections([ending, rising], 0)).bytes).toBe(3 * GB);
    expect(projectionAt(ending, 10)).toBe(2 * GB);
    expect(projectionAt(ending, 10.5)).toBe(0);
  });

  it("a track expected to finish before the candidate peaks leaves it room (the full reservation would not)", () => {
    // 16 GB, line 12 GB. R holds 6 GB and ends in 15 s; C grows from 2 to 9 GB after 20 s.
    const running = makeRunning("R", 6, {
      profile: makeProfile([[0, 6]], 40_000),
      runningMs: Math.round(40_000 * (1 + END_SLACK)) - 15_000,
    });
    const candidate = makeTrack("C", {
      estimateBytes: 9 * GB,
      profile: makeProfile(
        [
          [0, 2],
          [22_000, 9],
        ],
        60_000,
      ),
    });
    const sum = sumProjections([project(running)], 0);
    const growing = project(candidate);
    expect(peakOfSum(sum, { extra: growing, untilMs: growing.endMs }).bytes).toBe(9 * GB);
    const decision = decideGovernorActions(
      makeInput(37.5, [running, candidate], { usedBytes: 6 * GB }),
      initialGovernorMemory(),
    );
    expect(decision.actions.map((a) => `${a.kind}:${"trackKey" in a ? a.trackKey : ""}`)).toEqual([
      "start:C",
    ]);
    // Reserving C's 9 GB next to R's 6 GB from the start would exceed the line: it would wait.
    const flat = decideGovernorActions(
      makeInput(37.5, [running, { ...candidate, profile: null }], { usedBytes: 6 * GB }),
      initialGovernorMemory(),
    );
    expect(flat.actions).toEqual([]);
    expect(flat.queue[0]?.reason).toContain("needs 9.00 GB, 6.00 GB headroom below the admission line");
  });
});

describe("property: with exact profiles the projected peak never crosses the admission line", () => {
  type Job = { sizeGb: number; seconds: number; steps: number; rampTo: number };
  const jobArb: fc.Arbitrary<Job> = fc.record({
    sizeGb: fc.double({ min: 0.2, max: 8, noNaN: true }),
    seconds: fc.integer({ min: 3, max: 60 }),
    steps: fc.integer({ min: 1, max: 8 }),
    rampTo: fc.integer({ min: 5, max: 100 }),
  });
  /** What the job holds after `ms` of running time: a step function reaching its size at rampTo % of its time. */
  const heldAt = (job: Job, ms: number) => {
    const rampMs = (job.seconds * 1000 * job.rampTo) / 100;
    const step = Math.min(job.steps - 1, Math.floor((ms / rampMs) * job.steps));
    return (job.sizeGb * GB * (step + 1)) / job.steps;
  };
  /** The exact profile of a job (what a completed attempt would teach). */
  const profileOf = (job: Job): MemoryProfile => {
    const rampMs = (job.seconds * 1000 * job.rampTo) / 100;
    return makeProfile(
      Array.from({ length: job.steps }, (_, k): [number, number] => [
        (k * rampMs) / job.steps,
        (job.sizeGb * (k + 1)) / job.steps,
      ]),
      job.seconds * 1000,
    );
  };

  it("holds for random job sets, before every start and in the world it leads to", () => {
    fc.assert(
      fc.property(fc.array(jobArb, { minLength: 1, maxLength: 6 }), fc.boolean(), (jobs, progressReports) => {
        const line = 0.75 * 16 * GB;
        let tracks = jobs.map((job, i) =>
          makeTrack(`J${i}`, { position: i, estimateBytes: job.sizeGb * GB, profile: profileOf(job) }),
        );
        const work = new Map<string, number>();
        let memory: GovernorMemory = initialGovernorMemory();
        let now = 0;
        let nextDecision = 0;
        while (tracks.some((t) => t.status !== "completed") && now < 30 * 60_000) {
          const usedBytes = tracks.reduce((sum, t) => sum + t.currentBytes, 0);
          expect(usedBytes).toBeLessThan(line);
          if (now >= nextDecision) {
            const input = makeInput((usedBytes / (16 * GB)) * 100, tracks, {
              now,
              usedBytes,
              policy: { maxConcurrent: 100 },
            });
            const decision = decideGovernorActions(input, memory);
            memory = decision.memory;
            expect(decision.actions.filter((a) => a.kind !== "start" && a.kind !== "alert")).toEqual([]);
            tracks = applyActions(tracks, decision.actions, now).map((t) =>
              t.status === "running" && t.runningMs === undefined ? { ...t, runningMs: 0 } : t,
            );
            const after = makeInput((usedBytes / (16 * GB)) * 100, tracks, { now, usedBytes });
            expect(projectedUse(after)).toBeLessThan(line);
            nextDecision = now + decision.sampleIntervalMs;
          }
          now += 250;
          tracks = tracks.map((t, i) => {
            if (t.status !== "running") return t;
            const job = jobs[i]!;
            const ms = (work.get(t.key) ?? 0) + 250;
            work.set(t.key, ms);
            if (ms >= job.seconds * 1000)
              return { ...t, status: "completed", currentBytes: 0, runningMs: null };
            const fraction = ms / (job.seconds * 1000);
            return {
              ...t,
              runningMs: ms,
              currentBytes: heldAt(job, ms),
              observation: observeMemory(t.observation ?? null, ms, heldAt(job, ms)),
              progress: progressReports ? 5 * Math.floor(fraction * 20) : 0,
            };
          });
        }
        expect(tracks.every((t) => t.status === "completed")).toBe(true);
      }),
      { numRuns: 60, seed: 20_261_212 },
    );
  });
});

describe("earliestFit: when a track started later would first fit", () => {
  const flat = (key: string, gb: number, endMs: number): Projection => ({
    key,
    basis: "estimate",
    steps: [[0, gb * GB]],
    endMs,
    peakBytes: gb * GB,
  });
  const sum = sumProjections([flat("R", 6, 20_000), flat("S", 2, 50_000)], 1 * GB);
  it.each([
    { name: "now, when it fits now", candidate: flat("A", 2, 30_000), fitsAt: 0 },
    { name: "just after the release that makes room", candidate: flat("A", 5, 30_000), fitsAt: 20_001 },
    {
      name: "after the last release when only that leaves room",
      candidate: flat("A", 9, 10_000),
      fitsAt: 50_001,
    },
    {
      name: "never, when it is larger than the line on its own",
      candidate: flat("A", 13, 10_000),
      fitsAt: Infinity,
    },
  ])("$name", ({ candidate, fitsAt }) => {
    expect(earliestFit(sum, candidate, 12 * GB)).toBe(fitsAt);
  });
  it("not before a given time: then, or after a later release", () => {
    expect(earliestFit(sum, flat("A", 2, 30_000), 12 * GB, 5_000)).toBe(5_000);
    expect(earliestFit(sum, flat("A", 5, 30_000), 12 * GB, 30_000)).toBe(30_000);
    expect(earliestFit(sum, flat("A", 9, 10_000), 12 * GB, 20_000)).toBe(50_001);
  });
});

describe("estimates that proved low raise the other estimates", () => {
  const seen = (
    key: string,
    estimateGb: number,
    seenGb: number,
    status: GovernorTrack["status"] = "running",
  ) =>
    makeTrack(key, {
      status,
      estimateBytes: estimateGb * GB,
      observedPeakBytes: seenGb * GB,
      currentBytes: status === "running" ? seenGb * GB : 0,
      startedAt: 0,
    });

  it.each([
    { name: "none past its estimate", tracks: [seen("A", 2, 1.5), seen("B", 1, 1)], bias: null },
    { name: "past it by less than the tolerance (noise)", tracks: [seen("A", 2, 2.1)], bias: null },
    {
      name: "the largest ratio counts",
      tracks: [seen("A", 2, 2.6), seen("B", 1, 1.5)],
      bias: { factor: 1.5, trackKey: "B", ratio: 1.5 },
    },
    {
      name: "a completed track counts too",
      tracks: [seen("A", 1, 1.4, "completed")],
      bias: { factor: 1.4, trackKey: "A", ratio: 1.4 },
    },
    { name: "capped", tracks: [seen("A", 1, 5)], bias: { factor: BIAS_CAP, trackKey: "A", ratio: 5 } },
    {
      name: "tracks without estimate do not count",
      tracks: [makeRunning("A", 3, { estimateBytes: null })],
      bias: null,
    },
  ])("$name", ({ tracks, bias }) => {
    const found = estimateBias(tracks);
    if (bias === null) expect(found).toBeNull();
    else {
      expect(found?.trackKey).toBe(bias.trackKey);
      expect(found?.factor).toBeCloseTo(bias.factor, 6);
      expect(found?.ratio).toBeCloseTo(bias.ratio, 6);
    }
  });

  it("raises a running track's estimate-based projection, never below what it was seen at", () => {
    const growing = makeRunning("B", 1, {
      estimateBytes: 2 * GB,
      observedPeakBytes: 1 * GB,
      runningMs: 5_000,
    });
    const evidence = { factor: 1.5, trackKey: "A", ratio: 1.5 };
    const model = modelTrack(growing, { now: 0, maxRequeuesPerHour: 2, estimateBias: evidence });
    expect(model).toMatchObject({ basis: "estimate", raised: { by: 1.5, evidence } });
    expect(projectTrack(growing, model).peakBytes).toBe(3 * GB);
    const over = makeRunning("A", 3, { estimateBytes: 2 * GB, runningMs: 5_000 });
    const own = modelTrack(over, {
      now: 0,
      maxRequeuesPerHour: 2,
      estimateBias: { factor: 1.2, trackKey: "A", ratio: 1.5 },
    });
    expect(projectTrack(over, own).peakBytes).toBe(3 * GB);
    expect("raised" in own && own.raised).toBeFalsy();
  });

  // 16 GB, line 12 GB. A (estimate 2 GB) is seen at 3 GB; B (estimate 2 GB) is at 1 GB and still growing; C
  // (estimate 4 GB) is ready. Trusting the estimates: 3 + 2 + 4 = 9 GB, C starts. Raised by A's 1.5×: 3 + 3 + 6 = 12.
  const running = (aSeenGb: number) => [
    makeRunning("A", aSeenGb, { estimateBytes: 2 * GB, position: 0 }),
    makeRunning("B", 1, { estimateBytes: 2 * GB, observedPeakBytes: 1 * GB, position: 1 }),
  ];
  const candidate = makeTrack("C", { estimateBytes: 4 * GB, position: 2 });
  const decide = (tracks: GovernorTrack[]) => {
    const used = tracks.reduce((sum, t) => sum + t.currentBytes, 0);
    return decideGovernorActions(
      makeInput((used / (16 * GB)) * 100, tracks, { usedBytes: used }),
      initialGovernorMemory(),
    );
  };

  it("admission: a candidate that fits on trusted estimates waits once another track proved its estimate low", () => {
    expect(decide([...running(2), candidate]).actions.map((a) => a.kind)).toEqual(["start"]);
    const raised = decide([...running(3), candidate]);
    expect(raised.actions).toEqual([]);
    expect(raised.queue[0]?.reason).toContain("needs 6.00 GB");
    expect(raised.queue[0]?.reason).toContain(
      "raised ×1.50: A used 1.50× its estimate, so the plan's other estimates may be low too",
    );
  });

  it("a raise does not keep a track from running alone when only its own estimate fits below Red", () => {
    // 9 GB raised ×2 is 18 GB, over the Red line (13.6 GB); on its own estimate it would start alone.
    const alone = makeTrack("D", { estimateBytes: 9 * GB });
    const decision = decide([seen("T", 1, 3, "completed"), alone]);
    expect(decision.actions.map((a) => `${a.kind}:${"trackKey" in a ? a.trackKey : ""}`)).toEqual([
      "start:D",
    ]);
  });
});
