"use client";
import { useQuery } from "@tanstack/react-query";
import type { DailyStatusDocument } from "@/lib/domain/coordination/daily-status";
import { fetchJson } from "./fetch-json";
import type { QuerySync } from "./push";
import { queryKeys } from "./query-keys";

/**
 * A track's daily status as the server builds it: the day's reports merged with what Paratrack measured (RAM
 * peak, model in force, running time, commits, tests, open blockers). 404 when there is none (an ended run that
 * never wrote one): the caller falls back to the reports alone.
 */
export function useTrackStatusQuery(key: string, enabled: boolean, runId?: string) {
  return useQuery({
    queryKey: runId ? [...queryKeys.trackStatus(key), "run", runId] : queryKeys.trackStatus(key),
    queryFn: () =>
      fetchJson<DailyStatusDocument>(
        `/api/tracks/${encodeURIComponent(key)}/status${runId ? `?runId=${encodeURIComponent(runId)}` : ""}`,
        { contract: "trackStatus" },
      ),
    enabled,
    retry: false,
  });
}

/**
 * The measured part changes with the track (progress, memory, attempts): refetch when it does, at most every 2 s
 * (a running track is pushed every few seconds, and each build reads the database and git). Blockers and other
 * coordination events refetch it with the rest of the coordination queries.
 */
export const trackStatusSync: QuerySync = {
  refetch: { keys: [queryKeys.trackStatusAll()], gapMs: 2_000 },
  push: {
    "track:updated": ({ refetchSoon }) => refetchSoon(),
  },
};
