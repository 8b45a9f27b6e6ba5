// What a track card says of the agent's or lead's report: a live "reported blocked" chip while the track can still
// act on it, and the past tense once it has finished (a completed track is not blocked now). Pure.
import { isFinished } from "@/lib/domain/phases/track-lifecycle";
import type { ReportStatus, TrackStatus } from "@/lib/domain/types";

/** "at-risk" and "blocked" draw the eye (amber, red); "past" is neutral: it is history, not a call to act. */
export type ReportFlagTone = "at-risk" | "blocked" | "past";

export type ReportFlag = { text: string; tone: ReportFlagTone };

/** The chip for the reported status, or null when there is nothing wrong to say (no report, or on track). */
export function describeReportFlag(
  status: TrackStatus,
  reportStatus: ReportStatus | null,
): ReportFlag | null {
  if (reportStatus !== "at-risk" && reportStatus !== "blocked") return null;
  if (isFinished(status)) return { text: `was reported ${reportStatus}`, tone: "past" };
  return { text: `reported ${reportStatus}`, tone: reportStatus };
}

/** "2 blockers", or "had 2 blockers" once the track has finished. */
export function describeBlockerCount(status: TrackStatus, count: number): string {
  const counted = `${count} blocker${count === 1 ? "" : "s"}`;
  return isFinished(status) ? `had ${counted}` : counted;
}
