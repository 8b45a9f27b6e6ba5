import { describe, expect, it } from "vitest";
import type { MemorySample } from "@/lib/domain/types";
import { zoneBands } from "../common/zone-style";
import { bucketSamples, percentTicks, timeTicks } from "./memory-timeline";

const sample = (second: number, machine: number, budget: number | null = null): MemorySample =>
  ({
    at: new Date(Date.UTC(2025, 0, 1, 0, 0, second)).toISOString(),
    machine: { usedPercent: machine },
    budget: budget === null ? null : { usedPercent: budget },
  }) as MemorySample;

const t = (second: number) => Date.UTC(2025, 0, 1, 0, 0, second);

describe("bucketSamples", () => {
  it("keeps one point per bucket with the bucket's peak, ending on the newest sample", () => {
    const samples = [sample(0, 10), sample(1, 30), sample(2, 20), sample(3, 15), sample(4, 12)];
    expect(bucketSamples(samples, t(0), 2000)).toEqual([
      { t: t(1), machine: 30, budget: null },
      { t: t(3), machine: 20, budget: null },
      { t: t(4), machine: 12, budget: null },
    ]);
  });

  it("leaves out samples before the window and keeps the budget's own peak", () => {
    const samples = [sample(0, 90, 90), sample(10, 40, 70), sample(11, 50, 60)];
    expect(bucketSamples(samples, t(5), 2000)).toEqual([{ t: t(11), machine: 50, budget: 70 }]);
  });

  it("draws the budget's use from the run's start only: before it, an earlier run's budget was measured", () => {
    const samples = [sample(0, 10, 95), sample(2, 12, 40), sample(4, 11, 20), sample(6, 13, 30)];
    expect(bucketSamples(samples, t(0), 2000, t(4))).toEqual([
      { t: t(0), machine: 10, budget: null },
      { t: t(2), machine: 12, budget: null },
      { t: t(4), machine: 11, budget: 20 },
      { t: t(6), machine: 13, budget: 30 },
    ]);
  });

  it("does not move earlier points when a sample is added (buckets follow the clock)", () => {
    const before = bucketSamples([sample(0, 10), sample(1, 30), sample(2, 20)], t(0), 2000);
    const after = bucketSamples([sample(0, 10), sample(1, 30), sample(2, 20), sample(3, 25)], t(0), 2000);
    expect(after[0]).toEqual(before[0]);
  });
});

describe("timeTicks", () => {
  it("falls on whole steps inside the window, so labels stay put between redraws", () => {
    const minute = 60_000;
    expect(timeTicks(1.5 * minute, 7 * minute, 2 * minute)).toEqual([2 * minute, 4 * minute, 6 * minute]);
    expect(timeTicks(2 * minute, 2 * minute, 2 * minute)).toEqual([2 * minute]);
  });
});

describe("percentTicks", () => {
  it("puts a tick at each of the run's zone lines, not the seed's", () => {
    expect(percentTicks(zoneBands({ yellow: 40, orange: 70, red: 90 }))).toEqual([0, 40, 70, 90, 100]);
  });

  it("names 0 and 100 once when a zone starts there", () => {
    expect(percentTicks(zoneBands({ yellow: 0, orange: 50, red: 100 }))).toEqual([0, 50, 100]);
  });
});
