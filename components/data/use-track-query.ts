"use client";
import { useQuery } from "@tanstack/react-query";
import type { TrackDetailView } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import type { QuerySync } from "./push";
import { queryKeys } from "./query-keys";

/**
 * How stale a live track's process table may get. track:updated pushes refetch the track (on every state
 * change and every few seconds while it holds processes) and each fetch restarts this timer, so the poll
 * only fires in the gaps: /proc states (a child exiting, a process stopped from outside) are not pushed.
 */
export const PROCESS_REFRESH_MS = 3000;
/** Events the server includes in a track's detail. */
export const TRACK_EVENTS_SHOWN = 50;

/**
 * One track with its agents, processes, reports and events; refreshed by pushes, polled only while live. `runId`: the
 * track of that run (a past run's track page), under its own key so the live run's pushes leave it alone.
 */
export function useTrackQuery(key: string, runId?: string) {
  return useQuery({
    queryKey: runId ? [...queryKeys.track(key), "run", runId] : queryKeys.track(key),
    queryFn: () =>
      fetchJson<TrackDetailView>(
        `/api/tracks/${encodeURIComponent(key)}${runId ? `?runId=${encodeURIComponent(runId)}` : ""}`,
        { contract: "getTrack" },
      ),
    // refetchIntervalInBackground stays false: a hidden tab does not poll.
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "running" || status === "paused" ? PROCESS_REFRESH_MS : false;
    },
  });
}

export const trackSync: QuerySync = {
  push: {
    "track:updated": ({ client }, track) =>
      void client.invalidateQueries({ queryKey: queryKeys.track(track.key), exact: true }),
    // The track's own events are prepended as they come (the detail carries the newest ones).
    "event:created": ({ client }, event) => {
      if (event.trackKey === null) return;
      client.setQueryData<TrackDetailView>(queryKeys.track(event.trackKey), (old) =>
        old && old.runId === event.runId && !old.events.some((e) => e.id === event.id)
          ? { ...old, events: [event, ...old.events].slice(0, TRACK_EVENTS_SHOWN) }
          : old,
      );
    },
  },
};
