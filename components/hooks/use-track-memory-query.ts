"use client";
import { useQuery } from "@tanstack/react-query";
import type { TrackMemoryPoint } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";
import { HISTORY_WINDOW_MS } from "./use-memory-history-query";

/** Per-track memory over the chart window; loaded once, then appended by tracks:memory pushes (bounded). */
export function useTrackMemoryQuery() {
  return useQuery({
    queryKey: queryKeys.trackMemory(),
    queryFn: () => {
      const since = new Date(Date.now() - HISTORY_WINDOW_MS).toISOString();
      return fetchJson<TrackMemoryPoint[]>(`/api/memory/tracks?since=${encodeURIComponent(since)}`);
    },
  });
}
