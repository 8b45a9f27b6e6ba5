// What limits how many tracks run at once, as the dashboard shows it: the plan's maxConcurrent, the RAM tier's
// default while some track's size is unknown, or memory alone once every size is known. Pure.
import type { RamTier } from "../types";
import type { ConcurrencyView } from "../views";

/** `limit` is the governor's for this pass (Infinity: memory decides); `planLimit` the plan's maxConcurrent. */
export function describeConcurrency(limit: number, planLimit: number | null, tier: RamTier): ConcurrencyView {
  const tierFacts = { tierLimit: tier.maxConcurrent, tierLabel: tier.label };
  if (planLimit !== null) return { limit: planLimit, decidedBy: "plan", ...tierFacts };
  if (!Number.isFinite(limit)) return { limit: null, decidedBy: "memory", ...tierFacts };
  return { limit, decidedBy: "tier", ...tierFacts };
}
