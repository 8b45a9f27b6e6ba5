"use client";
import { useQuery } from "@tanstack/react-query";
import type { DailyStatusDay } from "@/lib/domain/coordination/coordination-views";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** A run's stored daily statuses by day, newest first; kept live by the realtime sync. */
export function useStatusDaysQuery(runId = "current") {
  return useQuery({
    queryKey: queryKeys.statusDays(runId),
    queryFn: () =>
      fetchJson<DailyStatusDay[]>(`/api/runs/${encodeURIComponent(runId)}/status`, {
        contract: "listStatusDays",
      }),
    retry: (count, error) => count < 1 && !/no run/.test(error.message),
  });
}
