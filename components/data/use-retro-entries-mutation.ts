"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { RetroSection } from "@/lib/domain/reporting/retrospective";
import type { RetrospectiveView } from "@/lib/engine/retro-service";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** Saves the lead's retrospective entries (replacing the run's earlier ones). */
export function useRetroEntriesMutation(runId = "current") {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (entries: { section: RetroSection; text: string }[]) =>
      fetchJson<RetrospectiveView>(`/api/runs/${encodeURIComponent(runId)}/retrospective`, {
        contract: "saveRetroEntries",
        method: "PUT",
        body: JSON.stringify({ entries }),
      }),
    onSuccess: (view) => client.setQueryData(queryKeys.retrospective(runId), view),
  });
}
