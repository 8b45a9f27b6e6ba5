"use client";
import { useQuery } from "@tanstack/react-query";
import type { GovernorView } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import type { QuerySync } from "./push";
import { queryKeys } from "./query-keys";

/** On/off, zone, sample interval and admission queue; replaced by governor:updated pushes. */
export function useGovernorQuery() {
  return useQuery({
    queryKey: queryKeys.governor(),
    queryFn: () => fetchJson<GovernorView>("/api/governor", { contract: "getGovernor" }),
  });
}

export const governorSync: QuerySync = {
  push: {
    "governor:updated": ({ client }, governor) => client.setQueryData(queryKeys.governor(), governor),
  },
};
