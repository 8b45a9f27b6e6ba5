// Validation and compilation of an RCPSP problem into dense typed arrays (ids → indices, predecessor and
// successor lists, a stable topological order), the form every other planner module works on.
import { ProjectError, type RcpspJob, type RcpspProblem } from "./planner-types";

/** Compiled problem: dense indices and typed arrays, so the inner loops allocate nothing. */
export type Compiled = {
  n: number;
  r: number;
  ids: string[];
  duration: Float64Array;
  /** demand[j * r + k] */
  demand: Float64Array;
  capacity: Float64Array;
  /** Capacity plus a rounding allowance, so sums of fractional demands do not fail spuriously. */
  limit: Float64Array;
  hasDemand: Uint8Array;
  preds: Int32Array[];
  succs: Int32Array[];
  topoPos: Int32Array;
  integral: boolean;
};

/** Validates the problem (throws ProjectError) and compiles it once, before any scheduling. */
export function compile(problem: RcpspProblem): Compiled {
  const r = problem.capacities.length;
  const n = problem.jobs.length;
  problem.capacities.forEach((cap, k) => {
    if (!Number.isFinite(cap) || cap < 0) throw new ProjectError(`capacity ${k} must be a finite number ≥ 0`);
  });
  const capacity = Float64Array.from(problem.capacities);
  const limit = capacity.map((cap) => cap + 1e-9 * Math.max(1, cap));
  const index = new Map<string, number>();
  problem.jobs.forEach((job, j) => {
    if (index.has(job.id)) throw new ProjectError(`job id "${job.id}" appears twice`);
    index.set(job.id, j);
  });
  const duration = new Float64Array(n);
  const demand = new Float64Array(n * r);
  const hasDemand = new Uint8Array(n);
  const predLists: number[][] = [];
  const succLists: number[][] = problem.jobs.map(() => []);
  let integral = true;
  problem.jobs.forEach((job, j) => {
    if (!Number.isFinite(job.duration) || job.duration < 0) {
      throw new ProjectError(`job "${job.id}" has duration ${job.duration}; it must be finite and ≥ 0`);
    }
    duration[j] = job.duration;
    if (!Number.isInteger(job.duration)) integral = false;
    if (job.demands.length !== r) {
      throw new ProjectError(`job "${job.id}" lists ${job.demands.length} demands for ${r} resources`);
    }
    job.demands.forEach((d, k) => {
      if (!Number.isFinite(d) || d < 0)
        throw new ProjectError(`job "${job.id}" has demand ${d} on resource ${k}`);
      if (d > (limit[k] ?? 0)) {
        throw new ProjectError(
          `job "${job.id}" needs ${d} of resource ${k}, whose capacity is ${capacity[k]}`,
        );
      }
      demand[j * r + k] = d;
      if (d > 0 && job.duration > 0) hasDemand[j] = 1;
    });
    const preds = new Set<number>();
    for (const p of job.predecessors) {
      const i = index.get(p);
      if (i === undefined) throw new ProjectError(`job "${job.id}" depends on unknown job "${p}"`);
      if (i === j) throw new ProjectError(`job "${job.id}" depends on itself`);
      preds.add(i);
    }
    predLists.push([...preds]);
    for (const p of preds) succLists[p]?.push(j);
  });
  const preds = predLists.map((l) => Int32Array.from(l));
  const succs = succLists.map((l) => Int32Array.from(l));
  const topoPos = topologicalPositions(n, preds, succs, problem.jobs);
  return {
    n,
    r,
    ids: problem.jobs.map((j) => j.id),
    duration,
    demand,
    capacity,
    limit,
    hasDemand,
    preds,
    succs,
    topoPos,
    integral,
  };
}

/** Kahn's algorithm, smallest index first so the order is stable; throws on a cycle. */
function topologicalPositions(
  n: number,
  preds: Int32Array[],
  succs: Int32Array[],
  jobs: RcpspJob[],
): Int32Array {
  const waiting = Int32Array.from(preds, (p) => p.length);
  const ready: number[] = [];
  for (let j = n - 1; j >= 0; j--) if (waiting[j] === 0) ready.push(j);
  const pos = new Int32Array(n).fill(-1);
  let next = 0;
  while (ready.length > 0) {
    // ready is kept sorted descending, so pop() yields the smallest index.
    const j = ready.pop()!;
    pos[j] = next++;
    for (const s of succs[j]!) {
      waiting[s] = waiting[s]! - 1;
      if (waiting[s] === 0) {
        let i = ready.length;
        ready.push(s);
        while (i > 0 && ready[i - 1]! < s) {
          ready[i] = ready[i - 1]!;
          i--;
        }
        ready[i] = s;
      }
    }
  }
  if (next < n) {
    const stuck = jobs.filter((_, j) => pos[j] === -1).map((j) => `"${j.id}"`);
    throw new ProjectError(`dependency cycle among ${stuck.join(", ")}`);
  }
  return pos;
}

/** Job indices in the stable topological order: the order every forward pass walks. */
export function jobsInTopoOrder(c: Compiled): Int32Array {
  const order = new Int32Array(c.n);
  for (let j = 0; j < c.n; j++) order[c.topoPos[j]!] = j;
  return order;
}
