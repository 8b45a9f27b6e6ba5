// Which reports a track takes and who set what it shows: a finished track's reports are closed, and the newest
// report that states a status (agent line, API or CLI alike) sets it, with its author and time kept beside it. Pure.
import type { ReportSource } from "../event-kinds";
import type { ProgressReport, ReportStatus, TrackStatus } from "../types";
import { isFinished } from "./track-lifecycle";

/** Why a track takes no more progress reports (it has finished), or null while it does. */
export function reportClosedReason(track: { plan: { key: string }; status: TrackStatus }): string | null {
  if (!isFinished(track.status)) return null;
  return `track ${track.plan.key} is ${track.status}: it takes no more progress reports (restart it to report on a new attempt)`;
}

export type StatusAuthor = { status: ReportStatus; source: ReportSource | string; at: string };

/** Who set the track's report status and when: the newest report that states one (reports newest first). */
export function statusAuthor(
  reports: readonly { at: string; source: string; report: ProgressReport }[],
): StatusAuthor | null {
  let newest: StatusAuthor | null = null;
  for (const entry of reports) {
    const status = entry.report.status;
    if (status === undefined) continue;
    if (newest === null || entry.at > newest.at) newest = { status, source: entry.source, at: entry.at };
  }
  return newest;
}

/** "the lead (API)", "the lead (CLI)", "the agent": who a report's source is, for people. */
export function describeReportSource(source: string): string {
  switch (source) {
    case "api":
      return "the lead (API)";
    case "cli":
      return "the lead (CLI)";
    case "stdout":
      return "the agent";
    default:
      return source;
  }
}
