"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { PhasesView } from "@/lib/engine/phase-views";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export type TickInput = { phase: number; itemKey: string; checked: boolean; note?: string | null };

/**
 * The lead ticks (or unticks) a gate item; the answer is the re-evaluated phases. With several ticks in
 * flight only the last one to finish writes the cache, so an earlier answer never hides a later tick.
 * Live updates refetch the phases all the time: a refetch answered before the tick was stored must not land
 * after it (the box would flick back), so refetches in flight are cancelled when the tick starts and one
 * fresh refetch follows the answer (it replaces any that started meanwhile).
 */
export function useTickMutation(runId = "current") {
  const client = useQueryClient();
  const mutationKey = ["tick", runId];
  return useMutation({
    mutationKey,
    mutationFn: ({ phase, ...body }: TickInput) =>
      fetchJson<PhasesView>(`/api/runs/${encodeURIComponent(runId)}/phases/${phase}/ticks`, {
        contract: "tickGateItem",
        method: "POST",
        body: JSON.stringify(body),
      }),
    onMutate: () => client.cancelQueries({ queryKey: queryKeys.phases(runId) }),
    onSuccess: (view) => {
      if (client.isMutating({ mutationKey }) > 1) return;
      client.setQueryData(queryKeys.phases(runId), view);
      void client.invalidateQueries({ queryKey: queryKeys.phases(runId) });
    },
    onError: () => void client.invalidateQueries({ queryKey: queryKeys.phases(runId) }),
  });
}
