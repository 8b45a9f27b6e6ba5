// How much RAM the planner may fill: the line the governor admits below, applied to what drives the zone. Pure.
import type { MemorySample, Plan } from "../types";

/**
 * With a budget, the plan fills the budget up to the admission line; without one, the machine's effective
 * total up to the tier's upper target utilisation (the seed's 60–75 % / 70–85 %).
 */
export function planCapacityBytes(
  plan: Plan,
  sample: Pick<MemorySample, "machine" | "tier">,
  budgetBytes: number | null,
): number {
  if (budgetBytes !== null) return (budgetBytes * plan.ram.admitBelow) / 100;
  return (sample.machine.capacityBytes * sample.tier.targetUtilization.max) / 100;
}
