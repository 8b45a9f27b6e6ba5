// Online replanning: at an admission pass, order the queue from the current state when another order is projected
// to finish sooner than first-fit. Proposals come from the order chosen at the pass before, the RCPSP planner (demand
// = each track's projected peak, or its mean use), longest first, and moves that improve the best of them; every
// proposal is judged by the same projection admission uses (projectFinish). Pure and bounded: at most
// REPLAN_EVALUATIONS projected schedules per pass. Each pass starts from the last one's order, so the search goes on
// over the passes (hundreds in a run) instead of starting again whenever a track starts or ends.

import { type RcpspJob, scheduleProject } from "../planner/planner-core";
import type { QueueOrdering } from "./governor-types";
import {
  addToSum,
  earliestFit,
  fitsAt,
  type Projection,
  type ProjectionSum,
  peakOfSum,
  shiftProjection,
} from "./memory-projection";

/** Planner passes per proposal: well under a millisecond for a queue of twenty. */
export const REPLAN_PASSES = 16;
/** Projected schedules judged per replanning for a queue of ten, proposals and improving moves together. */
export const REPLAN_EVALUATIONS = 14;

/** Fewer for longer queues: a projected schedule costs about the square of the queue's length. */
export function replanEvaluations(candidates: number): number {
  return Math.max(3, Math.min(REPLAN_EVALUATIONS, Math.floor((REPLAN_EVALUATIONS * 100) / candidates ** 2)));
}
/** Longer queues are not replanned (first-fit), to keep a pass within a few milliseconds. */
export const REPLAN_MAX_CANDIDATES = 24;
/** Another order must be projected to finish at least this much sooner (fraction) to be used. */
export const REPLAN_MIN_GAIN = 0.02;
/** After a track's projected end the next start is considered this much later (its release comes just after). */
const AFTER_RELEASE_MS = 1;

export type ReplanCandidate = {
  key: string;
  /** Rank (higher first): priority, then whether tracks wait on it; orders change only within a rank. */
  rank: number;
  /** The candidate as if started now. */
  projection: Projection;
};

/** What a projected schedule is walked from: the line, what has started, and the queue. */
export type ScheduleInput = {
  lineBytes: number;
  /** The started tracks' projections and the memory no track accounts for. */
  started: ProjectionSum;
  /** Running tracks' projected ends (ms from now; Infinity unknown) and peaks, for slots and the planner. */
  running: readonly { endMs: number; peakBytes: number }[];
  /** In first-fit order. */
  candidates: readonly ReplanCandidate[];
  /** Concurrency limit for the candidates (Infinity when memory decides). */
  slots: number;
};

export type ReplanInput = ScheduleInput & {
  /** The order the pass before chose (replanned), if any: the best known so far for the tracks still waiting. */
  previousOrder?: readonly string[];
  /** Where that order came from first, so it keeps its name while it holds. */
  previousSource?: QueueOrdering["source"];
  /** Seeds the random moves (the pass's time, so a pass is repeatable and the next tries other moves). */
  seed: number;
};

type Proposal = { source: QueueOrdering["source"]; order: string[] };

/** Orders the queue: the best proposal when it is projected to finish sooner than first-fit, else first-fit. */
export function replanQueue(input: ReplanInput): QueueOrdering {
  const firstFit = input.candidates.map((c) => c.key);
  const firstFitFinish = projectFinish(input, firstFit);
  const result = (best: { proposal: Proposal; finish: number } | null): QueueOrdering => {
    const better = best !== null && best.finish < firstFitFinish * (1 - REPLAN_MIN_GAIN);
    return {
      method: better ? "replanned" : "first-fit",
      source: better ? best.proposal.source : "first-fit",
      firstFitFinishMs: firstFitFinish,
      replannedFinishMs: best?.finish ?? null,
      order: better ? best.proposal.order : firstFit,
    };
  };
  if (
    input.candidates.length < 2 ||
    input.candidates.length > REPLAN_MAX_CANDIDATES ||
    input.candidates.some((c) => !Number.isFinite(c.projection.endMs))
  )
    return result(null);

  type Judged = { proposal: Proposal; finish: number };
  const search = { budget: replanEvaluations(input.candidates.length), best: null as Judged | null };
  const seen = new Set([firstFit.join(" ")]);
  /** Whether the proposal is the best so far. An order already judged costs nothing but is not judged again. */
  const judge = (proposal: Proposal): boolean => {
    const id = proposal.order.join(" ");
    if (search.budget <= 0 || seen.has(id)) return false;
    seen.add(id);
    search.budget -= 1;
    const finish = projectFinish(input, proposal.order);
    if (search.best !== null && finish >= search.best.finish) return false;
    search.best = { proposal, finish };
    return true;
  };
  const rank = new Map(input.candidates.map((c) => [c.key, c.rank]));
  const ranked = (order: string[]) =>
    order
      .map((key, index) => ({ key, index }))
      .sort((a, b) => (rank.get(b.key) ?? 0) - (rank.get(a.key) ?? 0) || a.index - b.index)
      .map((entry) => entry.key);

  if (input.previousOrder) {
    // Judged first, so an equal order found later does not replace it: the order holds while nothing beats it.
    const waiting = new Set(firstFit);
    const kept = input.previousOrder.filter((key) => waiting.has(key));
    const added = firstFit.filter((key) => !kept.includes(key));
    judge({ source: input.previousSource ?? "local-search", order: ranked([...kept, ...added]) });
  }
  judge({ source: "rcpsp", order: ranked(plannerOrder(input, "peak")) });
  judge({ source: "rcpsp-mean", order: ranked(plannerOrder(input, "mean")) });
  const longest = [...input.candidates].sort((a, b) => b.projection.endMs - a.projection.endMs);
  judge({ source: "longest-first", order: ranked(longest.map((c) => c.key)) });
  // Improve the best order so far (or first-fit's) by moving each long track to the front, longest first.
  let base: Proposal =
    search.best !== null && search.best.finish < firstFitFinish
      ? search.best.proposal
      : { source: "first-fit", order: firstFit };
  for (const candidate of longest) {
    if (search.budget <= 0) break;
    const moved = ranked([candidate.key, ...base.order.filter((key) => key !== candidate.key)]);
    if (judge({ source: "local-search", order: moved })) base = search.best!.proposal;
  }
  // The rest of the budget: random moves (one track elsewhere in the order) from the best order so far. Tries that
  // land on an order already judged are bounded too.
  const random = seededRandom(input.seed);
  for (let tries = 2 * search.budget; search.budget > 0 && tries > 0; tries--) {
    const moved = [...(search.best?.proposal.order ?? base.order)];
    const [key] = moved.splice(Math.floor(random() * moved.length), 1);
    moved.splice(Math.floor(random() * moved.length), 0, key!);
    judge({ source: "local-search", order: ranked(moved) });
  }
  return result(search.best);
}

/**
 * When the last track would end if admission walked `order` from now on: at now and after each projected end,
 * every waiting track that fits starts (in order; past one that does not fit only without delaying it). Infinity
 * when one never fits.
 */
export function projectFinish(input: ScheduleInput, order: readonly string[]): number {
  const byKey = new Map(input.candidates.map((c) => [c.key, c]));
  let sum = input.started;
  const ends = input.running.map((r) => r.endMs);
  const waiting = order.flatMap((key) => {
    const candidate = byKey.get(key);
    return candidate ? [candidate] : [];
  });
  let finish = Math.max(0, ...ends.filter(Number.isFinite));
  let now = 0;
  while (waiting.length > 0) {
    // The first that does not fit: later ones start past it only when it still fits at its earliest fit with
    // them (as admission does); starts that pass this leave that instant where it was.
    let head: { projection: Projection; fitsAtMs: number } | null = null;
    for (let i = 0; i < waiting.length; i++) {
      const running = ends.filter((end) => end >= now).length;
      if (running >= input.slots) break;
      const { projection } = waiting[i]!;
      const shifted = shiftProjection(projection, now);
      const peak = peakOfSum(sum, { extra: shifted, untilMs: shifted.endMs });
      if (peak.bytes >= input.lineBytes) {
        head ??= { projection, fitsAtMs: earliestFit(sum, projection, input.lineBytes, now) };
        continue;
      }
      if (
        head !== null &&
        Number.isFinite(head.fitsAtMs) &&
        !fitsAt(addToSum(sum, shifted), head.projection, head.fitsAtMs, input.lineBytes)
      )
        continue;
      sum = addToSum(sum, shifted);
      ends.push(shifted.endMs);
      finish = Math.max(finish, shifted.endMs);
      waiting.splice(i, 1);
      i -= 1;
    }
    if (waiting.length === 0) break;
    const next = nextRelease(ends, now);
    if (next === null) return Number.POSITIVE_INFINITY;
    now = next + AFTER_RELEASE_MS;
  }
  return finish;
}

/** Deterministic numbers in [0, 1) from a seed (a linear congruential generator: plenty for picking moves). */
function seededRandom(seed: number): () => number {
  let state = Math.floor(Math.abs(seed)) >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
}

function nextRelease(ends: readonly number[], after: number): number | null {
  let next: number | null = null;
  for (const end of ends) {
    if (Number.isFinite(end) && end >= after && (next === null || end < next)) next = end;
  }
  return next;
}

/**
 * The RCPSP planner's activity order for the queue: candidates and the running tracks with known ends as jobs
 * (demand = projected peak, or mean use over the life), the admission line less what is held for ever as the
 * capacity. The planner does not see growth curves, so its order is only a proposal that projectFinish judges.
 */
function plannerOrder(input: ReplanInput, demand: "peak" | "mean"): string[] {
  const capacity = input.lineBytes - input.started.baseBytes - heldForever(input.started);
  if (capacity <= 0) return input.candidates.map((c) => c.key);
  const demandOf = (projection: Projection) =>
    Math.min(capacity, demand === "peak" ? projection.peakBytes : meanBytes(projection));
  const jobs: RcpspJob[] = input.candidates.map((c) => ({
    id: `q:${c.key}`,
    duration: Math.max(1, Math.round(c.projection.endMs)),
    demands: [demandOf(c.projection)],
    predecessors: [],
  }));
  // Running tracks that will end hold their peak until then (the planner may place them later than now: its
  // schedule is a proposal for the candidates' order, not a timetable).
  for (const [i, running] of input.running.entries()) {
    if (!Number.isFinite(running.endMs) || running.endMs <= 0) continue;
    jobs.push({
      id: `r:${i}`,
      duration: Math.max(1, Math.round(running.endMs)),
      demands: [Math.min(capacity, running.peakBytes)],
      predecessors: [],
    });
  }
  const schedule = scheduleProject({ jobs, capacities: [capacity] }, { passes: REPLAN_PASSES, seed: 1 });
  return schedule.order.filter((id) => id.startsWith("q:")).map((id) => id.slice(2));
}

/** Mean bytes of a projection over its life (its area over its length). */
function meanBytes(projection: Projection): number {
  const end = projection.endMs;
  let area = 0;
  projection.steps.forEach(([at, bytes], i) => {
    const until = Math.min(end, projection.steps[i + 1]?.[0] ?? end);
    if (until > at) area += bytes * (until - at);
  });
  return end > 0 ? area / end : projection.peakBytes;
}

/** Bytes of the summed projections that are never released. */
function heldForever(sum: ProjectionSum): number {
  let total = 0;
  for (const delta of sum.deltas) total += delta.bytes;
  return Math.max(0, total);
}
