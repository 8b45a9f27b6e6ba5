"use client";
import { useQuery } from "@tanstack/react-query";
import type { MetricsView } from "@/lib/engine/retro-service";
import { fetchJson } from "./fetch-json";
import type { QuerySync } from "./push";
import { queryKeys } from "./query-keys";
import { retryUnlessNoRun } from "./use-gantt-query";
import { INSIGHTS_REFETCH_GAP_MS, insightPushes } from "./use-phases-query";

/** A run's success metrics; kept live by the realtime sync (no polling). */
export function useMetricsQuery(runId = "current", options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.metrics(runId),
    queryFn: () =>
      fetchJson<MetricsView>(`/api/runs/${encodeURIComponent(runId)}/metrics`, { contract: "runMetrics" }),
    retry: retryUnlessNoRun,
    enabled: options.enabled ?? true,
  });
}

export const metricsSync: QuerySync = {
  refetch: { keys: [queryKeys.metricsAll()], gapMs: INSIGHTS_REFETCH_GAP_MS },
  push: insightPushes,
};
