"use client";
import { useQuery } from "@tanstack/react-query";
import type { RunView } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import { type QuerySync, updateCachedList } from "./push";
import { queryKeys } from "./query-keys";

/** Stored runs, newest first; each run:updated push replaces its run (or adds a new one on top). */
export function useRunsQuery() {
  return useQuery({
    queryKey: queryKeys.runs(),
    queryFn: () => fetchJson<RunView[]>("/api/runs", { contract: "listRuns" }),
  });
}

export const runsSync: QuerySync = {
  push: {
    "run:updated": ({ client }, run) =>
      updateCachedList<RunView>(client, queryKeys.runs(), (old) =>
        old.some((r) => r.id === run.id) ? old.map((r) => (r.id === run.id ? run : r)) : [run, ...old],
      ),
  },
};
