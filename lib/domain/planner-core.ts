// Resource-constrained project scheduling (RCPSP): the generic solver behind the planner.
//
// Method: the serial schedule-generation scheme (SSGS) turns a precedence-feasible activity list into
// a schedule (each job at its earliest resource- and precedence-feasible start, in list order). Lists
// come from priority rules, deterministically and by regret-based biased random sampling (Kolisch &
// Drexl), and every schedule is improved by forward-backward improvement, i.e. double justification
// (Valls, Ballestín & Quintanilla 2005). An activity-list genetic algorithm (Hartmann 1998) then
// recombines the best lists. The resource profile is kept as breakpoints rather than time buckets, so
// durations may be any non-negative numbers (milliseconds, days) and results stay exact.
//
// Being split by job: planner-types (public types), planner-compile (validation), planner-critical-path
// (CPM, lower bound), planner-schedule-generation (SSGS); the search still lives here.
import { type Compiled, compile, jobsInTopoOrder } from "./planner-compile";
import { type Cpm, computeCpm, computeLowerBound, describeCpm } from "./planner-critical-path";
import { Profile, ssgs, Workspace } from "./planner-schedule-generation";
import type { ProjectSchedule, RcpspProblem, ScheduleOptions } from "./planner-types";

export type { ProjectSchedule, RcpspJob, RcpspProblem, ScheduleOptions } from "./planner-types";
export { ProjectError } from "./planner-types";

/** Default search effort: on PSPLIB j30 about 0.1 % above the optima in about 10 ms per instance. */
export const DEFAULT_PASSES = 600;
const DEFAULT_SEED = 1;

/** Schedules the project: returns a feasible schedule of short makespan and its critical-path data. */
export function scheduleProject(problem: RcpspProblem, options: ScheduleOptions = {}): ProjectSchedule {
  const c = compile(problem);
  const cpm = computeCpm(c, c.duration);
  const lowerBound = computeLowerBound(c, cpm);
  const search = new Search(c, options.preferLowPeak ?? false);
  search.run(cpm, lowerBound, Math.max(1, Math.floor(options.passes ?? DEFAULT_PASSES)), options.seed);
  return buildResult(c, c.duration, search.bestStarts, cpm, lowerBound, search.generated);
}

/**
 * Schedules jobs in the given priority order (SSGS; an order that breaks precedence is repaired by
 * taking, at each step, the earliest-listed job whose predecessors are placed). No search.
 */
export function scheduleInOrder(problem: RcpspProblem, order: string[]): ProjectSchedule {
  const c = compile(problem);
  const rank = new Float64Array(c.n).fill(Number.POSITIVE_INFINITY);
  const index = new Map(c.ids.map((id, i) => [id, i]));
  order.forEach((id, pos) => {
    const j = index.get(id);
    if (j !== undefined && rank[j] === Number.POSITIVE_INFINITY) rank[j] = pos;
  });
  // Jobs missing from the order go last, in problem order.
  for (let j = 0; j < c.n; j++) if (rank[j] === Number.POSITIVE_INFINITY) rank[j] = order.length + j;
  const ws = new Workspace(c);
  const list = buildList(c, rank, null, 0, ws);
  const starts = new Float64Array(c.n);
  ssgs(c, ws, list, c.preds, c.duration, starts);
  const cpm = computeCpm(c, c.duration);
  return buildResult(c, c.duration, starts, cpm, computeLowerBound(c, cpm), 1);
}

/** Critical-path method alone (no resources): earliest/latest starts, slack and the zero-slack jobs. */
export function computeCriticalPath(
  problem: RcpspProblem,
): Pick<
  ProjectSchedule,
  "earliestStarts" | "latestStarts" | "slack" | "criticalPath" | "criticalPathLength"
> {
  const c = compile(problem);
  const cpm = computeCpm(c, c.duration);
  return describeCpm(c, cpm);
}

/**
 * Builds a precedence-feasible list: at each step one eligible job, the best (lowest key) one when
 * rng is null, otherwise drawn with probability rising with its regret (Kolisch & Drexl's RBRS).
 */
function buildList(
  c: Compiled,
  key: Float64Array,
  rng: (() => number) | null,
  bias: number,
  ws: Workspace,
): Int32Array {
  const list = new Int32Array(c.n);
  const { eligible, waiting, weights } = ws;
  let count = 0;
  for (let j = 0; j < c.n; j++) {
    waiting[j] = c.preds[j]!.length;
    if (waiting[j] === 0) eligible[count++] = j;
  }
  for (let step = 0; step < c.n; step++) {
    let pick = 0;
    if (rng === null) {
      for (let e = 1; e < count; e++) {
        const a = eligible[e]!;
        const b = eligible[pick]!;
        if (key[a]! < key[b]! || (key[a] === key[b] && c.topoPos[a]! < c.topoPos[b]!)) pick = e;
      }
    } else if (count > 1) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let e = 0; e < count; e++) {
        const v = key[eligible[e]!]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const range = hi - lo;
      let total = 0;
      for (let e = 0; e < count; e++) {
        // Regret normalised to [0, 1] so the bias does not depend on the time unit.
        const regret = range > 0 ? (hi - key[eligible[e]!]!) / range : 0;
        const w = (regret + 0.1) ** bias;
        weights[e] = w;
        total += w;
      }
      let x = rng() * total;
      pick = count - 1;
      for (let e = 0; e < count; e++) {
        x -= weights[e]!;
        if (x < 0) {
          pick = e;
          break;
        }
      }
    }
    const j = eligible[pick]!;
    eligible[pick] = eligible[--count]!;
    list[step] = j;
    for (const s of c.succs[j]!) {
      waiting[s] = waiting[s]! - 1;
      if (waiting[s] === 0) eligible[count++] = s;
    }
  }
  return list;
}

/** Orders jobs by ascending key, ties by topological position (ascending or descending). */
function sortByKey(c: Compiled, list: Int32Array, key: Float64Array, tieAscending: boolean): void {
  const topo = c.topoPos;
  for (let i = 1; i < list.length; i++) {
    const j = list[i]!;
    const kj = key[j]!;
    let p = i - 1;
    while (p >= 0) {
      const q = list[p]!;
      const kq = key[q]!;
      const after = kq > kj || (kq === kj && (tieAscending ? topo[q]! > topo[j]! : topo[q]! < topo[j]!));
      if (!after) break;
      list[p + 1] = q;
      p--;
    }
    list[p + 1] = j;
  }
}

// ---------------------------------------------------------------------------------------------
// Search

function createRng(seed: number): () => number {
  // mulberry32: small, fast and good enough for sampling; seeded so plans are reproducible.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Priority rules as keys where lower is better. */
function priorityKeys(c: Compiled, cpm: Cpm): Float64Array[] {
  const words = Math.ceil(c.n / 32);
  const reach = new Uint32Array(c.n * words);
  const order = jobsInTopoOrder(c);
  for (let i = c.n - 1; i >= 0; i--) {
    const j = order[i]!;
    for (const s of c.succs[j]!) {
      reach[j * words + (s >>> 5)]! |= 1 << (s & 31);
      for (let w = 0; w < words; w++) reach[j * words + w]! |= reach[s * words + w]!;
    }
  }
  const totalSuccessors = new Float64Array(c.n);
  const rankWeight = new Float64Array(c.n);
  const resourceWeight = new Float64Array(c.n);
  for (let j = 0; j < c.n; j++) {
    let count = 0;
    let weight = c.duration[j]!;
    for (let s = 0; s < c.n; s++) {
      if ((reach[j * words + (s >>> 5)]! >>> (s & 31)) & 1) {
        count++;
        weight += c.duration[s]!;
      }
    }
    totalSuccessors[j] = -count;
    rankWeight[j] = -weight;
    let load = 0;
    for (let k = 0; k < c.r; k++) {
      const cap = c.capacity[k]!;
      if (cap > 0) load += c.demand[j * c.r + k]! / cap;
    }
    resourceWeight[j] = -c.duration[j]! * load;
  }
  // LFT, LST, MTS, GRPW, GRD.
  return [cpm.lf, cpm.ls, totalSuccessors, rankWeight, resourceWeight];
}

class Search {
  readonly ws: Workspace;
  bestStarts: Float64Array;
  bestMakespan = Number.POSITIVE_INFINITY;
  bestPeak: number[] = [];
  generated = 0;
  private readonly starts: Float64Array;
  private readonly reverse: Float64Array;
  private readonly finishKey: Float64Array;
  private readonly tolerance: number;

  constructor(
    readonly c: Compiled,
    readonly preferLowPeak: boolean,
  ) {
    this.ws = new Workspace(c);
    this.bestStarts = new Float64Array(c.n);
    this.starts = new Float64Array(c.n);
    this.reverse = new Float64Array(c.n);
    this.finishKey = new Float64Array(c.n);
    let total = 0;
    for (const d of c.duration) total += d;
    this.tolerance = 1e-9 * Math.max(1, total);
  }

  run(cpm: Cpm, lowerBound: number, passes: number, seed: number | undefined): void {
    const keys = priorityKeys(this.c, cpm);
    const rng = createRng(seed ?? DEFAULT_SEED);
    const population = new Population(POPULATION_SIZE);
    // A third of the budget samples diverse good lists; the genetic algorithm spends the rest.
    const sampling = Math.max(Math.min(passes, POPULATION_SIZE), Math.ceil(passes * SAMPLING_SHARE));
    let pass = 0;
    for (const key of keys) {
      if (pass >= passes || this.done(lowerBound)) return;
      const list = buildList(this.c, key, null, 0, this.ws);
      population.offer(list, this.evaluate(list));
      pass++;
    }
    const lft = keys[0]!;
    while (pass < sampling && !this.done(lowerBound)) {
      // Mostly LFT, the strongest rule for biased sampling; the others add diversity.
      const key = pass % 4 === 0 ? (keys[1 + ((pass >> 2) % (keys.length - 1))] ?? lft) : lft;
      const list = buildList(this.c, key, rng, SAMPLING_BIAS, this.ws);
      population.offer(list, this.evaluate(list));
      pass++;
    }
    while (pass < passes && !this.done(lowerBound)) {
      const mother = population.pick(rng);
      const father = population.pick(rng);
      const child = crossover(this.c, mother, father, rng, this.ws);
      mutate(this.c, child, rng, SWAP_RATE);
      shiftOne(this.c, child, rng);
      // A child equal to a parent would only reproduce the parent's (already justified) schedule.
      if (!sameList(child, mother) && !sameList(child, father)) population.offer(child, this.evaluate(child));
      pass++;
    }
  }

  private done(lowerBound: number): boolean {
    return !this.preferLowPeak && this.bestMakespan <= lowerBound + this.tolerance;
  }

  /** SSGS, then forward-backward improvement until it stops helping; keeps the best schedule. */
  private evaluate(list: Int32Array): number {
    const { c, ws, starts, reverse, finishKey } = this;
    let makespan = ssgs(c, ws, list, c.preds, c.duration, starts);
    this.generated++;
    for (;;) {
      // Backward: right-justify, latest finishers first (as a forward pass on the reversed graph).
      for (let j = 0; j < c.n; j++) finishKey[j] = -(starts[j]! + c.duration[j]!);
      sortByKey(c, list, finishKey, false);
      ssgs(c, ws, list, c.succs, c.duration, reverse);
      // Forward: left-justify in order of the right-justified start times (latest reverse finish first).
      for (let j = 0; j < c.n; j++) finishKey[j] = -(reverse[j]! + c.duration[j]!);
      sortByKey(c, list, finishKey, true);
      const next = ssgs(c, ws, list, c.preds, c.duration, starts);
      this.generated += 2;
      if (next >= makespan - this.tolerance) {
        makespan = Math.min(makespan, next);
        break;
      }
      makespan = next;
    }
    this.consider(makespan);
    return makespan;
  }

  private consider(makespan: number): void {
    if (makespan > this.bestMakespan + this.tolerance) return;
    const better = makespan < this.bestMakespan - this.tolerance;
    if (!better && !this.preferLowPeak) return;
    const peak = this.preferLowPeak ? this.peakLoad() : [];
    if (!better && !isLowerLoad(peak, this.bestPeak)) return;
    this.bestMakespan = makespan;
    this.bestPeak = peak;
    this.bestStarts.set(this.starts);
  }

  /** Peak usage over capacity per resource, worst first (the last forward pass is still in the profile). */
  private peakLoad(): number[] {
    const loads: number[] = [];
    for (let k = 0; k < this.c.r; k++) {
      const cap = this.c.capacity[k]!;
      loads.push(cap > 0 ? this.ws.profile.peak(k) / cap : 0);
    }
    return loads.sort((a, b) => b - a);
  }
}

// Tuned on PSPLIB j30 (bench/planner.ts): a flatter sampling bias and an insertion move per child beat
// greedier sampling and swap-only mutation there.
const POPULATION_SIZE = 40;
const SAMPLING_SHARE = 0.3;
const SWAP_RATE = 0.02;
const SAMPLING_BIAS = 1;

/** The best distinct activity lists seen, sorted by makespan (after justification, Lamarckian). */
class Population {
  readonly lists: Int32Array[] = [];
  readonly makespans: number[] = [];

  constructor(readonly size: number) {}

  offer(list: Int32Array, makespan: number): void {
    const worst = this.makespans[this.makespans.length - 1] ?? Number.POSITIVE_INFINITY;
    if (this.lists.length >= this.size && makespan >= worst) return;
    if (this.lists.some((l) => sameList(l, list))) return;
    let i = this.lists.length;
    while (i > 0 && this.makespans[i - 1]! > makespan) i--;
    this.lists.splice(i, 0, list.slice());
    this.makespans.splice(i, 0, makespan);
    if (this.lists.length > this.size) {
      this.lists.pop();
      this.makespans.pop();
    }
  }

  /** Binary tournament: the better of two random members. */
  pick(rng: () => number): Int32Array {
    const a = Math.floor(rng() * this.lists.length);
    const b = Math.floor(rng() * this.lists.length);
    return this.lists[Math.min(a, b)]!;
  }
}

function sameList(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Two-point crossover for activity lists (Hartmann): the head from the mother, the middle in the
 * father's order, the tail in the mother's order. Precedence-feasible parents give a feasible child.
 */
function crossover(
  c: Compiled,
  mother: Int32Array,
  father: Int32Array,
  rng: () => number,
  ws: Workspace,
): Int32Array {
  const n = c.n;
  const child = new Int32Array(n);
  const taken = ws.waiting;
  taken.fill(0);
  let q1 = Math.floor(rng() * (n + 1));
  let q2 = Math.floor(rng() * (n + 1));
  if (q1 > q2) [q1, q2] = [q2, q1];
  let size = 0;
  for (let i = 0; i < q1; i++) {
    const j = mother[i]!;
    child[size++] = j;
    taken[j] = 1;
  }
  for (let i = 0; i < n && size < q2; i++) {
    const j = father[i]!;
    if (taken[j] === 0) {
      child[size++] = j;
      taken[j] = 1;
    }
  }
  for (let i = 0; i < n && size < n; i++) {
    const j = mother[i]!;
    if (taken[j] === 0) {
      child[size++] = j;
      taken[j] = 1;
    }
  }
  return child;
}

/** Swaps neighbours with the given probability unless the first is a predecessor of the second. */
function mutate(c: Compiled, list: Int32Array, rng: () => number, rate: number): void {
  for (let i = 0; i + 1 < list.length; i++) {
    if (rng() >= rate) continue;
    const a = list[i]!;
    const b = list[i + 1]!;
    // Adjacent jobs can only be ordered by a direct arc: anything in between would sit between them.
    if (c.succs[a]!.includes(b)) continue;
    list[i] = b;
    list[i + 1] = a;
  }
}

/** Moves one random job to a random position between its last predecessor and its first successor. */
function shiftOne(c: Compiled, list: Int32Array, rng: () => number): void {
  const n = list.length;
  const from = Math.floor(rng() * n);
  const j = list[from]!;
  let lo = 0;
  let hi = n - 1;
  for (let i = from - 1; i >= 0; i--) {
    if (c.preds[j]!.includes(list[i]!)) {
      lo = i + 1;
      break;
    }
  }
  for (let i = from + 1; i < n; i++) {
    if (c.succs[j]!.includes(list[i]!)) {
      hi = i - 1;
      break;
    }
  }
  const to = lo + Math.floor(rng() * (hi - lo + 1));
  if (to < from) list.copyWithin(to + 1, to, from);
  else list.copyWithin(from, from + 1, to + 1);
  list[to] = j;
}

function isLowerLoad(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i] ?? Number.POSITIVE_INFINITY;
    if (x < y - 1e-12) return true;
    if (x > y + 1e-12) return false;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Result

function buildResult(
  c: Compiled,
  duration: Float64Array,
  startsArray: Float64Array,
  cpm: Cpm,
  lowerBound: number,
  generated: number,
): ProjectSchedule {
  const starts: Record<string, number> = {};
  const finishes: Record<string, number> = {};
  let makespan = 0;
  c.ids.forEach((id, j) => {
    starts[id] = startsArray[j]!;
    finishes[id] = startsArray[j]! + duration[j]!;
    makespan = Math.max(makespan, finishes[id]);
  });
  const list = jobsInTopoOrder(c);
  sortByKey(c, list, startsArray, true);
  const peakUsage = peakUsageOf(c, duration, startsArray);
  return {
    starts,
    finishes,
    makespan,
    order: Array.from(list, (j) => c.ids[j]!),
    ...describeCpm(c, cpm),
    lowerBound,
    peakUsage,
    schedulesGenerated: generated,
  };
}

function peakUsageOf(c: Compiled, duration: Float64Array, starts: Float64Array): number[] {
  const profile = new Profile(2 * c.n + 2, c.r);
  profile.reset();
  for (let j = 0; j < c.n; j++) {
    if (c.hasDemand[j] === 1) profile.add(starts[j]!, starts[j]! + duration[j]!, c.demand, j * c.r);
  }
  return Array.from({ length: c.r }, (_, k) => profile.peak(k));
}
