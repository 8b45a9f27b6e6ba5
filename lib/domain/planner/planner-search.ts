// The search loop: priority-rule and sampled lists, then the genetic algorithm; every list is scheduled
// by SSGS and improved by forward-backward improvement (double justification, Valls et al. 2005).
import type { Compiled } from "./planner-compile";
import type { Cpm } from "./planner-critical-path";
import { crossover, mutate, Population, sameList, shiftOne } from "./planner-genetic";
import { buildList, priorityKeys, sortByKey } from "./planner-priority-rules";
import { ssgs, Workspace } from "./planner-schedule-generation";

const DEFAULT_SEED = 1;

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

/** One search over one compiled problem: sampling, then the genetic algorithm, keeping the best schedule. */
export class Search {
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

function isLowerLoad(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i] ?? Number.POSITIVE_INFINITY;
    if (x < y - 1e-12) return true;
    if (x > y + 1e-12) return false;
  }
  return false;
}
