// Colours of severities on the coordination pages (conflicts, blockers).
import type { Severity } from "@/lib/domain/types";

export const SEVERITY_BADGE: Record<Severity, string> = {
  critical: "bg-red-100 text-red-800 ring-red-600/30 dark:bg-red-950 dark:text-red-300",
  high: "bg-orange-100 text-orange-800 ring-orange-600/30 dark:bg-orange-950 dark:text-orange-300",
  medium: "bg-amber-100 text-amber-800 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-300",
  low: "bg-slate-100 text-slate-700 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-300",
  info: "bg-sky-100 text-sky-800 ring-sky-600/30 dark:bg-sky-950 dark:text-sky-300",
};

export const BADGE = "rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset";

export const BUTTON =
  "rounded-md border border-slate-300 px-3 py-1 text-sm font-medium hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40 dark:border-slate-700 dark:hover:bg-slate-800";

export const PRIMARY_BUTTON =
  "rounded-md bg-slate-900 px-3 py-1 text-sm font-medium text-white hover:bg-slate-700 disabled:cursor-not-allowed disabled:opacity-40 dark:bg-slate-100 dark:text-slate-900";
