"use client";
import { useQuery } from "@tanstack/react-query";
import type { IntegrationView } from "@/lib/domain/coordination/coordination-views";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** Phase 5's latest integration of a run (null before the first); kept live by the realtime sync. */
export function useIntegrationQuery(runId = "current") {
  return useQuery({
    queryKey: queryKeys.integration(runId),
    queryFn: async () =>
      (
        await fetchJson<{ integration: IntegrationView | null }>(
          `/api/runs/${encodeURIComponent(runId)}/integration`,
          { contract: "getIntegration" },
        )
      ).integration,
    retry: (count, error) => count < 1 && !/no run/.test(error.message),
  });
}
