"use client";
import { useQuery } from "@tanstack/react-query";
import type { BlockerEntry } from "@/lib/domain/coordination/blockers";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";
import { runQuery } from "./use-conflicts-query";

/** The run's blockers board; kept live by the realtime sync. */
export function useBlockersQuery(runId = "current") {
  return useQuery({
    queryKey: queryKeys.blockers(runId),
    queryFn: () => fetchJson<BlockerEntry[]>(`/api/blockers${runQuery(runId)}`, { contract: "listBlockers" }),
    retry: (count, error) => count < 1 && !/no run/.test(error.message),
  });
}
