"use client";
import { useQuery } from "@tanstack/react-query";
import type { PtEvent } from "@/lib/domain/types";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export const EVENTS_SHOWN = 50;

export function useEventsQuery() {
  return useQuery({
    queryKey: queryKeys.events(),
    queryFn: () => fetchJson<PtEvent[]>(`/api/events?limit=${EVENTS_SHOWN}`),
  });
}
