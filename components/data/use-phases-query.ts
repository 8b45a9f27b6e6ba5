"use client";
import { useQuery } from "@tanstack/react-query";
import type { PhasesView } from "@/lib/engine/phase-views";
import { fetchJson } from "./fetch-json";
import type { PushHandlers, QuerySync } from "./push";
import { queryKeys } from "./query-keys";
import { retryUnlessNoRun } from "./use-gantt-query";

/** Gate evidence moves with every track push; one refetch of a run's insights per window is plenty. */
export const INSIGHTS_REFETCH_GAP_MS = 3000;

/** A run's five phases with their gates; kept live by the realtime sync (no polling). */
export function usePhasesQuery(runId = "current") {
  return useQuery({
    queryKey: queryKeys.phases(runId),
    queryFn: () =>
      fetchJson<PhasesView>(`/api/runs/${encodeURIComponent(runId)}/phases`, { contract: "runPhases" }),
    retry: retryUnlessNoRun,
  });
}

/** Phases, metrics and the retrospective are evaluated from the run's data: refetch when it moves. */
export const insightPushes: PushHandlers = {
  "track:updated": ({ refetchSoon }) => refetchSoon(),
  "run:updated": ({ refetchSoon }) => refetchSoon(),
  "event:created": ({ refetchSoon }, event) => {
    if (event.runId !== null) refetchSoon();
  },
};

export const phasesSync: QuerySync = {
  refetch: { keys: [queryKeys.phasesAll()], gapMs: INSIGHTS_REFETCH_GAP_MS },
  push: insightPushes,
};
