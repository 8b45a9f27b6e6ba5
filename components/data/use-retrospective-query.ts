"use client";
import { useQuery } from "@tanstack/react-query";
import type { RetrospectiveView } from "@/lib/engine/retro-service";
import { fetchJson } from "./fetch-json";
import type { QuerySync } from "./push";
import { queryKeys } from "./query-keys";
import { retryUnlessNoRun } from "./use-gantt-query";
import { INSIGHTS_REFETCH_GAP_MS, insightPushes } from "./use-phases-query";

/** A run's retrospective; kept live by the realtime sync (no polling). */
export function useRetrospectiveQuery(runId = "current") {
  return useQuery({
    queryKey: queryKeys.retrospective(runId),
    queryFn: () =>
      fetchJson<RetrospectiveView>(`/api/runs/${encodeURIComponent(runId)}/retrospective`, {
        contract: "runRetrospective",
      }),
    retry: retryUnlessNoRun,
  });
}

export const retrospectiveSync: QuerySync = {
  refetch: { keys: [queryKeys.retrospectiveAll()], gapMs: INSIGHTS_REFETCH_GAP_MS },
  push: insightPushes,
};
