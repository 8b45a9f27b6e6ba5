"use client";
import { useQuery } from "@tanstack/react-query";
import type { MemorySample } from "@/lib/domain/types";
import { appendBounded, atTime } from "./append-bounded";
import { fetchJson } from "./fetch-json";
import type { QuerySync } from "./push";
import { queryKeys } from "./query-keys";

/** Samples in the chart's window; loaded once, then appended by the socket (bounded). */
export const HISTORY_WINDOW_MS = 10 * 60_000;
export const HISTORY_MAX_POINTS = 3000;

export function useMemoryHistoryQuery() {
  return useQuery({
    queryKey: queryKeys.memoryHistory(),
    queryFn: () => {
      const since = new Date(Date.now() - HISTORY_WINDOW_MS).toISOString();
      return fetchJson<MemorySample[]>(
        `/api/memory/history?since=${encodeURIComponent(since)}&limit=${HISTORY_MAX_POINTS}`,
      );
    },
  });
}

const HISTORY_BOUND = { max: HISTORY_MAX_POINTS, window: { ms: HISTORY_WINDOW_MS, timeOf: atTime } };

export const memoryHistorySync: QuerySync = {
  push: {
    // After the gauge (in the next task): the figure a lead glances at must not wait for the history.
    "memory:sample": ({ client }, sample) =>
      setTimeout(() => {
        client.setQueryData<MemorySample[]>(queryKeys.memoryHistory(), (old) =>
          old === undefined ? old : appendBounded(old, [sample], HISTORY_BOUND),
        );
      }, 0),
  },
};
