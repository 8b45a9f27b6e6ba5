"use client";
import { useQuery } from "@tanstack/react-query";
import type { PtEvent } from "@/lib/domain/types";
import { fetchJson } from "./fetch-json";
import { type QuerySync, updateCachedList } from "./push";
import { queryKeys } from "./query-keys";
import { prependEvent } from "./use-events-query";

/** How many decisions are kept. */
export const DECISIONS_SHOWN = 100;

export function isDecisionEvent(event: Pick<PtEvent, "kind">): boolean {
  return event.kind.startsWith("governor:");
}

/** The governor's decisions, newest first; kept live by event:created pushes. */
export function useDecisionsQuery() {
  return useQuery({
    queryKey: queryKeys.decisions(),
    queryFn: () =>
      fetchJson<PtEvent[]>(`/api/events?kind=governor:&limit=${DECISIONS_SHOWN}`, { contract: "listEvents" }),
  });
}

export const decisionsSync: QuerySync = {
  push: {
    "event:created": ({ client }, event) => {
      if (!isDecisionEvent(event)) return;
      updateCachedList<PtEvent>(client, queryKeys.decisions(), (old) =>
        prependEvent(old, event, DECISIONS_SHOWN),
      );
    },
  },
};
