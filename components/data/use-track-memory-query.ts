"use client";
import { useQuery } from "@tanstack/react-query";
import type { TrackMemoryPoint } from "@/lib/domain/views";
import { atTime } from "./append-bounded";
import { fetchJson } from "./fetch-json";
import { appendToStream, batchPushes, type QuerySync } from "./push";
import { queryKeys } from "./query-keys";
import { HISTORY_BATCH_MS, HISTORY_MAX_POINTS, HISTORY_WINDOW_MS } from "./use-memory-history-query";

/** Per-track memory over the chart window; loaded once, then appended by tracks:memory pushes (bounded). */
export function useTrackMemoryQuery() {
  return useQuery({
    queryKey: queryKeys.trackMemory(),
    queryFn: () => {
      const since = new Date(Date.now() - HISTORY_WINDOW_MS).toISOString();
      return fetchJson<TrackMemoryPoint[]>(`/api/memory/tracks?since=${encodeURIComponent(since)}`, {
        contract: "trackMemory",
      });
    },
  });
}

const TRACK_MEMORY_BOUND = { max: HISTORY_MAX_POINTS, window: { ms: HISTORY_WINDOW_MS, timeOf: atTime } };

/** Per-track memory feeds sparklines and a chart only: taken once a second, like the machine's history. */
const appendPoints = batchPushes<TrackMemoryPoint>(HISTORY_BATCH_MS, (client, points) =>
  appendToStream(client, queryKeys.trackMemory(), points, TRACK_MEMORY_BOUND),
);

export const trackMemorySync: QuerySync = {
  push: { "tracks:memory": ({ client }, point) => appendPoints(client, point) },
};
