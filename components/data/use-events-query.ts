"use client";
import { useQuery } from "@tanstack/react-query";
import type { PtEvent } from "@/lib/domain/types";
import { fetchJson } from "./fetch-json";
import { type QuerySync, updateCachedList } from "./push";
import { queryKeys } from "./query-keys";

export const EVENTS_SHOWN = 50;

/**
 * The events of one run's list: that run's when there is one (an earlier run's events must not pass for the shown
 * run's), else all (before any run, only events that belong to none exist, such as a start refused by pre-flight).
 */
export function runEventsUrl(runId: string | null, limit: number, kindPrefix?: string): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (runId !== null) query.set("runId", runId);
  if (kindPrefix !== undefined) query.set("kind", kindPrefix);
  return `/api/events?${query}`;
}

/**
 * The latest events of the shown run, newest first; kept live by event:created pushes. `runId` undefined: the
 * shown run is not known yet (nothing is fetched); null: there is no run.
 */
export function useEventsQuery(runId: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.events(runId ?? null),
    queryFn: () =>
      fetchJson<PtEvent[]>(runEventsUrl(runId ?? null, EVENTS_SHOWN), { contract: "listEvents" }),
    enabled: runId !== undefined,
  });
}

/** `event` first, without a copy of it, at most `max` long. */
export function prependEvent(list: readonly PtEvent[], event: PtEvent, max: number): PtEvent[] {
  return [event, ...list.filter((e) => e.id !== event.id)].slice(0, max);
}

export const eventsSync: QuerySync = {
  push: {
    // Into its own run's list only (a list nobody shows is left alone by updateCachedList).
    "event:created": ({ client }, event) =>
      updateCachedList<PtEvent>(client, queryKeys.events(event.runId), (old) =>
        prependEvent(old, event, EVENTS_SHOWN),
      ),
  },
};
