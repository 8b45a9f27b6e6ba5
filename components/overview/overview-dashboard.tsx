"use client";
// The overview: memory gauges, the memory timeline, the latest events.
import { MemoryTimeline } from "../charts/memory-timeline";
import { Card } from "../common/card";
import { EventsFeed } from "../common/events-feed";
import { useEventsQuery } from "../hooks/use-events-query";
import { HISTORY_WINDOW_MS, useMemoryHistoryQuery } from "../hooks/use-memory-history-query";
import { useMemoryLatestQuery } from "../hooks/use-memory-latest-query";
import { MemoryPanel } from "./memory-panel";

export function OverviewDashboard() {
  const latest = useMemoryLatestQuery();
  const history = useMemoryHistoryQuery();
  const events = useEventsQuery();
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <div className="space-y-4 lg:col-span-2">
        <MemoryPanel sample={latest.data} />
        <Card title="Memory, last 10 minutes">
          <MemoryTimeline samples={history.data ?? []} windowMs={HISTORY_WINDOW_MS} />
        </Card>
      </div>
      <Card title="Latest events" className="max-h-[720px] overflow-y-auto">
        <EventsFeed events={events.data} />
      </Card>
    </div>
  );
}
