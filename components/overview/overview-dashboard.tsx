"use client";
// The overview: the gauges, the tracks and the governor, then memory over time beside the governor's decisions,
// then every event. Each section subscribes to its own queries, so a memory sample (several a second) redraws
// the gauges only; the charts follow at most every CHART_REDRAW_MS, and not at all in a hidden tab or while
// scrolled out of view.
import { useMemo, useRef } from "react";
import type { MemorySample } from "@/lib/domain/types";
import type { TrackMemoryPoint } from "@/lib/domain/views";
import { MemoryTimeline } from "../charts/memory-timeline";
import { TrackMemoryArea } from "../charts/track-memory-area";
import { Card } from "../common/card";
import { EventsFeed } from "../common/events-feed";
import { LoadError, panelError } from "../common/load-error";
import { useIsOnScreen, useThrottledValue } from "../common/use-throttled-value";
import { ConflictsOverviewCard } from "../coordination/conflicts-overview-card";
import { CriticalBlockersCard } from "../coordination/critical-blockers-card";
import { useDecisionsQuery } from "../data/use-decisions-query";
import { useEventsQuery } from "../data/use-events-query";
import { useGovernorQuery } from "../data/use-governor-query";
import { HISTORY_WINDOW_MS, useMemoryHistoryQuery } from "../data/use-memory-history-query";
import { useMemoryLatestQuery } from "../data/use-memory-latest-query";
import { useTrackMemoryQuery } from "../data/use-track-memory-query";
import { useTracksQuery } from "../data/use-tracks-query";
import { useZoneBands } from "../data/use-zone-bands";
import { decisionMarkers, toDecision } from "../governor/decisions";
import { DecisionsFeed } from "../governor/decisions-feed";
import { GovernorPanel } from "../governor/governor-panel";
import { useCurrentRun, useCurrentRunId } from "../runs/use-current-run";
import { describeRunUsage } from "../tracks/agent-facts-text";
import { summarizeStatuses, TrackList } from "../tracks/track-list";
import { ClusterPanel } from "./cluster-panel";
import { MarkerLegend } from "./marker-legend";
import { MemoryPanel } from "./memory-panel";
import { OverviewHeading, RunFinished } from "./run-status";

/** A 10-minute axis moves about a pixel a second: a redraw every few seconds keeps it current at a fraction of the cost. */
export const CHART_REDRAW_MS = 3000;

const NO_SAMPLES: MemorySample[] = [];
const NO_POINTS: TrackMemoryPoint[] = [];

export function OverviewDashboard() {
  return (
    <div className="space-y-4">
      <OverviewHeading />
      <RunFinished />
      <ConflictsOverviewCard />
      <CriticalBlockersCard />
      {/* Phones read top to bottom: gauges, tracks, governor. Wide screens put the governor beside the gauges. */}
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2 lg:row-start-1">
          <MemorySection />
          <ClusterSection />
        </div>
        <div className="min-w-0 lg:col-span-3">
          <TracksSection />
        </div>
        <div className="min-w-0 lg:col-start-3 lg:row-start-1">
          <GovernorSection />
        </div>
        <TimelineSection />
        <Card
          title="Governor decisions"
          labelledBy="decisions-heading"
          scrollable
          className="min-w-0 max-h-[480px] lg:max-h-[680px]"
        >
          <DecisionsSection />
        </Card>
      </div>
      <Card title="Latest events" labelledBy="events-heading" scrollable className="max-h-[480px]">
        <EventsSection />
      </Card>
    </div>
  );
}

function MemorySection() {
  const latest = useMemoryLatestQuery();
  const bands = useZoneBands();
  return <MemoryPanel sample={latest.data} error={latest.error} bands={bands} />;
}

/** Only for runs with Slurm tracks: the governor view carries the cluster then. */
function ClusterSection() {
  const cluster = useGovernorQuery().data?.cluster;
  return cluster ? <ClusterPanel cluster={cluster} /> : null;
}

function TracksSection() {
  const tracks = useTracksQuery();
  const trackMemory = useThrottledValue(useTrackMemoryQuery().data ?? NO_POINTS, CHART_REDRAW_MS);
  const list = tracks.data ?? [];
  return (
    <Card
      title="Tracks"
      labelledBy="tracks-heading"
      actions={
        list.length > 0 && (
          <span className="text-xs text-slate-600 dark:text-slate-300" data-testid="tracks-summary">
            {[summarizeStatuses(list), describeRunUsage(list)].filter(Boolean).join(" · ")}
          </span>
        )
      }
    >
      <TrackList tracks={tracks.data} memory={trackMemory} error={tracks.error} />
    </Card>
  );
}

function GovernorSection() {
  const governor = useGovernorQuery();
  const tracks = useTracksQuery();
  const error = panelError(governor.data, governor.error);
  if (error) {
    return (
      <Card title="Governor" labelledBy="governor-heading">
        <LoadError what="the governor" error={error} />
      </Card>
    );
  }
  return <GovernorPanel governor={governor.data} tracks={tracks.data} />;
}

const selectBudgetBytes = (sample: MemorySample) => sample.budget?.bytes ?? null;

function TimelineSection() {
  const box = useRef<HTMLDivElement>(null);
  const isOnScreen = useIsOnScreen(box);
  const history = useMemoryHistoryQuery();
  const historyError = panelError(history.data, history.error);
  const samples = useThrottledValue(history.data ?? NO_SAMPLES, CHART_REDRAW_MS, isOnScreen);
  const latestPoints = useTrackMemoryQuery().data ?? NO_POINTS;
  const points = useThrottledValue(latestPoints, CHART_REDRAW_MS, isOnScreen);
  const budgetBytes = useMemoryLatestQuery(selectBudgetBytes).data ?? null;
  const bands = useZoneBands();
  const tracks = useTracksQuery().data;
  const decisions = useDecisionsQuery(useCurrentRunId()).data;
  const markers = useMemo(() => decisionMarkers((decisions ?? []).map(toDecision)), [decisions]);
  // The stacked chart needs each track's key, name and colour, which change far less often than the tracks.
  const legendKey = (tracks ?? []).map((t) => `${t.key}\u0000${t.name}\u0000${t.position}`).join("\u0001");
  // biome-ignore lint/correctness/useExhaustiveDependencies: legendKey stands for the fields used.
  const legend = useMemo(
    () => (tracks ?? []).map((t) => ({ key: t.key, name: t.name, position: t.position })),
    [legendKey],
  );
  const lastSampleAt = samples.at(-1)?.at;
  // The budget line is this run's: samples from before it started measured an earlier run's budget.
  const runStartedAt = useCurrentRun().run?.startedAt;
  const budgetFromMs = runStartedAt ? Date.parse(runStartedAt) : undefined;
  const hasBudget = useMemo(
    () =>
      samples.some(
        (s) => s.budget !== null && Date.parse(s.at) >= (budgetFromMs ?? Number.NEGATIVE_INFINITY),
      ),
    [samples, budgetFromMs],
  );
  return (
    <Card title="Memory, last 10 minutes" labelledBy="timeline-heading" className="min-w-0 lg:col-span-2">
      {/* An empty chart would read as "no memory used"; say why there is nothing to draw. */}
      {historyError && <LoadError what="the memory history" error={historyError} />}
      <div ref={box} hidden={historyError !== null}>
        <MemoryTimeline
          samples={samples}
          windowMs={HISTORY_WINDOW_MS}
          bands={bands}
          markers={markers}
          budgetFromMs={budgetFromMs}
        />
        <MarkerLegend markers={markers} hasBudget={hasBudget} />
        <h3 className="mt-4 mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
          Memory per track (stacked)
        </h3>
        <TrackMemoryArea
          points={points}
          tracks={legend}
          windowMs={HISTORY_WINDOW_MS}
          endAt={lastSampleAt ? Date.parse(lastSampleAt) : undefined}
          budgetBytes={budgetBytes}
          // Off screen nothing is drawn yet: an empty chart then says nothing rather than "no memory held".
          isWaitingToDraw={points.length === 0 && latestPoints.length > 0}
        />
      </div>
    </Card>
  );
}

// The decisions and events of the run shown above, not of every run (an earlier run's would pass for this one's).
// Both wait on the tracks to know the run: when the tracks failed, so did they.
function DecisionsSection() {
  const decisions = useDecisionsQuery(useCurrentRunId());
  const tracksError = useTracksQuery().error;
  return (
    <DecisionsFeed
      events={decisions.data}
      error={decisions.error ?? panelError(decisions.data, tracksError)}
    />
  );
}

function EventsSection() {
  const events = useEventsQuery(useCurrentRunId());
  const tracksError = useTracksQuery().error;
  return <EventsFeed events={events.data} error={panelError(events.data, events.error, tracksError)} />;
}
