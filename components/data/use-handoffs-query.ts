"use client";
import { useQuery } from "@tanstack/react-query";
import type { HandoffView } from "@/lib/domain/coordination/coordination-views";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";
import { runQuery } from "./use-conflicts-query";

/** The plan's handoffs in a run; kept live by the realtime sync. */
export function useHandoffsQuery(runId = "current", options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.handoffs(runId),
    queryFn: () => fetchJson<HandoffView[]>(`/api/handoffs${runQuery(runId)}`, { contract: "listHandoffs" }),
    retry: (count, error) => count < 1 && !/no run/.test(error.message),
    enabled: options.enabled ?? true,
  });
}
