"use client";
import { useQuery } from "@tanstack/react-query";
import type { MemorySample, Zone } from "@/lib/domain/types";
import { fetchJson } from "./fetch-json";
import type { QuerySync } from "./push";
import { queryKeys } from "./query-keys";

/** The newest memory sample: seeded from the server's HTML, then replaced by every memory:sample push. */
export function useMemoryLatestQuery() {
  return useQuery({
    queryKey: queryKeys.memoryLatest(),
    queryFn: () => fetchJson<MemorySample>("/api/memory"),
    retry: 5,
    retryDelay: 500,
  });
}

const selectZone = (sample: MemorySample): Zone => sample.zone;

/** The zone alone: its readers re-render when the zone changes, not on every sample. */
export function useZoneQuery() {
  return useQuery({
    queryKey: queryKeys.memoryLatest(),
    queryFn: () => fetchJson<MemorySample>("/api/memory"),
    select: selectZone,
    retry: 5,
    retryDelay: 500,
  });
}

export const memoryLatestSync: QuerySync = {
  push: {
    "memory:sample": ({ client }, sample) => client.setQueryData(queryKeys.memoryLatest(), sample),
  },
};
