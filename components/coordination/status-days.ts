// The Status page's index of days: a run of days has a card of documents per day, one screen or more each; the
// index lets the lead go straight to a day and see at a glance which days had tracks blocked or at risk. Pure.
import type { DailyStatusDay } from "@/lib/domain/coordination/coordination-views";
import { formatUtcOffset } from "../common/event-time";

export type DaySummary = {
  date: string;
  /** The id of the day's card heading, the index's link target. */
  anchor: string;
  tracks: number;
  blocked: number;
  atRisk: number;
};

/** The id of a day's card heading. */
export const dayAnchor = (date: string) => `status-${date}`;

export function summarizeDays(days: readonly DailyStatusDay[]): DaySummary[] {
  return days.map((day) => ({
    date: day.date,
    anchor: dayAnchor(day.date),
    tracks: day.documents.length,
    blocked: day.documents.filter((d) => d.document.status === "blocked").length,
    atRisk: day.documents.filter((d) => d.document.status === "at-risk").length,
  }));
}

/**
 * Which zone the page's days and times are in. The days (midnight to midnight) and the plan's `status.at` are the
 * server's; the times the documents were written are shown in the browser's. Null before any day was written.
 */
export function describeStatusZones(
  days: readonly DailyStatusDay[],
  browserOffsetMinutes: number,
): string | null {
  if (days.length === 0) return null;
  // A day cut across a DST change elsewhere in the run: both offsets, newest first.
  const server = [...new Set(days.map((d) => d.utcOffsetMinutes))];
  const serverText = server.map(formatUtcOffset).join(" or ");
  if (server.length === 1 && server[0] === browserOffsetMinutes)
    return `Days, the plan's status.at and the times below are in ${serverText}: the server's time zone and yours.`;
  return `Days (midnight to midnight) and the plan's status.at are in the server's time, ${serverText}; the times the documents were written are in yours, ${formatUtcOffset(browserOffsetMinutes)}.`;
}

/** "10 tracks · 1 blocked · 3 at risk". */
export function describeDay(day: DaySummary): string {
  const parts = [`${day.tracks} ${day.tracks === 1 ? "track" : "tracks"}`];
  if (day.blocked > 0) parts.push(`${day.blocked} blocked`);
  if (day.atRisk > 0) parts.push(`${day.atRisk} at risk`);
  return parts.join(" · ");
}
