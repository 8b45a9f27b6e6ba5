"use client";
import { useQuery } from "@tanstack/react-query";
import type { TrackView } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** The current run's tracks; kept live by track:updated pushes. */
export function useTracksQuery() {
  return useQuery({
    queryKey: queryKeys.tracks(),
    queryFn: () => fetchJson<TrackView[]>("/api/tracks"),
  });
}
