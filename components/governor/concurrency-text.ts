// The governor card's sentence on what limits how many tracks run at once.
import type { ConcurrencyView } from "@/lib/domain/views";

function tracks(n: number): string {
  return `${n} track${n === 1 ? "" : "s"}`;
}

/** "Memory decides how many tracks run at once: …", "Up to 2 tracks at once: …". */
export function describeConcurrency(view: ConcurrencyView, governorOn: boolean): string {
  switch (view.decidedBy) {
    case "memory":
      return `Memory decides how many tracks run at once: every track's size is known (the ${view.tierLabel} RAM tier's ${view.tierLimit} is the default only while a track has no RAM estimate).`;
    case "plan":
      return `Up to ${tracks(view.limit ?? 0)} at once: the plan's maxConcurrent.`;
    case "tier":
      return governorOn
        ? `Up to ${tracks(view.limit ?? 0)} at once: the ${view.tierLabel} RAM tier's default, while a track's size is not known yet.`
        : `Up to ${tracks(view.limit ?? 0)} at once: the ${view.tierLabel} RAM tier's number (manual mode).`;
    default: {
      const unreachable: never = view.decidedBy;
      return unreachable;
    }
  }
}
