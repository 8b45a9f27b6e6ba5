"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { PhasesView } from "@/lib/engine/phase-service";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export type TickInput = { phase: number; itemKey: string; checked: boolean; note?: string | null };

/**
 * The lead ticks (or unticks) a gate item; the answer is the re-evaluated phases. With several ticks in
 * flight only the last one to finish writes the cache, so an earlier answer never hides a later tick.
 */
export function useTickMutation(runId = "current") {
  const client = useQueryClient();
  const mutationKey = ["tick", runId];
  return useMutation({
    mutationKey,
    mutationFn: ({ phase, ...body }: TickInput) =>
      fetchJson<PhasesView>(`/api/runs/${encodeURIComponent(runId)}/phases/${phase}/ticks`, {
        method: "POST",
        body: JSON.stringify(body),
      }),
    onSuccess: (view) => {
      if (client.isMutating({ mutationKey }) <= 1) client.setQueryData(queryKeys.phases(runId), view);
    },
    onError: () => void client.invalidateQueries({ queryKey: queryKeys.phases(runId) }),
  });
}
