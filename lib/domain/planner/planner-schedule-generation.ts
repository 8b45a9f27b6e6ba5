// The serial schedule-generation scheme (SSGS): turns an activity list into a schedule, each job at its
// earliest precedence- and resource-feasible start, over a breakpoint resource profile (exact for any durations).
import type { Compiled } from "./planner-compile";

/** Piecewise-constant usage: segment i covers [times[i], times[i + 1]); the last one is open and empty. */
export class Profile {
  readonly times: Float64Array;
  readonly usage: Float64Array;
  count = 1;

  constructor(
    maxSegments: number,
    readonly r: number,
  ) {
    this.times = new Float64Array(maxSegments);
    this.usage = new Float64Array(maxSegments * r);
  }

  reset(): void {
    this.count = 1;
    this.times[0] = 0;
    this.usage.fill(0, 0, this.r);
  }

  /** Index of the segment containing t (t ≥ 0). */
  find(t: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.times[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Earliest t ≥ from where [t, t + d) leaves the job's demand within the limits. */
  earliestFit(from: number, d: number, demand: Float64Array, offset: number, limit: Float64Array): number {
    const { times, usage, r, count } = this;
    let t = from;
    let i = this.find(t);
    while (i < count && times[i]! < t + d) {
      let fits = true;
      const base = i * r;
      for (let k = 0; k < r; k++) {
        if (usage[base + k]! + demand[offset + k]! > limit[k]!) {
          fits = false;
          break;
        }
      }
      // On a conflict the window restarts where this segment ends; the open last segment always fits.
      if (!fits) t = times[i + 1]!;
      i++;
    }
    return t;
  }

  /** Splits the segment containing x so that a segment starts exactly at x; returns its index. */
  private split(x: number): number {
    const i = this.find(x);
    if (this.times[i] === x) return i;
    const { times, usage, r } = this;
    // Plain loops beat copyWithin on the few dozen segments a project has.
    for (let s = this.count; s > i + 1; s--) times[s] = times[s - 1]!;
    for (let u = (this.count + 1) * r - 1; u >= (i + 1) * r; u--) usage[u] = usage[u - r]!;
    times[i + 1] = x;
    this.count++;
    return i + 1;
  }

  add(start: number, end: number, demand: Float64Array, offset: number): void {
    const a = this.split(start);
    const b = this.split(end);
    const { usage, r } = this;
    for (let i = a; i < b; i++) {
      for (let k = 0; k < r; k++) usage[i * r + k]! += demand[offset + k]!;
    }
  }

  peak(k: number): number {
    let best = 0;
    for (let i = 0; i < this.count; i++) best = Math.max(best, this.usage[i * this.r + k]!);
    return best;
  }
}

/** Reusable buffers for one search, so generating thousands of schedules allocates nothing. */
export class Workspace {
  readonly profile: Profile;
  readonly eligible: Int32Array;
  readonly waiting: Int32Array;
  readonly weights: Float64Array;
  readonly sortKey: Float64Array;

  constructor(c: Compiled) {
    this.profile = new Profile(2 * c.n + 2, c.r);
    this.eligible = new Int32Array(c.n);
    this.waiting = new Int32Array(c.n);
    this.weights = new Float64Array(c.n);
    this.sortKey = new Float64Array(c.n);
  }
}

/** SSGS: places each listed job at its earliest feasible start; preds must come earlier in the list. */
export function ssgs(
  c: Compiled,
  ws: Workspace,
  list: Int32Array,
  preds: Int32Array[],
  duration: Float64Array,
  starts: Float64Array,
): number {
  const profile = ws.profile;
  profile.reset();
  let makespan = 0;
  for (let i = 0; i < list.length; i++) {
    const j = list[i]!;
    let es = 0;
    const pj = preds[j]!;
    for (let q = 0; q < pj.length; q++) {
      const p = pj[q]!;
      const f = starts[p]! + duration[p]!;
      if (f > es) es = f;
    }
    const d = duration[j]!;
    let t = es;
    if (c.hasDemand[j] === 1 && d > 0) {
      t = profile.earliestFit(es, d, c.demand, j * c.r, c.limit);
      profile.add(t, t + d, c.demand, j * c.r);
    }
    starts[j] = t;
    if (t + d > makespan) makespan = t + d;
  }
  return makespan;
}
