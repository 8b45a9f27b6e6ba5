"use client";
// The overview's title line (which run, and how it stands) and, once the run has ended, its outcome with the
// figures a lead wants first and the way to the retrospective.
import Link from "next/link";
import { formatDuration } from "@/lib/domain/units";
import type { RunStatus } from "@/lib/domain/views";
import { useMetricsQuery } from "../data/use-metrics-query";
import { useCurrentRun } from "../runs/use-current-run";
import { summarizeStatuses } from "../tracks/track-list";

const OUTCOME: Record<Exclude<RunStatus, "running">, { title: string; style: string }> = {
  completed: {
    title: "Run finished: every track completed",
    style: "border-green-300 bg-green-50 dark:border-green-800 dark:bg-green-950/40",
  },
  failed: {
    title: "Run finished with failures",
    style: "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950/40",
  },
  stopped: {
    title: "Run stopped",
    style: "border-slate-300 bg-slate-100 dark:border-slate-700 dark:bg-slate-900",
  },
};

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export function OverviewHeading() {
  const { run } = useCurrentRun();
  return (
    <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
      <h1 className="text-xl font-bold tracking-tight">Overview</h1>
      {run && (
        <p className="min-w-0 text-sm text-slate-600 dark:text-slate-300" data-testid="run-headline">
          <span className="font-medium">{run.name}</span> · run {run.status} · started{" "}
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

/** Shown once the run has ended: outcome, tracks, time taken and saved, and the retrospective. */
export function RunFinished() {
  const { run, tracks } = useCurrentRun();
  const isFinished = run !== undefined && run.status !== "running";
  const metrics = useMetricsQuery(run?.id ?? "current", { enabled: isFinished });
  if (!run || run.status === "running") return null;
  const outcome = OUTCOME[run.status];
  const m = metrics.data?.metrics;
  const retrospective = `/retrospective?run=${encodeURIComponent(run.id)}`;
  return (
    <section
      aria-labelledby="run-finished-heading"
      data-testid="run-finished"
      data-outcome={run.status}
      className={`rounded-xl border p-4 ${outcome.style}`}
    >
      <h2 id="run-finished-heading" className="text-lg font-semibold">
        {outcome.title}
      </h2>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-200">
        {run.name}
        {tracks && tracks.length > 0 ? ` · ${summarizeStatuses(tracks)}` : ""}
      </p>
      {m ? (
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-xs text-slate-600 dark:text-slate-300">Time saved</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid="run-time-saved">
              {m.timeSaved.value === null ? "—" : `${Math.round(m.timeSaved.value)} %`}
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
            <dd className="font-medium tabular-nums">{formatDuration(m.sequentialMs)}</dd>
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
