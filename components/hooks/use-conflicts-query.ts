"use client";
import { type QueryClient, useQuery } from "@tanstack/react-query";
import type { ConflictRecord } from "@/lib/domain/coordination-views";
import type { PtEvent } from "@/lib/domain/types";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

const runQuery = (runId: string) => (runId === "current" ? "" : `?runId=${encodeURIComponent(runId)}`);

/** A run's conflicts (evidence, recommendation, ruling); kept live by the realtime sync (no polling). */
export function useConflictsQuery(runId = "current") {
  return useQuery({
    queryKey: queryKeys.conflicts(runId),
    queryFn: () => fetchJson<ConflictRecord[]>(`/api/conflicts${runQuery(runId)}`),
    retry: (count, error) => count < 1 && !/no run/.test(error.message),
  });
}

/** Events that change what the coordination queries show. */
const COORDINATION_EVENT = /^(conflict|blocker|handoff|integration|status|git):/;

/** The realtime sync's part for coordination: an event of these kinds refetches the coordination queries. */
export function invalidateCoordinationOn(client: QueryClient, event: PtEvent): void {
  if (COORDINATION_EVENT.test(event.kind))
    void client.invalidateQueries({ queryKey: queryKeys.coordination() });
}

export { runQuery };
