"use client";
import { useQuery } from "@tanstack/react-query";
import type { RunView } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** Stored runs, newest first; refreshed when a run changes. */
export function useRunsQuery() {
  return useQuery({ queryKey: queryKeys.runs(), queryFn: () => fetchJson<RunView[]>("/api/runs") });
}
