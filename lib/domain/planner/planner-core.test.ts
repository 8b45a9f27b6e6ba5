import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  computeCriticalPath,
  ProjectError,
  type RcpspProblem,
  scheduleInOrder,
  scheduleProject,
} from "./planner-core";
import { parsePsplibInstance } from "./psplib";
import { checkSchedule } from "./schedule-check";

type Job = RcpspProblem["jobs"][number];
const job = (id: string, duration: number, demands: number[], predecessors: string[] = []): Job => ({
  id,
  duration,
  demands,
  predecessors,
});

/** Random small instances: a DAG over 3–12 jobs (arcs only forward), 1–3 resources, demands within capacity. */
function arbitraryProblem(scale: { duration: number; capacity: number }) {
  return fc
    .record({ n: fc.integer({ min: 3, max: 12 }), r: fc.integer({ min: 1, max: 3 }) })
    .chain(({ n, r }) =>
      fc
        .record({
          capacities: fc.array(fc.integer({ min: 1, max: scale.capacity }), { minLength: r, maxLength: r }),
          durations: fc.array(fc.integer({ min: 0, max: scale.duration }), { minLength: n, maxLength: n }),
          // Demands as a share of capacity so they never exceed it.
          shares: fc.array(
            fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: r, maxLength: r }),
            {
              minLength: n,
              maxLength: n,
            },
          ),
          arcs: fc.array(fc.boolean(), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }),
        })
        .map(({ capacities, durations, shares, arcs }): RcpspProblem => {
          let a = 0;
          const jobs = durations.map((duration, j) => {
            const predecessors: string[] = [];
            for (let i = 0; i < j; i++) if (arcs[a++] && (i + j) % 3 !== 0) predecessors.push(`j${i}`);
            const demands = capacities.map((cap, k) => Math.floor((shares[j]?.[k] ?? 0) * cap));
            return job(`j${j}`, duration, demands, predecessors);
          });
          return { jobs, capacities };
        }),
    );
}

/** Bounds computed here, independently: the longest chain and, per resource, work over capacity. */
function lowerBounds(problem: RcpspProblem): { chain: number; work: number } {
  const finish = new Map<string, number>();
  for (const j of problem.jobs) {
    const ready = Math.max(0, ...j.predecessors.map((p) => finish.get(p) ?? 0));
    finish.set(j.id, ready + j.duration);
  }
  const chain = Math.max(0, ...finish.values());
  const work = Math.max(
    0,
    ...problem.capacities.map((cap, k) =>
      Math.ceil(problem.jobs.reduce((s, j) => s + j.duration * (j.demands[k] ?? 0), 0) / cap),
    ),
  );
  return { chain, work };
}

describe("scheduleProject", () => {
  it("always returns a schedule the independent checker accepts, no shorter than the lower bounds", () => {
    fc.assert(
      fc.property(
        arbitraryProblem({ duration: 10, capacity: 10 }),
        fc.integer({ min: 1, max: 1000 }),
        (problem, seed) => {
          const s = scheduleProject(problem, { passes: 30, seed });
          expect(checkSchedule(problem, s.starts)).toEqual([]);
          const { chain, work } = lowerBounds(problem);
          expect(s.makespan).toBeGreaterThanOrEqual(chain);
          expect(s.makespan).toBeGreaterThanOrEqual(work);
          expect(s.makespan).toBeLessThanOrEqual(problem.jobs.reduce((t, j) => t + j.duration, 0));
          expect(s.criticalPathLength).toBe(chain);
          expect(s.lowerBound).toBe(Math.max(chain, work));
          for (const j of problem.jobs) expect(s.finishes[j.id]).toBe(s.starts[j.id]! + j.duration);
        },
      ),
      { numRuns: 150, seed: 20251005 },
    );
  });

  it("stays exact with millisecond durations and byte-sized demands", () => {
    fc.assert(
      fc.property(arbitraryProblem({ duration: 3 * 86_400_000, capacity: 64e9 }), (problem) => {
        const halved = { ...problem, jobs: problem.jobs.map((j) => ({ ...j, duration: j.duration / 2 })) };
        const s = scheduleProject(halved, { passes: 20 });
        expect(checkSchedule(halved, s.starts)).toEqual([]);
        expect(s.makespan).toBeGreaterThanOrEqual(s.criticalPathLength);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it("finds the optimum of tiny instances (checked against every job order)", () => {
    fc.assert(
      fc.property(
        arbitraryProblem({ duration: 9, capacity: 6 }).filter((p) => p.jobs.length <= 6),
        (problem) => {
          const best = Math.min(
            ...permutations(problem.jobs.map((j) => j.id)).map(
              (order) => scheduleInOrder(problem, order).makespan,
            ),
          );
          expect(scheduleProject(problem, { passes: 60 }).makespan).toBe(best);
        },
      ),
      { numRuns: 40, seed: 42 },
    );
  });

  it.skipIf(!hasPsplib)("is reproducible: the same seed gives the same schedule", () => {
    const text = readFileSync(J301_1, "utf8");
    const { problem } = parsePsplibInstance(text);
    const a = scheduleProject(problem, { passes: 40, seed: 9 });
    const b = scheduleProject(problem, { passes: 40, seed: 9 });
    expect(a.starts).toEqual(b.starts);
    expect(a.schedulesGenerated).toBe(b.schedulesGenerated);
  });

  it("packs jobs that fit together and separates those that do not", () => {
    const problem: RcpspProblem = {
      capacities: [10],
      jobs: [job("a", 3, [6]), job("b", 3, [6]), job("c", 3, [4]), job("d", 3, [4])],
    };
    const s = scheduleProject(problem);
    expect(s.makespan).toBe(6);
    expect(s.peakUsage).toEqual([10]);
    expect(s.lowerBound).toBe(6);
  });

  it("rejects problems no schedule can satisfy, with the reason", () => {
    const bad =
      (jobs: Job[], capacities = [5]) =>
      () =>
        scheduleProject({ jobs, capacities });
    expect(bad([job("a", 1, [6])])).toThrow(/"a" needs 6 of resource 0, whose capacity is 5/);
    expect(bad([job("a", 1, [1], ["b"]), job("b", 1, [1], ["a"])])).toThrow(
      /dependency cycle among "a", "b"/,
    );
    expect(bad([job("a", 1, [1], ["zz"])])).toThrow(/unknown job "zz"/);
    expect(bad([job("a", -1, [1])])).toThrow(ProjectError);
    expect(bad([job("a", 1, [1]), job("a", 1, [1])])).toThrow(/appears twice/);
    expect(bad([job("a", 1, [1, 1])])).toThrow(/2 demands for 1 resources/);
  });

  it("schedules in a given order, repairing one that breaks precedence", () => {
    const problem: RcpspProblem = {
      capacities: [1],
      jobs: [job("a", 2, [1]), job("b", 1, [1], ["a"]), job("c", 4, [1])],
    };
    expect(scheduleInOrder(problem, ["c", "a", "b"]).starts).toEqual({ c: 0, a: 4, b: 6 });
    // "b" listed before its predecessor "a": "b" waits, the next listed job that can go ("c") goes first.
    const repaired = scheduleInOrder(problem, ["b", "c", "a"]);
    expect(repaired.starts).toEqual({ c: 0, a: 4, b: 6 });
    expect(repaired.order).toEqual(["c", "a", "b"]);
    expect(scheduleInOrder(problem, ["a", "b", "c"]).starts).toEqual({ a: 0, b: 2, c: 3 });
  });
});

describe("critical path", () => {
  it("finds the zero-slack chain and the slack of the others", () => {
    // a(3) → c(4) → e(2); b(1) → d(1) → e; a → d. Longest: a, c, e = 9.
    const problem: RcpspProblem = {
      capacities: [1],
      jobs: [
        job("a", 3, [0]),
        job("b", 1, [0]),
        job("c", 4, [0], ["a"]),
        job("d", 1, [0], ["a", "b"]),
        job("e", 2, [0], ["c", "d"]),
      ],
    };
    const cpm = computeCriticalPath(problem);
    expect(cpm.criticalPathLength).toBe(9);
    expect(cpm.criticalPath).toEqual(["a", "c", "e"]);
    expect(cpm.earliestStarts).toEqual({ a: 0, b: 0, c: 3, d: 3, e: 7 });
    expect(cpm.latestStarts).toEqual({ a: 0, b: 5, c: 3, d: 6, e: 7 });
    expect(cpm.slack).toEqual({ a: 0, b: 5, c: 0, d: 3, e: 0 });
  });

  it("reports every job on a tie and ignores resources", () => {
    const problem: RcpspProblem = {
      capacities: [1],
      jobs: [job("x", 5, [1]), job("y", 5, [1]), job("z", 2, [1], ["x"]), job("w", 7, [1])],
    };
    const s = scheduleProject(problem);
    // By earliest start, ties in problem order.
    expect(s.criticalPath).toEqual(["x", "w", "z"]);
    expect(s.criticalPathLength).toBe(7);
    expect(s.makespan).toBe(19); // one at a time
    expect(s.slack.y).toBe(2);
  });
});

const J301_1 = path.resolve(__dirname, "../../../../shared/benchmarks/psplib/j30/j301_1.sm");
const hasPsplib = existsSync(J301_1);

describe("PSPLIB j301_1", () => {
  it.skipIf(!hasPsplib)(
    `reaches the proven optimum 43${hasPsplib ? "" : " (skipped: ../shared/benchmarks/psplib is not next to the repo)"}`,
    () => {
      const { problem, mpmTime } = parsePsplibInstance(readFileSync(J301_1, "utf8"));
      const s = scheduleProject(problem, { passes: 300 });
      expect(checkSchedule(problem, s.starts)).toEqual([]);
      expect(s.criticalPathLength).toBe(mpmTime);
      expect(s.makespan).toBe(43);
    },
  );
});

function permutations(items: string[]): string[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]),
  );
}
