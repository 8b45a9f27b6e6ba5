// Whether a track keeps up with its planned time. The phase 3 gate's schedule check reads every running track
// with it; the daily status takes its `status` from it when the agent reports none. Pure.
import type { BlockerSeverity, ReportStatus } from "../types";
import { formatDuration } from "../units";
import type { ScheduleEvidence } from "./gate-evidence";
import { pct } from "./gate-outcome";

/** A track is on schedule while its progress is no more than 10 points behind its share of planned time. */
export const SCHEDULE_TOLERANCE_POINTS = 10;

export type ScheduleStanding =
  /** Pending or ready: not started, nothing to judge. */
  | { kind: "waiting" }
  | { kind: "completed" }
  /** Failed or stopped: it makes no progress until someone acts. */
  | { kind: "ended"; detail: string }
  | { kind: "behind"; detail: string }
  /** Running, but the plan gives no duration to measure it against. */
  | { kind: "unplanned" }
  /** Running within its planned time, with no progress reported in this attempt. */
  | { kind: "unreported" }
  | { kind: "on-schedule" };

export function scheduleStanding(t: ScheduleEvidence): ScheduleStanding {
  switch (t.status) {
    case "pending":
    case "ready":
      return { kind: "waiting" };
    case "completed":
      return { kind: "completed" };
    case "failed":
    case "stopped":
      return { kind: "ended", detail: `${t.key} ${t.status}` };
    case "running":
    case "paused":
      break;
  }
  if (t.planned === null) return { kind: "unplanned" };
  if (t.elapsedMs > t.planned.maxMs)
    return { kind: "behind", detail: `${t.key} past its planned ${formatDuration(t.planned.maxMs)}` };
  if (t.progressPercent === null) return { kind: "unreported" };
  const expected = Math.min(100, (t.elapsedMs / t.planned.maxMs) * 100);
  if (t.progressPercent < expected - SCHEDULE_TOLERANCE_POINTS)
    return {
      kind: "behind",
      detail: `${t.key} ${pct(t.progressPercent)} done at ${pct(expected)} of its planned time`,
    };
  return { kind: "on-schedule" };
}

/**
 * The seed's daily `status` as Paratrack reads it, for an agent that reports none: blocked when a critical blocker
 * is open or the track ended without completing; at risk when it is behind its planned time or a high blocker is
 * open; on track otherwise (nothing says it is not).
 */
export function derivedReportStatus(
  standing: ScheduleStanding,
  openBlockers: readonly { severity: BlockerSeverity }[],
): ReportStatus {
  if (standing.kind === "ended" || openBlockers.some((b) => b.severity === "critical")) return "blocked";
  if (standing.kind === "behind" || openBlockers.some((b) => b.severity === "high")) return "at-risk";
  return "on-track";
}
