"use client";
// The overview's title line (which run, and how it stands) and, once the run has ended, its outcome with the
// figures a lead wants first and the way to the retrospective.
import Link from "next/link";
import {
  describeRunOutcome,
  describeTimeSaved,
  type RunOutcomeTone,
} from "@/lib/domain/reporting/run-outcome";
import { formatDuration } from "@/lib/domain/units";
import { useBlockersQuery } from "../data/use-blockers-query";
import { useHandoffsQuery } from "../data/use-handoffs-query";
import { useMetricsQuery } from "../data/use-metrics-query";
import { METRIC_BADGE, METRIC_STATUS_ICON } from "../retrospective/metric-style";
import { useCurrentRun } from "../runs/use-current-run";
import { summarizeStatuses } from "../tracks/track-list";

const TONE_STYLE: Record<RunOutcomeTone, string> = {
  success: "border-green-300 bg-green-50 dark:border-green-800 dark:bg-green-950/40",
  warning: "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/40",
  failure: "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950/40",
  neutral: "border-slate-300 bg-slate-100 dark:border-slate-700 dark:bg-slate-900",
};

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export function OverviewHeading() {
  const { run } = useCurrentRun();
  return (
    <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
      <h1 className="text-xl font-bold tracking-tight">Overview</h1>
      {run && (
        <p className="min-w-0 text-sm text-slate-600 dark:text-slate-300" data-testid="run-headline">
          <span className="font-medium">{run.name}</span> ·{" "}
          {run.status === "running" ? "running" : `run ${run.status}`} · started{" "}
          <time dateTime={run.startedAt}>{timeFormat.format(new Date(run.startedAt))}</time>
          {run.endedAt && (
            <>
              {" "}
              · ended <time dateTime={run.endedAt}>{timeFormat.format(new Date(run.endedAt))}</time>
            </>
          )}
        </p>
      )}
    </div>
  );
}

/**
 * Shown once the run has ended: outcome (and, when every track completed, whatever still failed: a quality gate, a
 * handoff, an open critical or high blocker), tracks, time taken and saved against its target, and the retrospective.
 */
export function RunFinished() {
  const { run, tracks } = useCurrentRun();
  const isFinished = run !== undefined && run.status !== "running";
  const metrics = useMetricsQuery(run?.id ?? "current", { enabled: isFinished });
  const blockers = useBlockersQuery();
  const handoffs = useHandoffsQuery("current", { enabled: isFinished });
  if (!run || run.status === "running") return null;
  const m = metrics.data?.metrics;
  const outcome = describeRunOutcome({
    status: run.status,
    tracks: tracks ?? [],
    qualityPassRate: m?.qualityPassRate ?? null,
    blockers: blockers.data ?? null,
    handoffs: handoffs.data ?? null,
  });
  const timeSaved = m ? describeTimeSaved(m.timeSaved) : null;
  const retrospective = `/retrospective?run=${encodeURIComponent(run.id)}`;
  return (
    <section
      aria-labelledby="run-finished-heading"
      data-testid="run-finished"
      data-outcome={run.status}
      data-tone={outcome.tone}
      className={`rounded-xl border p-4 ${TONE_STYLE[outcome.tone]}`}
    >
      <h2 id="run-finished-heading" className="text-lg font-semibold">
        {outcome.title}
      </h2>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-200">
        {run.name}
        {tracks && tracks.length > 0 ? ` · ${summarizeStatuses(tracks)}` : ""}
      </p>
      {outcome.problems.length > 0 && (
        <ul
          className="mt-2 list-disc space-y-0.5 pl-5 text-sm text-slate-800 dark:text-slate-100"
          data-testid="run-problems"
        >
          {outcome.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {m && timeSaved ? (
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-xs text-slate-600 dark:text-slate-300">Time saved</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid="run-time-saved">
              {timeSaved.value}
            </dd>
            <dd
              data-testid="run-time-saved-verdict"
              data-status={timeSaved.status}
              className={
                timeSaved.status === "no-data"
                  ? "text-xs text-slate-600 dark:text-slate-300"
                  : `inline-flex w-fit items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${METRIC_BADGE[timeSaved.status]}`
              }
            >
              {timeSaved.status !== "no-data" && (
                <span aria-hidden="true">{METRIC_STATUS_ICON[timeSaved.status]}</span>
              )}
              {timeSaved.verdict}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600 dark:text-slate-300">Target</dt>
            <dd className="font-medium">{m.timeSaved.target}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600 dark:text-slate-300">Took</dt>
            <dd className="font-medium tabular-nums">{formatDuration(m.makespanMs)}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600 dark:text-slate-300">One after another</dt>
            <dd className="font-medium tabular-nums">
              {formatDuration(m.sequentialMs)}
              {m.timeSaved.value === null && (
                <span className="block text-xs font-normal text-slate-600 dark:text-slate-300">
                  completed tracks only
                </span>
              )}
            </dd>
          </div>
        </dl>
      ) : (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-300" role="status">
          {metrics.isError
            ? `The run's figures could not be loaded: ${metrics.error.message}`
            : "Measuring the run…"}
        </p>
      )}
      <p className="mt-3 flex flex-wrap gap-x-4 gap-y-2 text-sm font-medium">
        <Link
          href={retrospective}
          className="tap text-blue-700 underline-offset-2 hover:underline dark:text-blue-300"
        >
          Open the retrospective →
        </Link>
        <Link
          href="/plan"
          className="tap text-blue-700 underline-offset-2 hover:underline dark:text-blue-300"
        >
          Plan the next run
        </Link>
        <Link
          href="/runs"
          className="tap text-blue-700 underline-offset-2 hover:underline dark:text-blue-300"
        >
          All runs
        </Link>
      </p>
    </section>
  );
}
