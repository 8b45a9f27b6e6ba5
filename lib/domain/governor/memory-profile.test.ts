import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AttemptObservation,
  compactEnvelope,
  endObservation,
  envelopeAt,
  isGrowthSettled,
  learnProfile,
  observeMemory,
  PROFILE_MAX_POINTS,
  type ProfilePoint,
  planProfile,
  raisePeak,
  reshapeProfile,
  upperEnvelope,
} from "./memory-profile";

const MB = 1e6;
const GB = 1e9;

/** Folds [ms, bytes] samples into an observation, as the engine would one sample at a time. */
function observe(samples: [number, number][]): AttemptObservation {
  let observation: AttemptObservation | null = null;
  for (const [at, bytes] of samples) observation = observeMemory(observation, at, bytes);
  return observation!;
}

describe("observeMemory: one attempt, sample by sample", () => {
  it("starts the envelope at 0 ms with the first sample and adds a point for each rise of a step", () => {
    const o = observe([
      [1_000, 100 * MB],
      [2_000, 100 * MB],
      [3_000, 400 * MB],
      [4_000, 300 * MB],
      [5_000, 900 * MB],
    ]);
    expect(o.envelope).toEqual([
      [0, 100 * MB],
      [3_000, 400 * MB],
      [5_000, 900 * MB],
    ]);
    expect(o).toMatchObject({ samples: 5, lastMs: 5_000, peakBytes: 900 * MB, lastRiseMs: 5_000 });
  });

  it("places a rise at the previous sample's running time when told (it happened after it)", () => {
    let o = observeMemory(null, 500, 100 * MB);
    o = observeMemory(o, 1_500, 100 * MB, o.lastMs);
    o = observeMemory(o, 2_500, 400 * MB, o.lastMs);
    o = observeMemory(o, 3_500, 900 * MB, o.lastMs);
    expect(o.envelope).toEqual([
      [0, 100 * MB],
      [1_500, 400 * MB],
      [2_500, 900 * MB],
    ]);
    // Seen when they were seen: growth settles no sooner for it.
    expect(o).toMatchObject({ lastMs: 3_500, lastRiseMs: 3_500, peakBytes: 900 * MB });
    // A rise right after the first sample raises the start (no point twice at one time).
    const early = observeMemory(observeMemory(null, 0, 100 * MB), 1_000, 500 * MB, 0);
    expect(early.envelope).toEqual([[0, 500 * MB]]);
  });

  it("endObservation sets the attempt's length to its running time at the end, never shorter", () => {
    const o = observe([
      [1_000, 100 * MB],
      [2_000, 200 * MB],
    ]);
    expect(endObservation(o, 2_700).lastMs).toBe(2_700);
    expect(endObservation(o, 1_500).lastMs).toBe(2_000);
    expect(learnProfile(null, endObservation(o, 2_700), true).durationMs).toBe(2_700);
  });

  it("raises the last point for a small rise instead of adding one (so the envelope stays above)", () => {
    const o = observe([
      [0, 1 * GB],
      [1_000, 1.01 * GB],
      [2_000, 1.02 * GB],
    ]);
    expect(o.envelope).toEqual([[0, 1.02 * GB]]);
    expect(o.lastRiseMs).toBe(0);
  });

  it("a slow climb still adds points: small rises add up against the last point's size when it was added", () => {
    const samples: [number, number][] = Array.from({ length: 50 }, (_, i) => [
      i * 1_000,
      (1 + i * 0.01) * GB,
    ]);
    const o = observe(samples);
    expect(o.envelope.length).toBeGreaterThan(10);
    expect(o.lastRiseMs).toBeGreaterThan(40_000);
  });

  it("keeps at most PROFILE_MAX_POINTS, never below any sample", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4_000 }), { minLength: 1, maxLength: 200 }), (mbs) => {
        const samples = mbs.map((mb, i): [number, number] => [i * 500, mb * MB]);
        const o = observe(samples);
        expect(o.envelope.length).toBeLessThanOrEqual(PROFILE_MAX_POINTS);
        let peak = 0;
        for (const [at, bytes] of samples) {
          peak = Math.max(peak, bytes);
          // The envelope is at least the highest use seen up to then.
          expect(envelopeAt(o.envelope, at)).toBeGreaterThanOrEqual(peak);
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe("learnProfile: across attempts and runs", () => {
  it("a completed attempt gives peak, time to peak, duration and one run", () => {
    const o = observe([
      [0, 200 * MB],
      [10_000, 1 * GB],
      [20_000, 2 * GB],
      [29_000, 2 * GB],
    ]);
    expect(learnProfile(null, o, true)).toEqual({
      source: "learned",
      peakBytes: 2 * GB,
      timeToPeakMs: 20_000,
      durationMs: 29_000,
      runs: 1,
      samples: 4,
      envelope: [
        [0, 200 * MB],
        [10_000, 1 * GB],
        [20_000, 2 * GB],
      ],
    });
  });

  it("keeps the upper envelope and the longest duration of two runs", () => {
    const early = learnProfile(
      null,
      observe([
        [0, 1 * GB],
        [5_000, 2 * GB],
        [20_000, 2 * GB],
      ]),
      true,
    );
    const late = learnProfile(
      early,
      observe([
        [0, 1.5 * GB],
        [15_000, 2.5 * GB],
        [30_000, 2.5 * GB],
      ]),
      true,
    );
    expect(late.envelope).toEqual([
      [0, 1.5 * GB],
      [5_000, 2 * GB],
      [15_000, 2.5 * GB],
    ]);
    expect(late).toMatchObject({ peakBytes: 2.5 * GB, durationMs: 30_000, runs: 2, timeToPeakMs: 15_000 });
  });

  it("a stopped attempt adds its growth but no run, and a duration only when it outlasted the known one", () => {
    const stopped = learnProfile(
      null,
      observe([
        [0, 1 * GB],
        [8_000, 3 * GB],
      ]),
      false,
    );
    expect(stopped).toMatchObject({ runs: 0, durationMs: null, peakBytes: 3 * GB });
    const done = learnProfile(
      stopped,
      observe([
        [0, 1 * GB],
        [20_000, 2 * GB],
      ]),
      true,
    );
    expect(done).toMatchObject({ runs: 1, durationMs: 20_000, peakBytes: 3 * GB });
    const longer = learnProfile(
      done,
      observe([
        [0, 1 * GB],
        [25_000, 2 * GB],
      ]),
      false,
    );
    expect(longer).toMatchObject({ runs: 1, durationMs: 25_000 });
  });

  it("keeps the progress curve of the longest completed attempt, through a raise of its peak", () => {
    const curve: [number, number][] = [
      [6_000, 20],
      [15_000, 70],
    ];
    const first = learnProfile(null, endObservation(observe([[0, 1 * GB]]), 20_000), true, curve);
    expect(first.progress).toEqual(curve);
    // A shorter attempt's curve would stretch the longer duration wrongly: the first one's stays.
    const shorter = learnProfile(first, endObservation(observe([[0, 1 * GB]]), 18_000), true, [[5_000, 30]]);
    expect(shorter.progress).toEqual(curve);
    const longer = learnProfile(first, endObservation(observe([[0, 1 * GB]]), 24_000), true, [[8_000, 30]]);
    expect(longer.progress).toEqual([[8_000, 30]]);
    expect(raisePeak(longer, 2 * GB).progress).toEqual([[8_000, 30]]);
    // An attempt not watched from its start (null) adds none.
    expect(learnProfile(null, endObservation(observe([[0, 1 * GB]]), 20_000), true, null)).not.toHaveProperty(
      "progress",
    );
  });

  it("ignores a plan profile as the previous one: only attempts are learned from", () => {
    const plan = planProfile(8 * GB, null, null)!;
    expect(learnProfile(plan, observe([[0, 1 * GB]]), true).peakBytes).toBe(1 * GB);
  });
});

describe("planProfile: ram, ramProfile.rampTo and duration", () => {
  it("holds ram from the start without rampTo, until the longest duration", () => {
    expect(planProfile(2 * GB, null, { minMs: 60_000, maxMs: 90_000 })).toMatchObject({
      source: "plan",
      envelope: [[0, 2 * GB]],
      durationMs: 90_000,
      timeToPeakMs: 0,
    });
    expect(planProfile(2 * GB, 40, null)?.envelope).toEqual([[0, 2 * GB]]);
    expect(planProfile(null, 40, null)).toBeNull();
  });

  it("draws the ramp over rampTo % of the shortest duration as steps above the straight line", () => {
    const profile = planProfile(8 * GB, 40, { minMs: 100_000, maxMs: 150_000 })!;
    expect(profile.envelope).toHaveLength(8);
    expect(profile.envelope[0]).toEqual([0, 1 * GB]);
    expect(profile.envelope.at(-1)).toEqual([35_000, 8 * GB]);
    expect(profile.durationMs).toBe(150_000);
    for (let at = 0; at <= 40_000; at += 1_000) {
      expect(envelopeAt(profile.envelope, at)).toBeGreaterThanOrEqual((8 * GB * at) / 40_000);
    }
  });
});

describe("reshaping and raising", () => {
  it("carries another track's growth shape over to this track's ram and duration", () => {
    const kind = learnProfile(
      null,
      observe([
        [0, 1 * GB],
        [10_000, 4 * GB],
        [20_000, 4 * GB],
      ]),
      true,
    );
    expect(reshapeProfile(kind, 2 * GB, { minMs: 40_000, maxMs: 60_000 })).toMatchObject({
      envelope: [
        [0, 0.5 * GB],
        [20_000, 2 * GB],
      ],
      durationMs: 60_000,
    });
    expect(reshapeProfile(kind, 2 * GB, null)).toBeNull();
  });

  it("raises a learned profile to a larger plan estimate, never lowers it", () => {
    const learned = learnProfile(
      null,
      observe([
        [0, 1 * GB],
        [10_000, 2 * GB],
      ]),
      true,
    );
    expect(raisePeak(learned, 4 * GB).envelope).toEqual([
      [0, 2 * GB],
      [10_000, 4 * GB],
    ]);
    expect(raisePeak(learned, 1 * GB)).toBe(learned);
  });
});

describe("envelopes", () => {
  it("upperEnvelope is the pointwise maximum", () => {
    const a: ProfilePoint[] = [
      [0, 1],
      [10, 5],
    ];
    const b: ProfilePoint[] = [
      [0, 2],
      [20, 7],
    ];
    expect(upperEnvelope(a, b)).toEqual([
      [0, 2],
      [10, 5],
      [20, 7],
    ]);
  });

  it("compactEnvelope moves steps earlier, never later or lower", () => {
    const points: ProfilePoint[] = [
      [0, 1],
      [10, 2],
      [11, 3],
      [50, 9],
    ];
    const compact = compactEnvelope(points, 3);
    expect(compact).toEqual([
      [0, 1],
      [10, 3],
      [50, 9],
    ]);
    for (let at = 0; at < 60; at++)
      expect(envelopeAt(compact, at)).toBeGreaterThanOrEqual(envelopeAt(points, at));
  });
});

describe("isGrowthSettled", () => {
  it("needs the learning time and no rise in its second half", () => {
    const rising = observe([
      [0, 1 * GB],
      [30_000, 1 * GB],
      [50_000, 2 * GB],
      [60_000, 2 * GB],
    ]);
    expect(isGrowthSettled(rising, 60_000)).toBe(false);
    const flat = observe([
      [0, 1 * GB],
      [20_000, 2 * GB],
      [40_000, 2 * GB],
      [60_000, 2 * GB],
    ]);
    expect(isGrowthSettled(flat, 60_000)).toBe(true);
    expect(isGrowthSettled(flat, 120_000)).toBe(false);
    expect(isGrowthSettled(null, 60_000)).toBe(false);
  });
});
