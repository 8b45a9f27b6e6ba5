"use client";
import { useQuery } from "@tanstack/react-query";
import type { WhatIfSource } from "@/lib/domain/what-if";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** A plan to start from: "default" = the current run's, else the demo's; also "demo", "seed", "current". */
export function usePlanSourceQuery(from: string) {
  return useQuery({
    queryKey: queryKeys.planSource(from),
    queryFn: () => fetchJson<WhatIfSource>(`/api/plan/what-if?from=${encodeURIComponent(from)}`),
    enabled: from !== "",
    retry: false,
  });
}
