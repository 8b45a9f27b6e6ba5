// A track's running time against its planned window, as the planned-vs-actual table says it. Pure.

export type PlanChange = { text: string; tone: "over" | "under" | "so-far" };

/**
 * "+20 % vs plan" (over) or "-12 % vs plan" (under) once the track has ended. While it still runs, being under
 * the plan says nothing yet: "35 % of plan so far"; over it already is: "+20 % vs plan so far". Null without a plan.
 */
export function describePlanChange(
  durationMs: number | null,
  plannedMs: number | null,
  ended: boolean,
): PlanChange | null {
  if (durationMs === null || plannedMs === null || plannedMs <= 0) return null;
  const change = Math.round((durationMs / plannedMs - 1) * 100);
  if (change > 0) return { text: `+${change} % vs plan${ended ? "" : " so far"}`, tone: "over" };
  if (!ended)
    return { text: `${Math.round((durationMs / plannedMs) * 100)} % of plan so far`, tone: "so-far" };
  return { text: `${change} % vs plan`, tone: "under" };
}
