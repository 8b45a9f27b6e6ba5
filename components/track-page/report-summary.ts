// Reports as the page lists them: agents send many partial reports (one per ::progress or ::done line),
// so each gets a one-line summary, and together they make one daily status in the seed's shape.
import type { BlockerReport, ProgressReport } from "@/lib/domain/types";

/** "40% · on-track · done: wrote the API · next: tests · blocker (high): no key" — what this report says. */
export function summarizeReport(report: ProgressReport): string {
  const parts: string[] = [];
  if (report.progressPercent !== undefined) parts.push(`${Math.round(report.progressPercent)}%`);
  if (report.status) parts.push(report.status);
  for (const done of report.completedToday ?? []) parts.push(`done: ${done}`);
  for (const next of report.plannedTomorrow ?? []) parts.push(`next: ${next}`);
  for (const b of report.blockers ?? []) parts.push(`blocker (${b.severity}): ${b.blocker}`);
  const usage = report.resourceUsage;
  if (usage?.ramGb !== undefined) parts.push(`${usage.ramGb} GB`);
  if (usage?.model) parts.push(usage.model);
  return parts.length > 0 ? parts.join(" · ") : "no fields";
}

/**
 * One daily status from many reports (given newest first, as the API sends them): the latest value of each
 * single field, and every distinct list item in the order it was reported (a planned item once done is no
 * longer planned). The date defaults to the day of the newest report.
 */
export function combineReports(
  trackKey: string,
  entries: readonly { at: string; report: ProgressReport }[],
): ProgressReport {
  const combined: ProgressReport = { track: trackKey };
  const completed: string[] = [];
  const planned: string[] = [];
  const blockers: BlockerReport[] = [];
  const usage: NonNullable<ProgressReport["resourceUsage"]> = {};
  for (const { report } of [...entries].reverse()) {
    if (report.date !== undefined) combined.date = report.date;
    if (report.agent !== undefined) combined.agent = report.agent;
    if (report.status !== undefined) combined.status = report.status;
    if (report.progressPercent !== undefined) combined.progressPercent = report.progressPercent;
    for (const item of report.completedToday ?? []) if (!completed.includes(item)) completed.push(item);
    for (const item of report.plannedTomorrow ?? []) if (!planned.includes(item)) planned.push(item);
    for (const b of report.blockers ?? []) {
      if (!blockers.some((x) => x.blocker === b.blocker && x.severity === b.severity)) blockers.push(b);
    }
    Object.assign(usage, report.resourceUsage);
  }
  const newest = entries[0];
  if (combined.date === undefined && newest) combined.date = newest.at.slice(0, 10);
  if (completed.length > 0) combined.completedToday = completed;
  // "::next X" followed later by "::done X": X is no longer planned.
  const stillPlanned = planned.filter((item) => !completed.includes(item));
  if (stillPlanned.length > 0) combined.plannedTomorrow = stillPlanned;
  if (blockers.length > 0) combined.blockers = blockers;
  if (Object.keys(usage).length > 0) combined.resourceUsage = usage;
  return combined;
}
