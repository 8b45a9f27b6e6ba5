// Words and colours for a metric's standing against the seed's target and threshold.
import type { MetricStatus } from "@/lib/domain/reporting/metrics";
import { formatEventTime } from "../common/event-time";

export const METRIC_STATUS_LABEL: Record<MetricStatus, string> = {
  met: "Target met",
  warn: "Near target",
  fail: "Past threshold",
  "no-data": "No data",
};

export const METRIC_STATUS_ICON: Record<MetricStatus, string> = {
  met: "✓",
  warn: "!",
  fail: "✕",
  "no-data": "–",
};

export const METRIC_BADGE: Record<MetricStatus, string> = {
  met: "bg-green-100 text-green-800 ring-green-600/30 dark:bg-green-950 dark:text-green-300",
  warn: "bg-amber-100 text-amber-800 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-300",
  fail: "bg-red-100 text-red-800 ring-red-600/30 dark:bg-red-950 dark:text-red-300",
  "no-data": "bg-slate-100 text-slate-700 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-300",
};

/** The card's left edge, so the state reads at a glance. */
export const METRIC_EDGE: Record<MetricStatus, string> = {
  met: "border-l-green-600 dark:border-l-green-500",
  warn: "border-l-amber-500 dark:border-l-amber-400",
  fail: "border-l-red-600 dark:border-l-red-500",
  "no-data": "border-l-slate-300 dark:border-l-slate-600",
};

/** Date and time in the dashboard's one format (event-time.ts); "—" for none. */
export function formatTime(iso: string | number | Date | null): string {
  if (iso === null) return "—";
  return formatEventTime(iso, new Date(), { withDate: true }) || "—";
}

/** Time of day alone when it falls on the same day as `reference` (the run's start), else date and time. */
export function formatClock(iso: string | number | Date | null, reference: string): string {
  if (iso === null) return "—";
  return formatEventTime(iso, new Date(reference)) || "—";
}
