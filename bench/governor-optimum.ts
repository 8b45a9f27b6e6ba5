// A reference for the what-if: the shortest makespan a search over start orders finds when every job's memory curve
// and length are known exactly in advance, with the governor's own list scheduling (projectFinish: start in order
// whatever fits below the admission line, now or at a release). No online governor can know more, so this tells how
// much of the gap to the RAM·time bound is the admission line and the curves' shapes, and how much is the margins
// and the decisions made as the run goes. Pure and deterministic.
import { projectFinish, type ReplanCandidate } from "../lib/domain/governor/governor-replan";
import type { ProfilePoint } from "../lib/domain/governor/memory-profile";
import { type Projection, sumProjections } from "../lib/domain/governor/memory-projection";
import { type BenchJob, jobBytesAt } from "./governor-jobs";

/** Growth drawn earlier and ends later by these fractions: the projection's margins for a learned profile. */
export type Margins = { growthLead: number; endSlack: number };

/** A job's exact curve (as the demo agent grows it at its nominal length), with margins applied. */
export function jobProjection(job: BenchJob, margins: Margins): Projection {
  const durationMs = job.seconds * 1000;
  const steps: ProfilePoint[] = [];
  for (let ms = 0; ms < durationMs; ms += 50) {
    const bytes = jobBytesAt(job, ms, durationMs);
    if (steps.length === 0 || bytes > steps[steps.length - 1]![1])
      steps.push([ms / (1 + margins.growthLead), bytes]);
  }
  return {
    key: job.key,
    basis: "learned",
    steps,
    endMs: durationMs * (1 + margins.endSlack),
    peakBytes: steps[steps.length - 1]![1],
  };
}

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * The best makespan (seconds) found by restarts of a hill climb over start orders (move one job elsewhere in the
 * order; keep the move when the projected finish is not worse), and that order.
 */
export function searchStaticOptimum(
  jobs: readonly BenchJob[],
  options: { lineBytes: number; margins: Margins; restarts?: number; moves?: number; seed?: number },
): { seconds: number; order: string[] } {
  const candidates: ReplanCandidate[] = jobs.map((job) => ({
    key: job.key,
    rank: 0,
    projection: jobProjection(job, options.margins),
  }));
  const input = {
    lineBytes: options.lineBytes,
    started: sumProjections([], 0),
    running: [],
    candidates,
    slots: Number.POSITIVE_INFINITY,
  };
  const next = random(options.seed ?? 7);
  const plan = jobs.map((job) => job.key);
  let best = { finish: projectFinish(input, plan), order: plan };
  for (let restart = 0; restart < (options.restarts ?? 40); restart++) {
    let order = [...plan].sort(() => next() - 0.5);
    let finish = projectFinish(input, order);
    for (let move = 0; move < (options.moves ?? 200); move++) {
      const moved = [...order];
      const [key] = moved.splice(Math.floor(next() * moved.length), 1);
      moved.splice(Math.floor(next() * moved.length), 0, key!);
      const movedFinish = projectFinish(input, moved);
      if (movedFinish <= finish) {
        order = moved;
        finish = movedFinish;
      }
    }
    if (finish < best.finish) best = { finish, order };
  }
  return { seconds: best.finish / 1000, order: best.order };
}
