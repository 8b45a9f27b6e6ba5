// The activity-list genetic algorithm (Hartmann 1998): a population of the best lists, two-point
// crossover and precedence-preserving mutations. Every operator keeps lists precedence-feasible.
import type { Compiled } from "./planner-compile";
import type { Workspace } from "./planner-schedule-generation";

/** The best distinct activity lists seen, sorted by makespan (after justification, Lamarckian). */
export class Population {
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

/** Element-wise equality of two activity lists: keeps duplicates out of the population. */
export function sameList(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Two-point crossover for activity lists (Hartmann): the head from the mother, the middle in the
 * father's order, the tail in the mother's order. Precedence-feasible parents give a feasible child.
 */
export function crossover(
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
export function mutate(c: Compiled, list: Int32Array, rng: () => number, rate: number): void {
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
export function shiftOne(c: Compiled, list: Int32Array, rng: () => number): void {
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
