"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** The lead's coordination actions: a POST with a JSON body; the coordination queries refetch after it. */
export type CoordinationAction = { url: string; body?: unknown };

/** Resolve a conflict or blocker, acknowledge a handoff, write the daily status now, start the integration. */
export function useCoordinationMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ url, body }: CoordinationAction) =>
      fetchJson<unknown>(url, { method: "POST", body: JSON.stringify(body ?? {}) }),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: queryKeys.coordination() });
      void client.invalidateQueries({ queryKey: queryKeys.tracks() });
    },
  });
}
