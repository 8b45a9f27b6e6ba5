// Critical-path method (earliest/latest starts, slack) and the makespan lower bound, both ignoring
// resource conflicts: the yardsticks the search aims at and stops on.
import { type Compiled, jobsInTopoOrder } from "./planner-compile";
import type { ProjectSchedule } from "./planner-types";

/** Critical-path times per job index, and the project length ignoring resources. */
export type Cpm = {
  es: Float64Array;
  ls: Float64Array;
  lf: Float64Array;
  length: number;
};

/** Forward and backward pass over precedences alone: feeds the LFT/LST priority rules and the bound. */
export function computeCpm(c: Compiled, duration: Float64Array): Cpm {
  const order = jobsInTopoOrder(c);
  const es = new Float64Array(c.n);
  let length = 0;
  for (const j of order) {
    let t = 0;
    for (const p of c.preds[j]!) t = Math.max(t, es[p]! + duration[p]!);
    es[j] = t;
    length = Math.max(length, t + duration[j]!);
  }
  const lf = new Float64Array(c.n);
  const ls = new Float64Array(c.n);
  for (let i = c.n - 1; i >= 0; i--) {
    const j = order[i]!;
    let t = length;
    for (const s of c.succs[j]!) t = Math.min(t, ls[s]!);
    lf[j] = t;
    ls[j] = t - duration[j]!;
  }
  return { es, ls, lf, length };
}

/** The critical-path data by job id, as the public schedule reports it (near-zero slack counts as zero). */
export function describeCpm(
  c: Compiled,
  cpm: Cpm,
): Pick<
  ProjectSchedule,
  "earliestStarts" | "latestStarts" | "slack" | "criticalPath" | "criticalPathLength"
> {
  const earliestStarts: Record<string, number> = {};
  const latestStarts: Record<string, number> = {};
  const slack: Record<string, number> = {};
  const tolerance = 1e-9 * Math.max(1, cpm.length);
  const critical: number[] = [];
  c.ids.forEach((id, j) => {
    const es = cpm.es[j]!;
    const ls = cpm.ls[j]!;
    earliestStarts[id] = es;
    latestStarts[id] = ls;
    const s = ls - es <= tolerance ? 0 : ls - es;
    slack[id] = s;
    if (s === 0) critical.push(j);
  });
  critical.sort((a, b) => cpm.es[a]! - cpm.es[b]! || c.topoPos[a]! - c.topoPos[b]!);
  return {
    earliestStarts,
    latestStarts,
    slack,
    criticalPath: critical.map((j) => c.ids[j]!),
    criticalPathLength: cpm.length,
  };
}

/** Critical-path length, and per resource the total work over capacity (rounded up when exact integers allow). */
export function computeLowerBound(c: Compiled, cpm: Cpm): number {
  let bound = cpm.length;
  for (let k = 0; k < c.r; k++) {
    const cap = c.capacity[k]!;
    if (cap <= 0) continue;
    let work = 0;
    let exact = c.integral && Number.isInteger(cap);
    for (let j = 0; j < c.n; j++) {
      const d = c.demand[j * c.r + k]!;
      work += c.duration[j]! * d;
      if (!Number.isInteger(d)) exact = false;
    }
    // Integer data: an optimal schedule has integer times, so the bound rounds up; the division is exact
    // enough for that while the work is a safe integer.
    const b = exact && Number.isSafeInteger(work) ? Math.ceil(work / cap) : work / cap;
    bound = Math.max(bound, b);
  }
  return bound;
}
