import { describe, expect, it } from "vitest";
import {
  endAtPace,
  furthestProgress,
  learnProgress,
  observeProgress,
  type ProgressPoint,
  progressEndMs,
  progressSlowness,
  timeToReach,
} from "./progress-pace";

/** The profiled attempt: 10 % at 6 s, 50 % at 12 s (a fast start), 90 % at 40 s, 100 % at 60 s. */
const PROFILED: ProgressPoint[] = [
  [6_000, 10],
  [12_000, 50],
  [40_000, 90],
  [60_000, 100],
];

describe("observeProgress: when each figure was first reported", () => {
  it("adds a point only for a figure higher than any before", () => {
    let curve: ProgressPoint[] | null = [];
    curve = observeProgress(curve, 1_000, 10);
    curve = observeProgress(curve, 2_000, 10);
    curve = observeProgress(curve, 3_000, 5);
    curve = observeProgress(curve, 4_000, 30);
    expect(curve).toEqual([
      [1_000, 10],
      [4_000, 30],
    ]);
    expect(furthestProgress(curve)).toEqual([4_000, 30]);
  });

  it("an attempt not watched from its start stays unknown", () => {
    expect(observeProgress(null, 4_000, 30)).toBeNull();
    expect(furthestProgress(null)).toBeNull();
    expect(furthestProgress([])).toBeNull();
  });

  it("a report of 0 or an impossible running time adds nothing; figures are capped at 100", () => {
    expect(observeProgress([], 1_000, 0)).toEqual([]);
    expect(observeProgress([], Number.NaN, 20)).toEqual([]);
    expect(observeProgress([], 1_000, 140)).toEqual([[1_000, 100]]);
  });
});

describe("progressSlowness: this attempt's time to a figure over the profiled attempt's", () => {
  const cases: { name: string; reached: ProgressPoint | null; expected: number | null }[] = [
    { name: "on the profile's pace", reached: [12_000, 50], expected: 1 },
    { name: "twice as slow", reached: [24_000, 50], expected: 2 },
    { name: "faster", reached: [30_000, 90], expected: 0.75 },
    {
      // Read against the clock, 50 % at 12 s of a 60 s attempt would say "ahead by half"; against the profiled
      // attempt, which also said 50 % at 12 s, it is on pace.
      name: "non-linear figures compare with the profiled attempt's, not the clock",
      reached: [12_000, 50],
      expected: 1,
    },
    {
      name: "a figure between two profiled ones: the next one reached",
      reached: [20_000, 60],
      expected: 0.5,
    },
    { name: "too early to tell", reached: [4_000, 10], expected: null },
    { name: "nothing reported", reached: null, expected: null },
    { name: "done: nothing left to project", reached: [50_000, 100], expected: null },
  ];
  it.each(cases)("$name", ({ reached, expected }) => {
    const slowness = progressSlowness(reached, PROFILED);
    if (expected === null) expect(slowness).toBeNull();
    else expect(slowness).toBeCloseTo(expected, 9);
  });

  it("a profile without a curve, or whose figure came too early, gives no pace", () => {
    expect(progressSlowness([12_000, 50], undefined)).toBeNull();
    expect(progressSlowness([12_000, 5], [[2_000, 5]])).toBeNull();
    expect(progressSlowness([12_000, 95], [[6_000, 10]])).toBeNull();
  });

  it("timeToReach: the first point at or past the figure", () => {
    expect(timeToReach(PROFILED, 10)).toBe(6_000);
    expect(timeToReach(PROFILED, 11)).toBe(12_000);
    expect(timeToReach(PROFILED, 101)).toBeNull();
  });
});

describe("progressEndMs: when this attempt is projected to end, before any margin", () => {
  const cases: { name: string; reached: ProgressPoint | null; expected: number | null }[] = [
    { name: "on pace: the profiled attempt's 60 s", reached: [12_000, 50], expected: 60_000 },
    { name: "twice as slow: the whole profile stretched", reached: [24_000, 50], expected: 120_000 },
    {
      name: "faster: the 20 s the profiled attempt took after 90 % are still ahead",
      reached: [30_000, 90],
      expected: 50_000,
    },
    {
      // The profiled attempt was past 50 % at 12 s and said 90 % at 40 s: at 60 % it may have been as early as 12 s.
      name: "a figure between two profiled ones: what is left from the profiled report at or below it",
      reached: [20_000, 60],
      expected: 20_000 + 48_000,
    },
    { name: "too early to tell", reached: [4_000, 10], expected: null },
    { name: "done", reached: [50_000, 100], expected: null },
  ];
  it.each(cases)("$name", ({ reached, expected }) => {
    const end = progressEndMs(reached, PROFILED, 60_000);
    if (expected === null) expect(end).toBeNull();
    else expect(end).toBeCloseTo(expected, 6);
  });

  it("endAtPace never ends a faster attempt before the profile's remainder, nor a slower one before its stretch", () => {
    expect(endAtPace(0.5, 10_000, 20_000, 60_000)).toBe(50_000);
    expect(endAtPace(2, 40_000, 20_000, 60_000)).toBe(120_000);
    expect(endAtPace(1, 20_000, 20_000, 60_000)).toBe(60_000);
  });
});

describe("learnProgress: the curve a profile keeps", () => {
  const fresh: ProgressPoint[] = [[8_000, 20]];
  it("the first completed attempt's curve", () => {
    expect(
      learnProgress(
        { curve: undefined, durationMs: null },
        { curve: fresh, completed: true, runningMs: 30_000 },
      ),
    ).toEqual(fresh);
  });
  it("a longer completed attempt replaces it (its length is the profile's duration)", () => {
    expect(
      learnProgress(
        { curve: PROFILED, durationMs: 60_000 },
        { curve: fresh, completed: true, runningMs: 70_000 },
      ),
    ).toEqual(fresh);
  });
  it("a shorter one, a stopped one or one not watched from its start leaves the earlier curve", () => {
    const prior = { curve: PROFILED, durationMs: 60_000 };
    expect(learnProgress(prior, { curve: fresh, completed: true, runningMs: 50_000 })).toEqual(PROFILED);
    expect(learnProgress(prior, { curve: fresh, completed: false, runningMs: 90_000 })).toEqual(PROFILED);
    expect(learnProgress(prior, { curve: null, completed: true, runningMs: 90_000 })).toEqual(PROFILED);
    expect(learnProgress(prior, { curve: [], completed: true, runningMs: 90_000 })).toEqual(PROFILED);
  });
  it("nothing before and nothing usable now: none", () => {
    expect(
      learnProgress({ curve: undefined, durationMs: null }, { curve: null, completed: true, runningMs: 1 }),
    ).toBeUndefined();
  });
});
