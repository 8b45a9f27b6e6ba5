"use client";
import { useQuery } from "@tanstack/react-query";
import type { RetrospectiveView } from "@/lib/engine/retro-service";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** A run's retrospective; kept live by the realtime sync (no polling). */
export function useRetrospectiveQuery(runId = "current") {
  return useQuery({
    queryKey: queryKeys.retrospective(runId),
    queryFn: () => fetchJson<RetrospectiveView>(`/api/runs/${encodeURIComponent(runId)}/retrospective`),
    retry: (count, error) => count < 1 && !/no run/.test(error.message),
  });
}
