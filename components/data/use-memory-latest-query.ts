"use client";
import { useQuery } from "@tanstack/react-query";
import type { MemorySample } from "@/lib/domain/types";
import { fetchJson } from "./fetch-json";
import type { QuerySync } from "./push";
import { queryKeys } from "./query-keys";

/**
 * The newest memory sample: seeded from the server's HTML, then replaced by every memory:sample push. With
 * `select`, a reader re-renders only when its part changes (the header's zone), not on every sample.
 */
export function useMemoryLatestQuery<T = MemorySample>(select?: (sample: MemorySample) => T) {
  return useQuery({
    queryKey: queryKeys.memoryLatest(),
    queryFn: () => fetchJson<MemorySample>("/api/memory", { contract: "latestMemory" }),
    select,
    retry: 5,
    retryDelay: 500,
  });
}

export const memoryLatestSync: QuerySync = {
  push: {
    "memory:sample": ({ client }, sample) => client.setQueryData(queryKeys.memoryLatest(), sample),
  },
};
