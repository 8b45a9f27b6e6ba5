"use client";
// The track page: header with actions, agents and their processes, the live log, reports and events.
import Link from "next/link";
import { Card } from "@/components/common/card";
import { EventsFeed } from "@/components/common/events-feed";
import { useTrackQuery } from "@/components/data/use-track-query";
import { useCurrentRunId } from "@/components/runs/use-current-run";
import { AgentsPanel } from "./agents-panel";
import { LogTail } from "./log-tail";
import { ReportsPanel } from "./reports-panel";
import { TrackHeader } from "./track-header";

/**
 * `run`: the track of that run (?run=, a past run's): read only, no actions, no live log (they would act on and follow
 * the live run's track of that key). By default, or naming the current run, the live run's track.
 */
export function TrackPage({ trackKey, run }: { trackKey: string; run?: string }) {
  const currentRunId = useCurrentRunId();
  const runId = run !== undefined && run !== currentRunId ? run : undefined;
  const query = useTrackQuery(trackKey, runId);
  const track = query.data;

  if (!track) {
    return (
      <div className="space-y-4">
        <BackLink runId={runId} />
        {query.isError ? (
          <div
            role="alert"
            data-testid="track-load-error"
            className="rounded-xl border border-red-200 bg-red-50 p-4 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
          >
            <h1 className="font-semibold">Track {trackKey} could not be loaded</h1>
            <p className="mt-1 text-sm">{query.error.message}</p>
          </div>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400" aria-busy="true">
            Loading track {trackKey}…
          </p>
        )}
      </div>
    );
  }

  return (
    <div className="space-y-4" data-testid="track-page">
      <BackLink runId={runId} />
      <TrackHeader track={track} runId={runId} />
      {query.isError && (
        <p role="alert" className="text-sm text-amber-700 dark:text-amber-300">
          Showing the last known state: {query.error.message}
        </p>
      )}
      <AgentsPanel track={track} />
      <LogTail track={track} pastRun={runId !== undefined} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <ReportsPanel track={track} runId={runId} />
        <Card
          title="Events of this track"
          labelledBy="track-events-title"
          scrollable
          className="lg:max-h-[900px]"
        >
          <EventsFeed events={track.events} testId="track-events" emptyText="No events for this track yet." />
        </Card>
      </div>
    </div>
  );
}

/** The overview lists the live run's tracks; a past run's are on its Gantt. */
function BackLink({ runId }: { runId?: string }) {
  return (
    <Link
      href={runId ? `/gantt?run=${encodeURIComponent(runId)}` : "/"}
      className="text-sm text-blue-700 hover:underline dark:text-blue-300"
    >
      {runId ? "← The run's tracks" : "← All tracks"}
    </Link>
  );
}
