"use client";
// /retrospective: the run measured against the seed's success metrics, planned vs actual, the decisions and
// pauses, and the lead's lessons, exported as Markdown.
import Link from "next/link";
import { formatDuration } from "@/lib/domain/units";
import { Card } from "../common/card";
import { useRetrospectiveQuery } from "../data/use-retrospective-query";
import { DecisionsList, PausesList } from "./decisions-pauses";
import { formatTime } from "./metric-style";
import { MetricsPanel } from "./metrics-panel";
import { PlannedActualTable } from "./planned-actual-table";
import { RetroEntriesEditor } from "./retro-entries-editor";
import { RunPicker } from "./run-picker";

export function RetrospectivePage({ runId = "current" }: { runId?: string }) {
  const query = useRetrospectiveQuery(runId);
  if (query.isPending) {
    return (
      <Card title="Retrospective">
        <p className="text-sm text-slate-500" role="status">
          Loading the retrospective…
        </p>
      </Card>
    );
  }
  if (query.isError) {
    const noRun = /no run/.test(query.error.message);
    return (
      <Card title="Retrospective">
        <p className="text-sm text-slate-600 dark:text-slate-300" role={noRun ? "status" : "alert"}>
          {noRun ? "No run has started yet." : `Could not load the retrospective: ${query.error.message}`}
        </p>
      </Card>
    );
  }
  const view = query.data;
  const { run } = view;
  const runParam = runId === "current" ? "" : `?run=${encodeURIComponent(run.id)}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-bold tracking-tight">Retrospective: {run.name}</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="retro-summary">
            Run {run.status} · started {formatTime(run.startedAt)} ·{" "}
            {run.endedAt ? `ended ${formatTime(run.endedAt)}` : "still running"} · elapsed{" "}
            {formatDuration(view.metrics.makespanMs)} for {formatDuration(view.metrics.sequentialMs)} of track
            time
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <RunPicker value={runId} />
          <a
            href={`/api/runs/${encodeURIComponent(run.id)}/retrospective.md`}
            download
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
          >
            Download Markdown
          </a>
        </div>
      </div>
      <Card title="Success metrics" labelledBy="retro-metrics">
        <MetricsPanel metrics={view.metricList} />
        {run.status === "running" && (
          <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
            The run is still going: the figures are measured up to now and move with it.
          </p>
        )}
      </Card>
      <Card title="Planned vs actual" labelledBy="retro-planned-actual">
        <PlannedActualTable tracks={view.tracks} runStartedAt={run.startedAt} />
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
          Bars for the same run:{" "}
          <Link href={`/gantt${runParam}`} className="underline">
            Gantt
          </Link>{" "}
          · gates:{" "}
          <Link href={`/phases${runParam}`} className="underline">
            Phases
          </Link>
        </p>
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card
          title="Governor and lead decisions"
          labelledBy="retro-decisions"
          className="max-h-[520px] overflow-y-auto"
        >
          <DecisionsList decisions={view.decisions} runStartedAt={run.startedAt} />
        </Card>
        <Card title="Pauses" labelledBy="retro-pauses" className="max-h-[520px] overflow-y-auto">
          <PausesList pauses={view.pauses} runStartedAt={run.startedAt} />
        </Card>
      </div>
      <Card title="Lessons" labelledBy="retro-lessons">
        <RetroEntriesEditor key={run.id} runId={runId} entries={view.entries} />
      </Card>
    </div>
  );
}
