"use client";
// The run's tracks as cards, each with its recent memory for the sparkline.
import { sortNeedingLeadFirst } from "@/lib/domain/agents/attention";
import type { TrackStatus } from "@/lib/domain/types";
import type { TrackMemoryPoint, TrackView } from "@/lib/domain/views";
import { attentionOf } from "./agent-facts-text";
import { TrackCard } from "./track-card";

/** How many recent samples the sparkline shows. */
export const SPARKLINE_POINTS = 90;

/** The last `count` memory values of one track, oldest first; samples without the track count as 0. */
export function recentMemory(points: readonly TrackMemoryPoint[], key: string, count: number): number[] {
  const recent = points.slice(-count);
  const first = recent.findIndex((p) => p.tracks[key] !== undefined);
  if (first < 0) return [];
  return recent.slice(first).map((p) => p.tracks[key] ?? 0);
}

const SUMMARY_ORDER: TrackStatus[] = [
  "running",
  "paused",
  "ready",
  "pending",
  "completed",
  "failed",
  "stopped",
];

/** "2 running · 1 paused · 1 pending" */
export function summarizeStatuses(tracks: readonly TrackView[]): string {
  const counts = new Map<TrackStatus, number>();
  for (const t of tracks) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  return SUMMARY_ORDER.filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(" · ");
}

export function TrackList(props: {
  tracks: TrackView[] | undefined;
  memory: readonly TrackMemoryPoint[];
  error?: Error | null;
}) {
  if (props.error) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        Could not load the tracks: {props.error.message}
      </p>
    );
  }
  if (!props.tracks) return <p className="text-sm text-slate-600 dark:text-slate-400">Loading tracks…</p>;
  if (props.tracks.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No run yet. Start one with <code>paratrack run plan.yaml</code> or <code>POST /api/runs</code>.
      </p>
    );
  }
  const tracks = props.tracks;
  // Tracks that need the lead come first, the one waiting longest at the top.
  const ordered = sortNeedingLeadFirst(tracks, attentionOf);
  return (
    <div className="grid gap-3 md:grid-cols-2" data-testid="track-list">
      {ordered.map((track) => (
        <TrackCard
          key={`${track.runId}-${track.key}`}
          track={track}
          tracks={tracks}
          memory={recentMemory(props.memory, track.key, SPARKLINE_POINTS)}
        />
      ))}
    </div>
  );
}
