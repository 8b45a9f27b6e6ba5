"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { PtEvent } from "@/lib/domain/types";
import type { TrackDetailView } from "@/lib/domain/views";
import { getSocket } from "@/lib/realtime/socket-client";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/**
 * How stale a live track's process table may get. track:updated pushes refetch the track (on every state
 * change and every few seconds while it holds processes) and each fetch restarts this timer, so the poll
 * only fires in the gaps: /proc states (a child exiting, a process stopped from outside) are not pushed.
 */
export const PROCESS_REFRESH_MS = 3000;
/** Events the server includes in a track's detail. */
export const TRACK_EVENTS_SHOWN = 50;

/** One track with its agents, processes, reports and events; refreshed by pushes, polled only while live. */
export function useTrackQuery(key: string) {
  const client = useQueryClient();

  // useRealtimeSync refetches the track on track:updated; events of the track are prepended here as they come.
  useEffect(() => {
    const socket = getSocket();
    const onEvent = (event: PtEvent) => {
      if (event.trackKey !== key) return;
      client.setQueryData<TrackDetailView>(queryKeys.track(key), (old) =>
        old && old.runId === event.runId && !old.events.some((e) => e.id === event.id)
          ? { ...old, events: [event, ...old.events].slice(0, TRACK_EVENTS_SHOWN) }
          : old,
      );
    };
    socket.on("event:created", onEvent);
    return () => {
      socket.off("event:created", onEvent);
    };
  }, [client, key]);

  return useQuery({
    queryKey: queryKeys.track(key),
    queryFn: () => fetchJson<TrackDetailView>(`/api/tracks/${encodeURIComponent(key)}`),
    // refetchIntervalInBackground stays false: a hidden tab does not poll.
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "running" || status === "paused" ? PROCESS_REFRESH_MS : false;
    },
  });
}
