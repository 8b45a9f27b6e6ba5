"use client";
import { useQuery } from "@tanstack/react-query";
import type { LogLine } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** Lines of a past attempt shown on the track page (the whole file is the download). */
export const ATTEMPT_TAIL_LINES = 1000;

/** The last lines of one finished attempt of a track: read once, it no longer changes. */
export function useAttemptTailQuery(trackKey: string, attempt: number | null, runId: string) {
  return useQuery({
    queryKey: [...queryKeys.track(trackKey), "attempt-tail", runId, attempt] as const,
    enabled: attempt !== null,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () =>
      fetchJson<LogLine[]>(
        `/api/tracks/${encodeURIComponent(trackKey)}/logs?tail=${ATTEMPT_TAIL_LINES}&attempt=${attempt}&runId=${encodeURIComponent(runId)}`,
        { contract: "trackLogs" },
      ),
  });
}
