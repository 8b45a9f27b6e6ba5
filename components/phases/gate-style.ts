// Words and colours for gate items and phases, shared by the stepper and the checklists.
import type { GateItemStatus } from "@/lib/domain/phases/gates";
import type { PhaseState } from "@/lib/engine/phase-views";
import { formatEventTime } from "../common/event-time";

export const GATE_STATUS_LABEL: Record<GateItemStatus, string> = {
  pass: "Pass",
  fail: "Fail",
  pending: "Pending",
  manual: "Needs tick",
};

export const GATE_STATUS_STYLE: Record<GateItemStatus, string> = {
  pass: "bg-green-100 text-green-800 ring-green-600/30 dark:bg-green-950 dark:text-green-300",
  fail: "bg-red-100 text-red-800 ring-red-600/30 dark:bg-red-950 dark:text-red-300",
  pending: "bg-slate-100 text-slate-700 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-300",
  manual: "bg-amber-100 text-amber-800 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-300",
};

/** A glyph beside the word, so status never rests on colour alone. */
export const GATE_STATUS_ICON: Record<GateItemStatus, string> = {
  pass: "✓",
  fail: "✕",
  pending: "…",
  manual: "☐",
};

export const PHASE_STATE_LABEL: Record<PhaseState, string> = {
  passed: "Gate passed",
  overridden: "Overridden",
  current: "Current",
  upcoming: "Upcoming",
};

export const PHASE_STATE_STYLE: Record<PhaseState, string> = {
  // White on these backgrounds keeps 4.5:1 at text-xs (green-600 and amber-500 did not).
  passed: "bg-green-700 text-white dark:bg-green-500 dark:text-slate-950",
  overridden: "bg-amber-700 text-white dark:bg-amber-400 dark:text-slate-950",
  current: "bg-blue-600 text-white dark:bg-blue-400 dark:text-slate-950",
  upcoming: "bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-300",
};

/**
 * Every time on the phases page (gates closed, ticks, handoffs acknowledged): the dashboard's one format
 * (event-time.ts), dated (they stay on screen for days), to the minute.
 */
export function formatWhen(iso: string): string {
  return formatEventTime(iso, new Date(), { withDate: true, seconds: false });
}
