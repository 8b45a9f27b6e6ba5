"use client";
import { useQuery } from "@tanstack/react-query";
import type { MemorySample } from "@/lib/domain/types";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** Samples in the chart's window; loaded once, then appended by the socket (bounded). */
export const HISTORY_WINDOW_MS = 10 * 60_000;
export const HISTORY_MAX_POINTS = 2400;

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
