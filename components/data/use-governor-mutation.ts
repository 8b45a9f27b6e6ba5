"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { GovernorView } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** Switches the governor on or off (manual mode); optimistic, rolled back when refused. */
export function useGovernorMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) =>
      fetchJson<GovernorView>("/api/governor", {
        contract: "setGovernor",
        method: "POST",
        body: JSON.stringify({ enabled }),
      }),
    onMutate: async (enabled) => {
      await client.cancelQueries({ queryKey: queryKeys.governor() });
      const before = client.getQueryData<GovernorView>(queryKeys.governor());
      if (before) client.setQueryData<GovernorView>(queryKeys.governor(), { ...before, enabled });
      return { before };
    },
    onError: (_error, _enabled, context) => {
      if (context?.before) client.setQueryData(queryKeys.governor(), context.before);
      void client.invalidateQueries({ queryKey: queryKeys.governor() });
    },
    onSuccess: (view) => client.setQueryData(queryKeys.governor(), view),
  });
}
