"use client";
import { useQuery } from "@tanstack/react-query";
import type { ConflictRecord } from "@/lib/domain/coordination/coordination-views";
import { fetchJson } from "./fetch-json";
import type { QuerySync } from "./push";
import { queryKeys } from "./query-keys";

const runQuery = (runId: string) => (runId === "current" ? "" : `?runId=${encodeURIComponent(runId)}`);

/** A run's conflicts (evidence, recommendation, ruling); kept live by the realtime sync (no polling). */
export function useConflictsQuery(runId = "current") {
  return useQuery({
    queryKey: queryKeys.conflicts(runId),
    queryFn: () =>
      fetchJson<ConflictRecord[]>(`/api/conflicts${runQuery(runId)}`, { contract: "listConflicts" }),
    retry: (count, error) => count < 1 && !/no run/.test(error.message),
  });
}

/** Events that change what the coordination queries show. */
const COORDINATION_EVENT = /^(conflict|blocker|handoff|integration|status|git):/;

/** The realtime sync's part for coordination: an event of these kinds refetches the coordination queries. */
export const coordinationSync: QuerySync = {
  refetch: { keys: [queryKeys.coordination()], gapMs: 500 },
  push: {
    "event:created": ({ refetchSoon }, event) => {
      if (COORDINATION_EVENT.test(event.kind)) refetchSoon();
    },
  },
};

export { runQuery };
