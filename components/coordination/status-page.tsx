"use client";
import { stringify } from "yaml";
import type { DailyStatusDay, StatusTrigger } from "@/lib/domain/coordination/coordination-views";
import { Card } from "../common/card";
import { browserUtcOffset, formatEventTime, formatUtcOffset } from "../common/event-time";
import { useCoordinationMutation } from "../data/use-coordination-mutation";
import { useStatusDaysQuery } from "../data/use-status-days-query";
import { RunPicker } from "../runs/run-picker";
import { useCurrentRun } from "../runs/use-current-run";
// The Status page: the daily status documents (the seed's YAML) by day, newest first, each day downloadable as one
// YAML file; the lead can write today's now.
import { DownloadLink } from "../track-page/download-link";
import { PRIMARY_BUTTON } from "./severity-style";
import { dayAnchor, describeDay, describeStatusZones, summarizeDays } from "./status-days";

const TRIGGER_WORDS: Record<StatusTrigger, string> = {
  cadence: "daily",
  demand: "on demand",
  "run-end": "at the run's end",
};

export function StatusPage({ runId }: { runId: string }) {
  const days = useStatusDaysQuery(runId);
  const mutation = useCoordinationMutation();
  const { run } = useCurrentRun();
  const list = days.data ?? [];
  // Only with data (client-side): the server's render would put its own zone here.
  const zones = describeStatusZones(list, browserUtcOffset());
  return (
    <div className="space-y-4">
      {/* Like the Gantt's and the phases': the page's heading, and which run's documents these are. */}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-bold tracking-tight">Daily status</h1>
        <RunPicker value={runId} basePath="/status" />
      </div>
      <Card
        title="How these documents are written"
        labelledBy="status-heading"
        actions={
          // Only while the run goes on: an ended run's documents were written at its end.
          runId === "current" &&
          run?.status === "running" && (
            <button
              type="button"
              className={PRIMARY_BUTTON}
              disabled={mutation.isPending}
              onClick={() => mutation.mutate({ url: "/api/runs/current/status" })}
            >
              Write today's status now
            </button>
          )
        }
      >
        <p className="text-sm text-slate-600 dark:text-slate-300">
          One document per track and day in the workflow's YAML format, from the agents' reports merged with
          what Paratrack measured (commits, files changed, RAM peak, model, tests). Written daily at the
          plan's <code>status.at</code> (default 18:00) by the server's clock, on demand and when the run
          ends. Without a status from the agent, Paratrack's reading: blocked (a critical blocker, or the
          track failed or was stopped), at risk (behind its planned time, or a high blocker) or on track.
        </p>
        {zones && (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-300" data-testid="status-zones">
            {zones}
          </p>
        )}
        {days.error && (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">{days.error.message}</p>
        )}
        {mutation.isError && (
          <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
            {mutation.error.message}
          </p>
        )}
        {!days.error && list.length === 0 && (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">No status written yet.</p>
        )}
      </Card>
      <StatusDayIndex days={list} />
      {list.map((day) => (
        <Card
          key={day.date}
          title={
            <>
              {day.date}{" "}
              <span className="font-normal normal-case">
                · the server's day, {formatUtcOffset(day.utcOffsetMinutes)}
              </span>
            </>
          }
          labelledBy={dayAnchor(day.date)}
          actions={
            <DownloadLink
              href={`/api/runs/${encodeURIComponent(runId)}/status/${day.date}`}
              fileName={`${day.date}.yaml`}
              className="text-sm font-medium text-sky-700 hover:underline dark:text-sky-300"
            >
              Download {day.date}.yaml
            </DownloadLink>
          }
        >
          <div className="grid gap-3 lg:grid-cols-2">
            {day.documents.map((d) => (
              <section
                key={d.trackKey}
                aria-label={`Status of track ${d.trackKey} on ${day.date}`}
                className="min-w-0 rounded-lg border border-slate-200 p-2 dark:border-slate-800"
              >
                <h3 className="mb-1 text-sm font-semibold">
                  Track {d.trackKey}{" "}
                  <span className="text-xs font-normal text-slate-600 dark:text-slate-300">
                    {TRIGGER_WORDS[d.trigger]} ·{" "}
                    {/* Your time, with its date: it may fall on another day than the server's day above. */}
                    <time dateTime={d.generatedAt}>
                      {formatEventTime(d.generatedAt, undefined, { withDate: true })}
                    </time>
                  </span>
                </h3>
                <pre className="overflow-x-auto text-xs" data-testid="status-yaml">
                  {stringify(d.document)}
                </pre>
              </section>
            ))}
          </div>
        </Card>
      ))}
    </div>
  );
}

/** Links to each day's card, with how its tracks stood; a run of days has a screen or more of documents per day. */
export function StatusDayIndex({ days }: { days: readonly DailyStatusDay[] }) {
  if (days.length < 2) return null;
  return (
    <nav aria-label="Days" data-testid="status-day-index" className="flex flex-wrap gap-2">
      {summarizeDays(days).map((day) => (
        <a
          key={day.date}
          href={`#${day.anchor}`}
          className="tap rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
        >
          <span className="font-semibold">{day.date}</span>{" "}
          <span className="ml-1.5 text-xs text-slate-600 dark:text-slate-300">{describeDay(day)}</span>
        </a>
      ))}
    </nav>
  );
}
