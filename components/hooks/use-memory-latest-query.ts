"use client";
import { useQuery } from "@tanstack/react-query";
import type { MemorySample } from "@/lib/domain/types";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useMemoryLatestQuery() {
  return useQuery({
    queryKey: queryKeys.memoryLatest(),
    queryFn: () => fetchJson<MemorySample>("/api/memory"),
    retry: 5,
    retryDelay: 500,
  });
}
