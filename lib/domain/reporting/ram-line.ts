import { formatBytes } from "../units";

/** The Gantt's RAM line in the lead's words, so it is not mistaken for the budget the gauges show. */
export type RamLineText = {
  /** Names the line: "admission line", "RAM budget" or "planned capacity". */
  name: string;
  /** Where its size comes from: "75 % of the 1.40 GB budget". */
  basis: string;
};

/**
 * With a budget, the plan fills it up to the admission line (see plan-capacity.ts), or the budget itself when a
 * run stored no schedule; without one, the machine's target use for its RAM tier.
 */
export function describeRamLine(capacityBytes: number, budgetBytes: number | null): RamLineText {
  if (budgetBytes === null || budgetBytes <= 0) {
    return { name: "planned capacity", basis: "the machine's target use for its RAM tier" };
  }
  const percent = Math.round((capacityBytes / budgetBytes) * 100);
  if (percent === 100) return { name: "RAM budget", basis: "the run's RAM budget" };
  return { name: "admission line", basis: `${percent} % of the ${formatBytes(budgetBytes)} budget` };
}
