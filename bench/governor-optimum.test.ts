import { describe, expect, it } from "vitest";
import type { BenchJob } from "./governor-jobs";
import { jobProjection, searchStaticOptimum } from "./governor-optimum";

const GIB = 1024 ** 3;
const job = (key: string, gib: number, seconds: number, steps = 1): BenchJob => ({
  key,
  sizeBytes: gib * GIB,
  seconds,
  steps,
  childMib: 0,
});
const none = { growthLead: 0, endSlack: 0 };

describe("jobProjection", () => {
  it("is the job's exact curve, with growth drawn earlier and the end later by the margins", () => {
    const exact = jobProjection(job("a", 2, 10, 2), none);
    expect(exact.steps).toEqual([
      [0, 1 * GIB],
      [5_000, 2 * GIB],
    ]);
    expect(exact.endMs).toBe(10_000);
    const margined = jobProjection(job("a", 2, 10, 2), { growthLead: 0.25, endSlack: 0.1 });
    expect(margined.steps[1]).toEqual([4_000, 2 * GIB]);
    expect(margined.endMs).toBeCloseTo(11_000, 6);
  });
});

describe("searchStaticOptimum", () => {
  it("runs side by side what fits together, and one after the other what does not", () => {
    // A line of 3 GiB: the two 2 GiB jobs never overlap; each 1 GiB one fits beside either of them.
    const jobs = [job("big1", 2, 20), job("small1", 1, 20), job("big2", 2, 20), job("small2", 1, 20)];
    const best = searchStaticOptimum(jobs, { lineBytes: 3 * GIB + 1, margins: none, restarts: 5, moves: 50 });
    expect(best.seconds).toBeCloseTo(40, 1);
    expect(new Set(best.order)).toEqual(new Set(jobs.map((j) => j.key)));
  });

  it("finds an order better than the plan's when one exists", () => {
    // Two fit at a time. The plan's order runs both short jobs first and the long one after them: 10 + 40 s.
    // Long first, the short ones one after the other beside it: 40 s.
    const jobs = [job("short1", 2, 10), job("short2", 2, 10), job("long", 2, 40)];
    const line = 4 * GIB + 1;
    const planOnly = searchStaticOptimum(jobs, { lineBytes: line, margins: none, restarts: 0 });
    expect(planOnly.seconds).toBeCloseTo(50, 1);
    const best = searchStaticOptimum(jobs, { lineBytes: line, margins: none, restarts: 5, moves: 50 });
    expect(best.seconds).toBeCloseTo(40, 1);
  });
});
