"use client";
import { useQuery } from "@tanstack/react-query";
import type { PtEvent } from "@/lib/domain/types";
import { fetchJson } from "./fetch-json";
import { type QuerySync, updateCachedList } from "./push";
import { queryKeys } from "./query-keys";

export const EVENTS_SHOWN = 50;

/** The latest events, newest first; kept live by event:created pushes. */
export function useEventsQuery() {
  return useQuery({
    queryKey: queryKeys.events(),
    queryFn: () => fetchJson<PtEvent[]>(`/api/events?limit=${EVENTS_SHOWN}`, { contract: "listEvents" }),
  });
}

/** `event` first, without a copy of it, at most `max` long. */
export function prependEvent(list: readonly PtEvent[], event: PtEvent, max: number): PtEvent[] {
  return [event, ...list.filter((e) => e.id !== event.id)].slice(0, max);
}

export const eventsSync: QuerySync = {
  push: {
    "event:created": ({ client }, event) =>
      updateCachedList<PtEvent>(client, queryKeys.events(), (old) => prependEvent(old, event, EVENTS_SHOWN)),
  },
};
