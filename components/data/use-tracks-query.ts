"use client";
import { useQuery } from "@tanstack/react-query";
import type { TrackView } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import { type QuerySync, updateCachedList } from "./push";
import { queryKeys } from "./query-keys";

/** The current run's tracks; kept live by track:updated pushes. */
export function useTracksQuery() {
  return useQuery({
    queryKey: queryKeys.tracks(),
    queryFn: () => fetchJson<TrackView[]>("/api/tracks", { contract: "listTracks" }),
  });
}

/** The list with `track` put in (by run and key); a track of a newer run replaces the whole list. */
export function mergeTrack(list: readonly TrackView[], track: TrackView): TrackView[] {
  const others = list.filter((t) => !(t.key === track.key && t.runId === track.runId));
  const sameRun = others.filter((t) => t.runId === track.runId);
  if (others.length > 0 && sameRun.length === 0) return [track];
  return [...sameRun, track].sort((a, b) => a.position - b.position);
}

export const tracksSync: QuerySync = {
  push: {
    "track:updated": ({ client }, track) =>
      updateCachedList<TrackView>(client, queryKeys.tracks(), (old) => mergeTrack(old, track)),
    "run:updated": ({ client }) =>
      void client.invalidateQueries({ queryKey: queryKeys.tracks(), exact: true }),
  },
};
