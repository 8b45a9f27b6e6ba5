"use client";
import { useQuery } from "@tanstack/react-query";
import type { PtEvent } from "@/lib/domain/types";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** How many recent events are scanned for decisions, and how many decisions are kept. */
export const DECISIONS_SCANNED = 1000;
export const DECISIONS_SHOWN = 100;

export function isDecisionEvent(event: Pick<PtEvent, "kind">): boolean {
  return event.kind.startsWith("governor:");
}

/** The governor's decisions, newest first; kept live by event:created pushes. */
export function useDecisionsQuery() {
  return useQuery({
    queryKey: queryKeys.decisions(),
    queryFn: async () => {
      // The events API has no kind filter, so scan the recent ones and keep the governor's.
      const events = await fetchJson<PtEvent[]>(`/api/events?limit=${DECISIONS_SCANNED}`);
      return events.filter(isDecisionEvent).slice(0, DECISIONS_SHOWN);
    },
  });
}
