"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { DeletedRunView, RunView } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import { updateCachedList } from "./push";
import { queryKeys } from "./query-keys";

/** Deletes an ended run; once the server has, it leaves the runs list. */
export function useDeleteRunMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) =>
      fetchJson<DeletedRunView>(`/api/runs/${encodeURIComponent(runId)}`, {
        contract: "deleteRun",
        method: "DELETE",
        body: "{}",
      }),
    onSuccess: (deleted) =>
      updateCachedList<RunView>(client, queryKeys.runs(), (old) => old.filter((r) => r.id !== deleted.runId)),
  });
}
