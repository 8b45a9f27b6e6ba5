// Row geometry and colours shared by the chart, its label column and the RAM band, so they line up.
import { ATTEMPT_ENDINGS } from "@/lib/domain/reporting/attempt-ending";
import type { BarEnding } from "@/lib/domain/reporting/gantt-actual-bars";
import { describeEnding } from "@/lib/domain/reporting/gantt-labels";

export const AXIS_H = 26;
export const PHASE_STRIP_H = 18;
export const ROW_PAD_TOP = 6;
export const PLANNED_H = 10;
export const PLANNED_GAP = 4;
export const LANE_H = 16;
export const LANE_GAP = 3;
export const ROW_PAD_BOTTOM = 8;
/** Space left and right of the time axis inside the scrolling chart. */
export const X_PAD = 22;
export const RAM_BAND_H = 120;

export function rowHeight(lanes: number): number {
  return ROW_PAD_TOP + PLANNED_H + PLANNED_GAP + lanes * LANE_H + (lanes - 1) * LANE_GAP + ROW_PAD_BOTTOM;
}

export function plannedY(rowTop: number): number {
  return rowTop + ROW_PAD_TOP;
}

export function laneY(rowTop: number, lane: number): number {
  return rowTop + ROW_PAD_TOP + PLANNED_H + PLANNED_GAP + lane * (LANE_H + LANE_GAP);
}

/** One colour per track (by plan position) for the RAM band and the label swatches: the overview's colours. */
export { trackColor } from "../common/track-colors";

/** Fill classes of an attempt's running segments, by how the attempt ended. */
export const RUNNING_FILL: Record<BarEnding, string> = {
  open: "fill-sky-600 dark:fill-sky-500",
  completed: "fill-emerald-600 dark:fill-emerald-500",
  failed: "fill-red-600 dark:fill-red-500",
  stopped: "fill-slate-500 dark:fill-slate-400",
  interrupted: "fill-slate-400 dark:fill-slate-500",
  requeued: "fill-slate-400 dark:fill-slate-500",
  restarted: "fill-slate-400 dark:fill-slate-500",
  swapped: "fill-slate-400 dark:fill-slate-500",
  checkpointed: "fill-slate-400 dark:fill-slate-500",
};

/** An attempt another one follows (drawn dashed, as "Earlier attempt" in the legend). */
export function isEarlierAttempt(ending: BarEnding): boolean {
  return (
    ending === "interrupted" ||
    ending === "requeued" ||
    ending === "restarted" ||
    ending === "swapped" ||
    ending === "checkpointed"
  );
}

/**
 * The legend's entries for actual bars: one per colour of RUNNING_FILL, so a bar's colour is never unexplained.
 * Earlier attempts share one colour; their entry says why the ones drawn ended ("paused by the lead, memory
 * freed" is not a requeue), given the endings of the chart's attempts.
 */
export function runningLegend(endings: Iterable<BarEnding>): { label: string; ending: BarEnding }[] {
  const shown = new Set(endings);
  const earlier = ATTEMPT_ENDINGS.filter((e) => isEarlierAttempt(e) && shown.has(e));
  return [
    { label: "Running", ending: "open" },
    { label: "Completed", ending: "completed" },
    { label: "Failed", ending: "failed" },
    { label: "Stopped", ending: "stopped" },
    {
      label:
        earlier.length === 0
          ? "Earlier attempt"
          : `Earlier attempt (${earlier.map(describeEnding).join("; ")})`,
      ending: earlier[0] ?? "requeued",
    },
  ];
}

/** The words drawn after an attempt's end: plain text, as a browser without an emoji font drew ⏸ as a box. */
export const ENDING_MARK: Record<BarEnding, string> = {
  open: "",
  completed: "done",
  failed: "failed",
  stopped: "stopped",
  interrupted: "interrupted",
  requeued: "requeued",
  restarted: "restarted",
  swapped: "model swap",
  checkpointed: "memory freed",
};

export const ENDING_TEXT: Record<BarEnding, string> = {
  open: "fill-sky-700 dark:fill-sky-300",
  completed: "fill-emerald-700 dark:fill-emerald-400",
  failed: "fill-red-700 dark:fill-red-400",
  stopped: "fill-slate-600 dark:fill-slate-300",
  interrupted: "fill-amber-700 dark:fill-amber-400",
  requeued: "fill-amber-700 dark:fill-amber-400",
  restarted: "fill-amber-700 dark:fill-amber-400",
  swapped: "fill-amber-700 dark:fill-amber-400",
  checkpointed: "fill-amber-700 dark:fill-amber-400",
};
