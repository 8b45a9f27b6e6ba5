// Priorities in the planned schedule. The search minimises the makespan alone, and among equally short schedules
// it may start a critical track late (its slack allows it) behind low-priority ones. The governor admits critical
// tracks first, so such a plan would also disagree with what the run does. This pass moves higher-priority tracks
// as early as the makespan allows: a few list schedules, no search.
import type { Priority } from "../types";
import { type ProjectSchedule, type RcpspProblem, scheduleInOrder } from "./planner-core";

const RANK: Record<Priority, number> = { low: 0, standard: 1, critical: 2 };

/** How far ahead, as fractions of the makespan, a priority level may pull a track; the strongest pull first. */
const PULLS = [Number.POSITIVE_INFINITY, 1 / 2, 1 / 4, 1 / 8, 1 / 16];

/**
 * The first schedule, strongest pull first, that orders the jobs by their start in `plan` pulled earlier by
 * their priority and still finishes no later than `plan` and fits the same capacities (list schedules always
 * do). `plan` itself when all priorities are equal or no pull keeps its makespan.
 */
export function favourPriorities(
  problem: RcpspProblem,
  plan: ProjectSchedule,
  priorities: Readonly<Record<string, Priority>>,
): ProjectSchedule {
  const ranks = problem.jobs.map((job) => RANK[priorities[job.id] ?? "standard"]);
  if (ranks.every((rank) => rank === ranks[0])) return plan;
  const tolerance = 1e-9 * Math.max(1, plan.makespan);
  for (const pull of PULLS) {
    const shift = Number.isFinite(pull) ? pull * plan.makespan : 0;
    const keyed = problem.jobs.map((job, i) => ({
      id: job.id,
      // An infinite pull sorts by priority, then by the planned start.
      key: Number.isFinite(pull) ? plan.starts[job.id]! - shift * ranks[i]! : -ranks[i]!,
      start: plan.starts[job.id]!,
    }));
    keyed.sort((a, b) => a.key - b.key || a.start - b.start);
    const candidate = scheduleInOrder(
      problem,
      keyed.map((job) => job.id),
    );
    if (
      candidate.makespan <= plan.makespan + tolerance &&
      isEarlierForPriorities(candidate, plan, problem, ranks)
    )
      return candidate;
  }
  return plan;
}

/** True when the candidate starts the highest priority level that differs earlier in total than `plan` does. */
function isEarlierForPriorities(
  candidate: ProjectSchedule,
  plan: ProjectSchedule,
  problem: RcpspProblem,
  ranks: readonly number[],
): boolean {
  for (const level of [2, 1, 0]) {
    let difference = 0;
    problem.jobs.forEach((job, i) => {
      if (ranks[i] === level) difference += candidate.starts[job.id]! - plan.starts[job.id]!;
    });
    if (difference < 0) return true;
    if (difference > 0) return false;
  }
  return false;
}
