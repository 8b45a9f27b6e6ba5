// How a track's quality gate reads, on the overview card and on the track page.
import type { TrackView } from "@/lib/domain/views";

export const TEST_STATUS: Record<NonNullable<TrackView["testStatus"]>, { word: string; style: string }> = {
  passed: { word: "passed", style: "text-green-700 dark:text-green-400" },
  failed: { word: "failed", style: "text-red-700 dark:text-red-400" },
  running: { word: "running…", style: "text-blue-700 dark:text-blue-400" },
  skipped: { word: "skipped", style: "text-slate-600 dark:text-slate-400" },
  cancelled: { word: "cancelled (shutdown)", style: "text-amber-700 dark:text-amber-400" },
};
