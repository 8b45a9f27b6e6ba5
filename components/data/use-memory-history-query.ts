"use client";
import { useQuery } from "@tanstack/react-query";
import type { MemorySample } from "@/lib/domain/types";
import { atTime } from "./append-bounded";
import { fetchJson } from "./fetch-json";
import { appendToStream, batchPushes, type QuerySync } from "./push";
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
        { contract: "memoryHistory" },
      );
    },
  });
}

const HISTORY_BOUND = { max: HISTORY_MAX_POINTS, window: { ms: HISTORY_WINDOW_MS, timeOf: atTime } };

/** The chart redraws every few seconds at most: the history takes new samples once a second, not on each. */
export const HISTORY_BATCH_MS = 1000;

const appendSamples = batchPushes<MemorySample>(HISTORY_BATCH_MS, (client, samples) =>
  appendToStream(client, queryKeys.memoryHistory(), samples, HISTORY_BOUND),
);

export const memoryHistorySync: QuerySync = {
  push: { "memory:sample": ({ client }, sample) => appendSamples(client, sample) },
};
