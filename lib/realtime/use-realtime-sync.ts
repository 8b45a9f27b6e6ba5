"use client";
// Turns socket pushes into React Query cache updates: samples are appended to a bounded buffer,
// state changes replace or invalidate, and a reconnect invalidates everything (we may have missed pushes).
import { type QueryClient, type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { queryKeys } from "@/components/hooks/query-keys";
import { invalidateCoordinationOn } from "@/components/hooks/use-conflicts-query";
import { DECISIONS_SHOWN, isDecisionEvent } from "@/components/hooks/use-decisions-query";
import { EVENTS_SHOWN } from "@/components/hooks/use-events-query";
import { applyGanttMemoryPoint, createGanttInvalidator } from "@/components/hooks/use-gantt-query";
import { HISTORY_MAX_POINTS, HISTORY_WINDOW_MS } from "@/components/hooks/use-memory-history-query";
import { createInsightsInvalidator } from "@/components/hooks/use-phases-query";
import type { MemorySample, PtEvent } from "../domain/types";
import type { GovernorView, TrackMemoryPoint, TrackView } from "../domain/views";
import { getSocket } from "./socket-client";

export const TRACK_MEMORY_MAX_POINTS = 1200;

function appendBounded<T extends { at: string }>(
  list: T[] | undefined,
  item: T,
  windowMs: number,
  max: number,
): T[] {
  const cutoff = Date.parse(item.at) - windowMs;
  const kept = (list ?? []).filter((x) => Date.parse(x.at) >= cutoff);
  kept.push(item);
  return kept.length > max ? kept.slice(kept.length - max) : kept;
}

/**
 * Applies a push to a cached list. While the list's first fetch is in flight there is nothing to update, and the
 * answer on its way may predate the push: fetch again rather than drop it.
 */
export function updateCachedList<T>(client: QueryClient, key: QueryKey, update: (old: T[]) => T[]) {
  if (client.getQueryData(key) === undefined) {
    // Invalidating now would join the running fetch (React Query dedupes a first fetch), so wait for it to land.
    const inFlight = client.getQueryCache().find({ queryKey: key, exact: true })?.promise;
    inFlight?.then(
      () => client.invalidateQueries({ queryKey: key, exact: true }),
      () => undefined,
    );
    return;
  }
  client.setQueryData<T[]>(key, (old) => (old === undefined ? old : update(old)));
}

export function applySample(client: QueryClient, sample: MemorySample) {
  client.setQueryData(queryKeys.memoryLatest(), sample);
  // The gauge first, the chart in the next task: the timeline costs tens of ms to redraw and must not
  // delay the figure a lead glances at.
  setTimeout(() => {
    client.setQueryData<MemorySample[]>(queryKeys.memoryHistory(), (old) =>
      old === undefined ? old : appendBounded(old, sample, HISTORY_WINDOW_MS, HISTORY_MAX_POINTS),
    );
  }, 0);
}

export function useRealtimeSync() {
  const client = useQueryClient();
  useEffect(() => {
    const socket = getSocket();
    let connectedBefore = false;
    // The Gantt refetches (throttled) on track, run and phase changes; live memory is appended to it.
    const gantt = createGanttInvalidator(client);
    // Phase gates, metrics and the retrospective are evaluated from the run's data: refetch (throttled) when it moves.
    const insights = createInsightsInvalidator(client);
    const onConnect = () => {
      if (connectedBefore) void client.invalidateQueries({ queryKey: queryKeys.all });
      connectedBefore = true;
    };
    const onSample = (sample: MemorySample) => applySample(client, sample);
    const onEvent = (event: PtEvent) => {
      updateCachedList<PtEvent>(client, queryKeys.events(), (old) =>
        [event, ...old.filter((e) => e.id !== event.id)].slice(0, EVENTS_SHOWN),
      );
      if (isDecisionEvent(event))
        updateCachedList<PtEvent>(client, queryKeys.decisions(), (old) =>
          [event, ...old.filter((e) => e.id !== event.id)].slice(0, DECISIONS_SHOWN),
        );
      if (event.kind === "phase:advanced") gantt.invalidate();
      invalidateCoordinationOn(client, event);
      if (event.runId !== null) insights.invalidate();
    };
    const onTrack = (track: TrackView) => {
      updateCachedList<TrackView>(client, queryKeys.tracks(), (old) => {
        const others = old.filter((t) => !(t.key === track.key && t.runId === track.runId));
        const sameRun = others.filter((t) => t.runId === track.runId);
        // A track of a newer run replaces the list; otherwise update in place.
        if (others.length > 0 && sameRun.length === 0) return [track];
        return [...sameRun, track].sort((a, b) => a.position - b.position);
      });
      void client.invalidateQueries({ queryKey: queryKeys.track(track.key), exact: true });
      gantt.invalidate();
      insights.invalidate();
    };
    const onTrackMemory = (point: TrackMemoryPoint) => {
      updateCachedList<TrackMemoryPoint>(client, queryKeys.trackMemory(), (old) =>
        appendBounded(old, point, HISTORY_WINDOW_MS, TRACK_MEMORY_MAX_POINTS),
      );
      applyGanttMemoryPoint(client, point);
    };
    const onRun = () => {
      void client.invalidateQueries({ queryKey: queryKeys.runs() });
      void client.invalidateQueries({ queryKey: queryKeys.tracks() });
      gantt.invalidate();
      insights.invalidate();
    };
    const onGovernor = (governor: GovernorView) => client.setQueryData(queryKeys.governor(), governor);

    socket.on("connect", onConnect);
    socket.on("memory:sample", onSample);
    socket.on("event:created", onEvent);
    socket.on("track:updated", onTrack);
    socket.on("tracks:memory", onTrackMemory);
    socket.on("run:updated", onRun);
    socket.on("governor:updated", onGovernor);
    if (socket.connected) connectedBefore = true;
    return () => {
      gantt.cancel();
      insights.cancel();
      socket.off("connect", onConnect);
      socket.off("memory:sample", onSample);
      socket.off("event:created", onEvent);
      socket.off("track:updated", onTrack);
      socket.off("tracks:memory", onTrackMemory);
      socket.off("run:updated", onRun);
      socket.off("governor:updated", onGovernor);
    };
  }, [client]);
}
