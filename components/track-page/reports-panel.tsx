"use client";
// The track's daily status: the form to add a report, the reports combined in the seed's YAML, and every
// report newest first (each opens to its own YAML).
import { useState } from "react";
import { Card } from "@/components/common/card";
import { useTrackStatusQuery } from "@/components/data/use-track-status-query";
import { toDailyStatusYaml } from "@/lib/domain/coordination/daily-status";
import { formatDailyStatusYaml } from "@/lib/domain/coordination/daily-status-build";
import type { TrackDetailView } from "@/lib/domain/views";
import { formatEventTime } from "../common/event-time";
import { ReportForm } from "./report-form";
import { combineReports, summarizeReport } from "./report-summary";
import { uniqueKeys } from "./unique-keys";

/** Reports listed before "Show all": agents report a line at a time, so lists grow long. */
const REPORTS_SHOWN = 8;
/** How many reports the track's detail carries, newest first (lib/engine/track-queries.ts): a track of a days-long
 * run has hundreds, so a full list is only the newest ones. */
export const REPORTS_SENT = 50;

/** The button that lists every report the page holds: "all" only when the server sent them all. */
export function showMoreLabel(count: number): string {
  return count >= REPORTS_SENT ? `Show the ${count} newest reports` : `Show all ${count} reports`;
}

const SOURCE_TEXT: Record<string, string> = {
  stdout: "agent output",
  api: "API",
  cli: "CLI",
};

const YAML_STYLE =
  "overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-800 dark:bg-slate-950 dark:text-slate-200";

/** `runId`: the track of that run (a past run's page): no report form, its stored daily status. */
export function ReportsPanel({ track, runId }: { track: TrackDetailView; runId?: string }) {
  const [showAll, setShowAll] = useState(false);
  const reports = track.reports;
  const shown = showAll ? reports : reports.slice(0, REPORTS_SHOWN);
  // Newest first, so number repeats from the oldest end: a key never changes when a report arrives on top.
  const keys = uniqueKeys(
    [...shown].reverse(),
    (r) => `${r.at}-${r.source}-${summarizeReport(r.report)}`,
  ).reverse();
  // The server's document adds what Paratrack measured; without one (an ended run that never wrote one), the
  // current attempt's reports alone: a restart starts the day's story again.
  const built = useTrackStatusQuery(track.key, reports.length > 0, runId).data;
  const since = track.startedAt;
  const current = since ? reports.filter((r) => r.at >= since) : reports;
  return (
    <Card title="Daily status reports" labelledBy="track-reports-title">
      <div className="space-y-5">
        {runId === undefined && <ReportForm trackKey={track.key} />}

        {reports.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No reports yet.</p>
        ) : (
          <>
            <div>
              <h3 className="text-sm font-semibold">Daily status</h3>
              <p
                className="mb-1 text-xs text-slate-600 dark:text-slate-400"
                data-testid="track-daily-status-basis"
              >
                {built && runId !== undefined
                  ? `${built.date}, the last one written in this run.`
                  : built
                    ? `${built.date}, as it would be written now: the day's reports merged with what Paratrack measured (RAM peak, model in force, running time, commits, tests) and the open blockers.`
                    : `${current.length} report${current.length === 1 ? "" : "s"}${since && track.attempts > 1 ? ` of attempt ${track.attempts}` : ""} combined: the newest value of each field, every item listed.`}
              </p>
              <pre
                className={`${YAML_STYLE} max-h-80`}
                data-testid="track-daily-status"
                // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus to be scrolled by keyboard.
                tabIndex={0}
                role="region"
                aria-label="Daily status (YAML)"
              >
                {built
                  ? formatDailyStatusYaml([built])
                  : toDailyStatusYaml(combineReports(track.key, current))}
              </pre>
            </div>

            <div>
              <h3 className="mb-1 text-sm font-semibold">Reports, newest first</h3>
              <ol
                className="space-y-1.5"
                data-testid="track-reports"
                aria-label={`Reports of track ${track.key}`}
              >
                {shown.map((entry, i) => (
                  <li key={keys[i]} data-testid="report" data-source={entry.source}>
                    <details className="group rounded-md border border-slate-200 dark:border-slate-800">
                      <summary className="flex cursor-pointer list-none items-baseline gap-2 px-2.5 py-1.5 text-sm marker:hidden">
                        <span
                          className="text-slate-600 dark:text-slate-400 transition-transform group-open:rotate-90"
                          aria-hidden="true"
                        >
                          ▸
                        </span>
                        <time
                          dateTime={entry.at}
                          className="shrink-0 text-xs tabular-nums text-slate-600 dark:text-slate-400"
                        >
                          {formatEventTime(entry.at)}
                        </time>
                        <span className="shrink-0 text-xs text-slate-600 dark:text-slate-400">
                          {SOURCE_TEXT[entry.source] ?? entry.source}
                        </span>
                        <span className="min-w-0 truncate">{summarizeReport(entry.report)}</span>
                      </summary>
                      <pre className={`${YAML_STYLE} m-2 mt-0 max-h-64`}>
                        {toDailyStatusYaml(entry.report)}
                      </pre>
                    </details>
                  </li>
                ))}
              </ol>
              {reports.length > REPORTS_SHOWN && (
                <button
                  type="button"
                  onClick={() => setShowAll((v) => !v)}
                  className="tap mt-2 text-sm text-blue-700 hover:underline dark:text-blue-300"
                >
                  {showAll ? `Show the ${REPORTS_SHOWN} newest` : showMoreLabel(reports.length)}
                </button>
              )}
            </div>
          </>
        )}
      </div>
    </Card>
  );
}
