"use client";
// /runs: every stored run, newest first, with its outcome and the way to its Gantt, phases and retrospective.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { formatBytes, formatDuration } from "@/lib/domain/units";
import type { RunStatus, RunView, TrackView } from "@/lib/domain/views";
import { Card } from "../common/card";
import { ConfirmDialog } from "../common/confirm-dialog";
import { keepFocusWhenRemoved } from "../common/keep-focus";
import { ScrollBox } from "../common/scroll-box";
import { fetchJson } from "../data/fetch-json";
import { queryKeys } from "../data/query-keys";
import { useDeleteRunMutation } from "../data/use-delete-run-mutation";
import { useRunsQuery } from "../data/use-runs-query";
import { formatTime } from "../retrospective/metric-style";
import { runHref } from "./run-picker";
import { useCurrentRunId } from "./use-current-run";

export const RUN_STATUS_STYLE: Record<RunStatus, string> = {
  running: "bg-sky-100 text-sky-900 ring-sky-600/30 dark:bg-sky-950 dark:text-sky-200",
  completed: "bg-green-100 text-green-900 ring-green-600/30 dark:bg-green-950 dark:text-green-200",
  failed: "bg-red-100 text-red-900 ring-red-600/30 dark:bg-red-950 dark:text-red-200",
  stopped: "bg-slate-200 text-slate-800 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-200",
};

const OUTCOME_WORD: Record<RunStatus, string> = {
  running: "running",
  completed: "completed",
  failed: "failed",
  stopped: "stopped",
};

/** A run's own pages, linked from its row. */
const RUN_PAGES = [
  { base: "/gantt", label: "Gantt" },
  { base: "/phases", label: "Phases" },
  { base: "/retrospective", label: "Retrospective" },
] as const;

function took(run: RunView): string {
  if (!run.endedAt) return "—";
  return formatDuration(Date.parse(run.endedAt) - Date.parse(run.startedAt));
}

/** A run the lead may delete: ended, and not the server's current run (the overview's). */
export function isDeletable(run: RunView, currentRunId: string | null | undefined): boolean {
  return run.status !== "running" && currentRunId !== undefined && run.id !== currentRunId;
}

/**
 * What a deletion leaves outside Paratrack's records: a run's git branches and worktrees, said only when its tracks
 * had some (a plan with a repo); null for a run without one, or while its tracks are not known.
 */
export function describeWhatStays(tracks: readonly Pick<TrackView, "git">[] | undefined): string | null {
  if (!tracks?.some((t) => t.git)) return null;
  return "Its branches and worktrees stay in the repository: the work itself is not touched.";
}

/** The tracks of the run the dialog asks about (GET /api/runs/:id), for what its deletion leaves behind. */
function useRunTracks(runId: string | null) {
  return useQuery({
    queryKey: [...queryKeys.runs(), "tracks", runId],
    queryFn: () =>
      fetchJson<RunView & { tracks: TrackView[] }>(`/api/runs/${encodeURIComponent(runId ?? "")}`, {
        contract: "getRun",
      }),
    select: (run) => run.tracks,
    enabled: runId !== null,
  });
}

export function RunsPage() {
  const runs = useRunsQuery();
  const currentRunId = useCurrentRunId();
  const deletion = useDeleteRunMutation();
  const [asking, setAsking] = useState<RunView | null>(null);
  /** The Delete button that opened the dialog. */
  const deleting = useRef<HTMLButtonElement | null>(null);
  const whatStays = describeWhatStays(useRunTracks(asking?.id ?? null).data);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-bold tracking-tight">Runs</h1>
        <Link
          href="/plan"
          className="tap text-sm font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-300"
        >
          Start a run from the Planner →
        </Link>
      </div>
      <Card title="Stored runs, newest first" labelledBy="runs-heading">
        {runs.isPending ? (
          <p className="text-sm text-slate-600 dark:text-slate-300" role="status">
            Loading the runs…
          </p>
        ) : runs.isError ? (
          <p className="text-sm text-red-700 dark:text-red-300" role="alert">
            Could not load the runs: {runs.error.message}
          </p>
        ) : runs.data.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300" role="status">
            No run yet. Start one from the{" "}
            <Link href="/plan" className="underline">
              Planner
            </Link>{" "}
            or with <code>paratrack run plan.yaml</code>.
          </p>
        ) : (
          <ScrollBox label="Runs">
            <table className="w-full min-w-[720px] text-left text-sm" data-testid="runs-table">
              <thead className="border-b border-slate-200 text-xs uppercase text-slate-600 dark:border-slate-700 dark:text-slate-300">
                <tr>
                  <th scope="col" className="py-2 pr-3">
                    Run
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Outcome
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Started
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Took
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Tracks
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Budget
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    See
                  </th>
                  {/* relative: the hidden label stays inside the scroll box (else the page scrolls sideways) */}
                  <th scope="col" className="relative py-2">
                    <span className="sr-only">Delete</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {runs.data.map((run) => (
                  <tr key={run.id} data-testid="run-row" data-run-id={run.id} data-status={run.status}>
                    <th scope="row" className="py-2 pr-3 font-medium">
                      {run.name}
                    </th>
                    <td className="py-2 pr-3">
                      <span
                        className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${RUN_STATUS_STYLE[run.status]}`}
                        data-testid="run-outcome"
                      >
                        {OUTCOME_WORD[run.status]}
                      </span>
                      {run.status !== "running" && run.phase > 0 && (
                        <span className="ml-2 text-xs text-slate-600 dark:text-slate-300">
                          phase {run.phase}
                        </span>
                      )}
                    </td>
                    <td className="py-2 pr-3 tabular-nums">
                      <time dateTime={run.startedAt}>{formatTime(run.startedAt)}</time>
                    </td>
                    <td className="py-2 pr-3 tabular-nums">{took(run)}</td>
                    <td className="py-2 pr-3 tabular-nums">{run.trackCount}</td>
                    <td className="py-2 pr-3 tabular-nums">
                      {run.budgetBytes === null ? "—" : formatBytes(run.budgetBytes)}
                    </td>
                    <td className="py-2 pr-3">
                      <ul className="flex flex-wrap gap-x-3" aria-label={`Pages of run ${run.name}`}>
                        {RUN_PAGES.map(({ base, label }) => (
                          <li key={base}>
                            <Link
                              href={runHref(base, run.id)}
                              // Every row has the same three links: the run's name tells them apart.
                              aria-label={`${label} of run ${run.name}`}
                              className="tap text-blue-700 underline-offset-2 hover:underline dark:text-blue-300"
                            >
                              {label}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="py-2 text-right">
                      {isDeletable(run, currentRunId) && (
                        <button
                          type="button"
                          className="tap rounded-md px-2 text-sm font-medium text-red-700 hover:bg-red-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50 dark:text-red-300 dark:hover:bg-red-950"
                          aria-label={`Delete run ${run.name}`}
                          // Focusable while a deletion is on its way (the dialog gives focus back to this button).
                          aria-disabled={deletion.isPending || undefined}
                          onClick={(event) => {
                            if (deletion.isPending) return;
                            deleting.current = event.currentTarget;
                            setAsking(run);
                          }}
                        >
                          Delete…
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
        {deletion.isError && (
          <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
            Could not delete the run: {deletion.error.message}
          </p>
        )}
        {deletion.isSuccess && (
          <p
            role="status"
            tabIndex={-1}
            data-testid="run-deleted"
            className="mt-2 text-sm text-slate-600 dark:text-slate-300"
          >
            Deleted run &ldquo;{deletion.data.name}&rdquo; and {formatBytes(deletion.data.logBytes)} of its
            agents&rsquo; logs.
            {deletion.data.logsLeft.length > 0 &&
              ` Could not remove ${deletion.data.logsLeft.join(", ")}: remove it by hand.`}
          </p>
        )}
      </Card>
      <ConfirmDialog
        open={asking !== null}
        title={`Delete run "${asking?.name ?? ""}"?`}
        confirmLabel="Delete run"
        tone="danger"
        testId="delete-run-confirm"
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          if (asking && !deletion.isPending) {
            // The run's row, its Delete button with it, goes once it is deleted: focus goes on to what was done.
            const stop = keepFocusWhenRemoved(deleting.current, () =>
              document.querySelector<HTMLElement>('[data-testid="run-deleted"]'),
            );
            deletion.mutate(asking.id, { onError: stop });
          }
          setAsking(null);
        }}
      >
        <p>
          Its records (tracks, reports, events, daily statuses, gates, the retrospective) and its
          agents&rsquo; logs are deleted. This cannot be undone.
        </p>
        {whatStays && <p>{whatStays}</p>}
      </ConfirmDialog>
    </div>
  );
}
