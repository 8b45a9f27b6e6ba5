import { describe, expect, it } from "vitest";
import { checkSchedule } from "./schedule-check";

const problem = {
  capacities: [10, 2],
  jobs: [
    { id: "a", duration: 3, demands: [6, 1], predecessors: [] },
    { id: "b", duration: 2, demands: [4, 1], predecessors: [] },
    { id: "c", duration: 4, demands: [5, 1], predecessors: ["a"] },
    { id: "z", duration: 0, demands: [10, 2], predecessors: ["b", "c"] },
  ],
};

describe("checkSchedule", () => {
  it("accepts a feasible schedule, touching intervals included", () => {
    expect(checkSchedule(problem, { a: 0, b: 0, c: 3, z: 7 })).toEqual([]);
    // b ends at 2 and c starts at 2 is fine; a zero-length job uses no capacity.
    expect(checkSchedule(problem, { a: 0, b: 3, c: 3, z: 7 })).toEqual([]);
  });

  it("reports a job that starts before a predecessor finishes", () => {
    const v = checkSchedule(problem, { a: 0, b: 0, c: 2, z: 7 });
    expect(v).toEqual([
      expect.objectContaining({ kind: "precedence", job: "c", predecessor: "a" }),
      // At time 2, b [0, 2) has just ended but a [0, 3) and c [2, 6) overlap: 6 + 5 > 10.
      expect.objectContaining({ kind: "capacity", resource: 0, at: 2, used: 11, jobs: ["a", "c"] }),
    ]);
  });

  it("reports each resource that overflows, at the instant it does", () => {
    const tight = { ...problem, capacities: [9, 1] };
    const v = checkSchedule(tight, { a: 0, b: 1, c: 3, z: 7 });
    expect(v).toEqual([
      expect.objectContaining({
        kind: "capacity",
        resource: 0,
        at: 1,
        used: 10,
        capacity: 9,
        jobs: ["a", "b"],
      }),
      expect.objectContaining({ kind: "capacity", resource: 1, at: 1, used: 2, capacity: 1 }),
    ]);
  });

  it("reports missing, negative and non-finite starts and bad durations", () => {
    const bad = {
      ...problem,
      jobs: [...problem.jobs, { id: "n", duration: -1, demands: [0, 0], predecessors: [] }],
    };
    const kinds = checkSchedule(bad, { a: -1, b: Number.NaN, z: 7 }).map(
      (v) => `${v.kind}:${"job" in v ? v.job : ""}`,
    );
    expect(kinds).toEqual(["invalid-start:a", "invalid-start:b", "missing-start:c", "invalid-duration:n"]);
  });

  it("reports a predecessor that is not a job", () => {
    const orphan = {
      capacities: [1],
      jobs: [{ id: "a", duration: 1, demands: [1], predecessors: ["ghost"] }],
    };
    expect(checkSchedule(orphan, { a: 0 })).toEqual([
      expect.objectContaining({ kind: "unknown-predecessor" }),
    ]);
  });

  it("tolerates rounding in fractional demands but not a real overflow", () => {
    const fractional = {
      capacities: [0.3],
      jobs: [
        { id: "a", duration: 1, demands: [0.1], predecessors: [] },
        { id: "b", duration: 1, demands: [0.2], predecessors: [] },
      ],
    };
    expect(checkSchedule(fractional, { a: 0, b: 0 })).toEqual([]); // 0.1 + 0.2 = 0.30000000000000004
    expect(checkSchedule({ ...fractional, capacities: [0.29] }, { a: 0, b: 0 })).toHaveLength(1);
  });
});
