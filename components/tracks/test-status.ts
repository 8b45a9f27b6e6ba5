// How a track's quality gate reads, on the overview card and on the track page.
import type { TrackView } from "@/lib/domain/views";

// "skipped" is a track without a test command: said as such, not as a gate that was passed over.
export const TEST_STATUS: Record<
  NonNullable<TrackView["testStatus"]>,
  { card: string; page: string; style: string }
> = {
  passed: { card: "Tests passed", page: "Passed", style: "text-green-700 dark:text-green-400" },
  failed: { card: "Tests failed", page: "Failed", style: "text-red-700 dark:text-red-400" },
  running: { card: "Tests running…", page: "Running…", style: "text-blue-700 dark:text-blue-400" },
  skipped: {
    card: "No test in the plan",
    page: "None: the plan gives this track no test",
    style: "text-slate-600 dark:text-slate-400",
  },
  cancelled: {
    card: "Tests cancelled (shutdown)",
    page: "Cancelled (shutdown)",
    style: "text-amber-700 dark:text-amber-400",
  },
};
