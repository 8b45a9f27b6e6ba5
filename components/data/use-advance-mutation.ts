"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { AdvanceResult } from "@/lib/engine/phase-views";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** Closes the current phase's gate: plainly when it passes, or with the lead's override reason. */
export function useAdvanceMutation(runId = "current") {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { overrideReason?: string }) =>
      fetchJson<AdvanceResult>(`/api/runs/${encodeURIComponent(runId)}/phases/advance`, {
        contract: "advancePhase",
        method: "POST",
        body: JSON.stringify(input.overrideReason ? { override: { reason: input.overrideReason } } : {}),
      }),
    onSuccess: (result) => {
      client.setQueryData(queryKeys.phases(runId), result.view);
      void client.invalidateQueries({ queryKey: queryKeys.runs() });
    },
    onError: () => void client.invalidateQueries({ queryKey: queryKeys.phases(runId) }),
  });
}
