"use client";
import { useQuery } from "@tanstack/react-query";
import type { PtEvent } from "@/lib/domain/types";
import { fetchJson } from "./fetch-json";
import { type QuerySync, updateCachedList } from "./push";
import { queryKeys } from "./query-keys";
import { prependEvent, runEventsUrl } from "./use-events-query";

/** How many decisions are kept. */
export const DECISIONS_SHOWN = 100;

export function isDecisionEvent(event: Pick<PtEvent, "kind">): boolean {
  return event.kind.startsWith("governor:");
}

/**
 * The shown run's governor decisions, newest first; kept live by event:created pushes. `runId` as for
 * useEventsQuery: undefined while the shown run is not known, null when there is none.
 */
export function useDecisionsQuery(runId: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.decisions(runId ?? null),
    queryFn: () =>
      fetchJson<PtEvent[]>(runEventsUrl(runId ?? null, DECISIONS_SHOWN, "governor:"), {
        contract: "listEvents",
      }),
    enabled: runId !== undefined,
  });
}

export const decisionsSync: QuerySync = {
  push: {
    "event:created": ({ client }, event) => {
      if (!isDecisionEvent(event)) return;
      updateCachedList<PtEvent>(client, queryKeys.decisions(event.runId), (old) =>
        prependEvent(old, event, DECISIONS_SHOWN),
      );
    },
  },
};
