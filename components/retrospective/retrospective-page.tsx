"use client";
import Link from "next/link";
// /retrospective: the run measured against the seed's success metrics, planned vs actual, the decisions and
// pauses, and the lead's lessons, exported as Markdown.
import { describeHold, describeOutages } from "@/lib/domain/reporting/database-outages";
import { formatDuration } from "@/lib/domain/units";
import { Card } from "../common/card";
import { NoRunMessage } from "../common/no-run-message";
import { useRetrospectiveQuery } from "../data/use-retrospective-query";
import { RunPicker } from "../runs/run-picker";
import { DownloadLink } from "../track-page/download-link";
import { DecisionsList, PausesList } from "./decisions-pauses";
import { formatTime } from "./metric-style";
import { MetricsPanel } from "./metrics-panel";
import { PlannedActualTable } from "./planned-actual-table";
import { RetroEntriesEditor } from "./retro-entries-editor";

export function RetrospectivePage({ runId = "current" }: { runId?: string }) {
  const query = useRetrospectiveQuery(runId);
  if (query.isPending || query.isError) {
    return (
      <div className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h1 className="text-xl font-bold tracking-tight">Retrospective</h1>
          <RunPicker value={runId} basePath="/retrospective" />
        </div>
        <Card>
          {query.isPending ? (
            <p className="text-sm text-slate-600 dark:text-slate-300" role="status">
              Loading the retrospective…
            </p>
          ) : (
            <NoRunMessage
              message={query.error.message}
              runId={runId}
              what="the retrospective"
              then="its success metrics, planned vs actual and lessons appear here."
            />
          )}
        </Card>
      </div>
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
            {run.endedAt ? `ended ${formatTime(run.endedAt)}` : "still running"} ·{" "}
            {elapsedText(run.endedAt !== null, view.metrics.makespanMs, view.metrics.sequentialMs)}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <RunPicker value={runId} basePath="/retrospective" />
          <DownloadLink
            href={`/api/runs/${encodeURIComponent(run.id)}/retrospective.md`}
            fileName={`retrospective-${run.id}.md`}
            className="tap rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
          >
            Download Markdown
          </DownloadLink>
        </div>
      </div>
      <Card title="Success metrics" labelledBy="retro-metrics">
        <MetricsPanel metrics={view.metricList} />
        {run.status === "running" && (
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
            The run is still going: the figures are measured up to now and move with it.
          </p>
        )}
      </Card>
      <Card title="Planned vs actual" labelledBy="retro-planned-actual">
        <PlannedActualTable tracks={view.tracks} runStartedAt={run.startedAt} />
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
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
          scrollable
          className="max-h-[520px]"
        >
          <DecisionsList decisions={view.decisions} runStartedAt={run.startedAt} />
        </Card>
        <Card title="Pauses" labelledBy="retro-pauses" scrollable className="max-h-[520px]">
          <PausesList pauses={view.pauses} runStartedAt={run.startedAt} />
        </Card>
      </div>
      {view.outages.length > 0 && (
        <Card title="Database outages" labelledBy="retro-outages">
          <p className="text-sm" data-testid="retro-outages">
            {describeOutages(view.outages)}
          </p>
          <ul className="mt-2 space-y-1 text-sm text-slate-700 dark:text-slate-300">
            {view.outages.map((outage) => (
              <li key={String(outage.from)}>
                {formatTime(outage.from)}:{" "}
                {outage.downMs === null
                  ? "not back when the run ended"
                  : `down ${formatDuration(outage.downMs)}`}
                {outage.written !== null ? `, ${outage.written} waiting write(s) made` : ""}
                {outage.dropped + outage.failed > 0 ? `, ${outage.dropped + outage.failed} lost` : ""}
                {outage.heldBack.length > 0
                  ? `; held back ${outage.heldBack.map(describeHold).join(", ")}`
                  : ""}
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card title="Lessons" labelledBy="retro-lessons">
        <RetroEntriesEditor key={run.id} runId={runId} entries={view.entries} />
      </Card>
    </div>
  );
}

/** The run's elapsed time against the completed tracks' running time; while it goes on, only what is done so far. */
export function elapsedText(ended: boolean, makespanMs: number, sequentialMs: number): string {
  if (ended)
    return `elapsed ${formatDuration(makespanMs)} for ${formatDuration(sequentialMs)} of the completed tracks' running time`;
  const done = sequentialMs > 0 ? `; the tracks completed so far ran ${formatDuration(sequentialMs)}` : "";
  return `elapsed ${formatDuration(makespanMs)} so far${done}`;
}
