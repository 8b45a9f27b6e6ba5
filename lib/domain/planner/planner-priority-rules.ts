// Priority rules and the activity lists built from them: greedily by the best key, or by regret-based
// biased random sampling (Kolisch & Drexl); plus re-ordering a list by a key (justification, results).
import { type Compiled, jobsInTopoOrder } from "./planner-compile";
import type { Cpm } from "./planner-critical-path";
import type { Workspace } from "./planner-schedule-generation";

/** Priority rules (LFT, LST, MTS, GRPW, GRD) as keys where lower is better: the seeds of the search. */
export function priorityKeys(c: Compiled, cpm: Cpm): Float64Array[] {
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

/**
 * Builds a precedence-feasible list: at each step one eligible job, the best (lowest key) one when
 * rng is null, otherwise drawn with probability rising with its regret (Kolisch & Drexl's RBRS).
 */
export function buildList(
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
export function sortByKey(c: Compiled, list: Int32Array, key: Float64Array, tieAscending: boolean): void {
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
