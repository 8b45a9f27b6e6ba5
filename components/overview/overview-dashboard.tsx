"use client";
// The overview: gauges and governor on top, then the tracks, then memory over time beside the governor's
// decisions, then every event.
import { MemoryTimeline } from "../charts/memory-timeline";
import { TrackMemoryArea } from "../charts/track-memory-area";
import { Card } from "../common/card";
import { EventsFeed } from "../common/events-feed";
import { ConflictsOverviewCard } from "../coordination/conflicts-overview-card";
import { decisionMarkers, toDecision } from "../governor/decisions";
import { DecisionsFeed } from "../governor/decisions-feed";
import { GovernorPanel } from "../governor/governor-panel";
import { useDecisionsQuery } from "../hooks/use-decisions-query";
import { useEventsQuery } from "../hooks/use-events-query";
import { useGovernorQuery } from "../hooks/use-governor-query";
import { HISTORY_WINDOW_MS, useMemoryHistoryQuery } from "../hooks/use-memory-history-query";
import { useMemoryLatestQuery } from "../hooks/use-memory-latest-query";
import { useTrackMemoryQuery } from "../hooks/use-track-memory-query";
import { useTracksQuery } from "../hooks/use-tracks-query";
import { summarizeStatuses, TrackList } from "../tracks/track-list";
import { MarkerLegend } from "./marker-legend";
import { MemoryPanel } from "./memory-panel";

export function OverviewDashboard() {
  const latest = useMemoryLatestQuery();
  const history = useMemoryHistoryQuery();
  const events = useEventsQuery();
  const tracks = useTracksQuery();
  const trackMemory = useTrackMemoryQuery();
  const governor = useGovernorQuery();
  const decisions = useDecisionsQuery();

  const samples = history.data ?? [];
  const lastSampleAt = samples.at(-1)?.at;
  const endAt = lastSampleAt ? Date.parse(lastSampleAt) : undefined;
  const markers = decisionMarkers((decisions.data ?? []).map(toDecision));
  const trackList = tracks.data ?? [];

  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          <MemoryPanel sample={latest.data} />
        </div>
        <div className="min-w-0">
          <GovernorPanel governor={governor.data} tracks={tracks.data} />
        </div>
      </div>

      <ConflictsOverviewCard />

      <Card
        title="Tracks"
        labelledBy="tracks-heading"
        actions={
          trackList.length > 0 && (
            <span className="text-xs text-slate-500" data-testid="tracks-summary">
              {summarizeStatuses(trackList)}
            </span>
          )
        }
      >
        <TrackList tracks={tracks.data} memory={trackMemory.data ?? []} error={tracks.error} />
      </Card>

      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Memory, last 10 minutes" labelledBy="timeline-heading" className="min-w-0 lg:col-span-2">
          <MemoryTimeline samples={samples} windowMs={HISTORY_WINDOW_MS} markers={markers} />
          <MarkerLegend markers={markers} hasBudget={samples.some((s) => s.budget !== null)} />
          <h3 className="mt-4 mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
            Memory per track (stacked)
          </h3>
          <TrackMemoryArea
            points={trackMemory.data ?? []}
            tracks={trackList}
            windowMs={HISTORY_WINDOW_MS}
            endAt={endAt}
            budgetBytes={latest.data?.budget?.bytes ?? null}
          />
        </Card>
        <Card
          title="Governor decisions"
          labelledBy="decisions-heading"
          className="min-w-0 lg:max-h-[680px] lg:overflow-y-auto max-h-[480px] overflow-y-auto"
        >
          <DecisionsFeed events={decisions.data} error={decisions.error} />
        </Card>
      </div>

      <Card title="Latest events" labelledBy="events-heading" className="max-h-[480px] overflow-y-auto">
        <EventsFeed events={events.data} />
      </Card>
    </div>
  );
}
