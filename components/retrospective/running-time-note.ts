// The note under a track's running time in the planned-vs-actual table. Pure.
import type { TrackStatus } from "@/lib/domain/types";
import { formatDuration } from "@/lib/domain/units";
import { describePlanChange, type PlanChange } from "./plan-change";

export type RunningTimeNote = { text: string; tone: PlanChange["tone"] | "failed" | "stopped" };

/**
 * Against the plan for a track that completed or still runs ("-12 % vs plan"). A failed or stopped track did not
 * finish its work, so its shorter time is no saving: it says how long it ran before it ended ("failed after 30s,
 * 25 % of plan"), never "-75 % vs plan" in the colour of a track that came in early.
 */
export function describeRunningTime(
  track: { status: TrackStatus; durationMs: number | null; hasEnded: boolean },
  plannedMs: number | null,
): RunningTimeNote | null {
  switch (track.status) {
    case "failed":
    case "stopped": {
      if (track.durationMs === null) return null;
      const share =
        plannedMs !== null && plannedMs > 0
          ? `, ${Math.round((track.durationMs / plannedMs) * 100)} % of plan`
          : "";
      return {
        text: `${track.status} after ${formatDuration(track.durationMs)}${share}`,
        tone: track.status,
      };
    }
    case "pending":
    case "ready":
    case "running":
    case "paused":
    case "completed":
      return describePlanChange(track.durationMs, plannedMs, track.hasEnded);
    default: {
      const unreachable: never = track.status;
      return unreachable;
    }
  }
}
