"use client";
import { type QueryClient, useQuery } from "@tanstack/react-query";
import type { PhasesView } from "@/lib/engine/phase-service";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** Gate evidence moves with every track push; one refetch of the run's phases and metrics per window is plenty. */
export const INSIGHTS_REFETCH_GAP_MS = 3000;

/** A run's five phases with their gates; kept live by the realtime sync (no polling). */
export function usePhasesQuery(runId = "current") {
  return useQuery({
    queryKey: queryKeys.phases(runId),
    queryFn: () => fetchJson<PhasesView>(`/api/runs/${encodeURIComponent(runId)}/phases`),
    retry: (count, error) => count < 1 && !/no run/.test(error.message),
  });
}

/**
 * Invalidates the phases, metrics and retrospective queries at most once per INSIGHTS_REFETCH_GAP_MS
 * (leading and trailing), so bursts of pushes cost one or two refetches and the last change is never missed.
 */
export function createInsightsInvalidator(client: QueryClient) {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    last = Date.now();
    timer = null;
    for (const part of ["phases", "metrics", "retrospective"]) {
      void client.invalidateQueries({ queryKey: [...queryKeys.all, part] });
    }
  };
  return {
    invalidate() {
      if (timer) return;
      const wait = last + INSIGHTS_REFETCH_GAP_MS - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
