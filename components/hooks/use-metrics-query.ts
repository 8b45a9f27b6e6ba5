"use client";
import { useQuery } from "@tanstack/react-query";
import type { MetricsView } from "@/lib/engine/retro-service";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** A run's success metrics; kept live by the realtime sync (no polling). */
export function useMetricsQuery(runId = "current") {
  return useQuery({
    queryKey: queryKeys.metrics(runId),
    queryFn: () => fetchJson<MetricsView>(`/api/runs/${encodeURIComponent(runId)}/metrics`),
    retry: (count, error) => count < 1 && !/no run/.test(error.message),
  });
}
