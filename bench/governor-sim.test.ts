// The modelled world of the governor benchmark: the governor's rules on the benchmark's job sets, and the model of
// GNU parallel --memfree it is compared with.
import { describe, expect, it } from "vitest";
import { buildJobSet, JOB_SET_NAMES, ramTimeLowerBoundSeconds, totalSeconds } from "./governor-jobs";
import { simulateGovernorRun, simulateMemfree } from "./governor-sim";

const GIB = 1024 ** 3;
const USABLE = 4 * GIB;

describe.each(JOB_SET_NAMES)("job set %s", (setName) => {
  const jobs = buildJobSet(1, setName);
  const bound = ramTimeLowerBoundSeconds(jobs, USABLE);

  it("correct estimates: everything completes below Red; the second run, on learned profiles, is faster", () => {
    const first = simulateGovernorRun(jobs, { usableBytes: USABLE, estimates: "correct", jitter: 0.1 });
    const learned = simulateGovernorRun(jobs, {
      usableBytes: USABLE,
      estimates: "correct",
      jitter: 0.1,
      seed: 2,
      store: first.store,
    });
    for (const run of [first, learned]) {
      expect(run.completed).toBe(jobs.length);
      expect(run.peakPercent).toBeLessThan(85);
    }
    expect(first.store.size).toBe(jobs.length);
    expect(learned.makespanSeconds).toBeLessThan(first.makespanSeconds);
    expect(learned.makespanSeconds).toBeGreaterThanOrEqual(bound * 0.75);
  });

  it("no estimates: the first run is about one at a time, the second as fast as with estimates", () => {
    const first = simulateGovernorRun(jobs, { usableBytes: USABLE, estimates: "none" });
    expect(first.completed).toBe(jobs.length);
    expect(first.corrections).toBe(0);
    expect(first.makespanSeconds).toBeLessThanOrEqual(1.1 * totalSeconds(jobs));
    const second = simulateGovernorRun(jobs, { usableBytes: USABLE, estimates: "none", store: first.store });
    const correct = simulateGovernorRun(jobs, {
      usableBytes: USABLE,
      estimates: "correct",
      store: simulateGovernorRun(jobs, { usableBytes: USABLE, estimates: "correct" }).store,
    });
    expect(second.makespanSeconds).toBeLessThanOrEqual(correct.makespanSeconds * 1.05);
  });

  it("estimates 30 % low: the zones correct it, nothing is lost, and the learned peaks end the corrections", () => {
    const first = simulateGovernorRun(jobs, { usableBytes: USABLE, estimates: "low" });
    expect(first.completed).toBe(jobs.length);
    expect(first.corrections).toBeGreaterThan(0);
    const second = simulateGovernorRun(jobs, { usableBytes: USABLE, estimates: "low", store: first.store });
    expect(second.corrections).toBe(0);
  });

  it("the --memfree model starts while the jobs are below usable − floor and kills the youngest above usable", () => {
    const floor = 0.12 * 24 * GIB;
    const tight = simulateMemfree(jobs, { usableBytes: USABLE, floorBytes: floor });
    expect(tight.makespanSeconds).toBeLessThan(totalSeconds(jobs));
    const roomy = simulateMemfree(jobs, { usableBytes: 64 * GIB, floorBytes: floor });
    expect(roomy.kills).toBe(0);
    // With room for everything it starts one job per second: the longest job bounds it.
    expect(roomy.makespanSeconds).toBeLessThanOrEqual(Math.max(...jobs.map((j) => j.seconds)) + jobs.length);
  });
});
