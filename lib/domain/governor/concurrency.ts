// What limits how many tracks run at once, as the dashboard shows it: the plan's maxConcurrent, the RAM tier's
// default while some track's size is unknown, or memory alone once every size is known. Pure.
import type { LeadAction } from "../phases/track-lifecycle";
import type { RamTier, TrackStatus } from "../types";
import type { ConcurrencyView } from "../views";

/** `limit` is the governor's for this pass (Infinity: memory decides); `planLimit` the plan's maxConcurrent. */
export function describeConcurrency(limit: number, planLimit: number | null, tier: RamTier): ConcurrencyView {
  const tierFacts = { tierLimit: tier.maxConcurrent, tierLabel: tier.label };
  if (planLimit !== null) return { limit: planLimit, decidedBy: "plan", ...tierFacts };
  if (!Number.isFinite(limit)) return { limit: null, decidedBy: "memory", ...tierFacts };
  return { limit, decidedBy: "tier", ...tierFacts };
}

/** "maxConcurrent 2", "the 16GB RAM tier's limit of 2": the limit in force, as the refusal names it. */
function nameLimit(view: ConcurrencyView, limit: number): string {
  switch (view.decidedBy) {
    case "plan":
      return `maxConcurrent ${limit}`;
    case "tier":
      return `the ${view.tierLabel} RAM tier's limit of ${limit}`;
    case "memory":
      return `the limit of ${limit}`;
    default: {
      const unreachable: never = view.decidedBy;
      return unreachable;
    }
  }
}

/** Whether the lead's `action` on a track in `status` makes it run: a resume, or a restart of a track not running. */
export function takesSlot(action: LeadAction, status: TrackStatus): boolean {
  return (action === "resume" || action === "restart") && status !== "running";
}

/**
 * Why the lead's resume or restart of `trackKey` is refused for want of a slot, or null when one is free or memory
 * alone decides. It takes a slot like a start; past the limit the overview would show more running than it allows,
 * so the lead is told who holds the slots and what to do instead (as kubelet and pm2 keep their limits).
 */
export function refuseForSlot(
  trackKey: string,
  action: "resume" | "restart",
  view: ConcurrencyView | null,
  runningKeys: readonly string[],
): string | null {
  if (view === null || view.limit === null || runningKeys.length < view.limit) return null;
  const holders =
    runningKeys.length <= 1
      ? runningKeys.join("")
      : `${runningKeys.slice(0, -1).join(", ")} and ${runningKeys.at(-1)}`;
  return `no free slot: ${nameLimit(view, view.limit)} is reached by ${holders}; pause one, or ${action} ${trackKey} when one ends`;
}
