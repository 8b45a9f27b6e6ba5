"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TrackView } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/**
 * POSTs a daily-status report (the seed's fields as JSON) for a track; succeeds once the track is refetched.
 * A refusal is an ApiError whose `details` lists every problem of a malformed report.
 */
export function useReportMutation(key: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (report: Record<string, unknown>) =>
      fetchJson<TrackView>(`/api/tracks/${encodeURIComponent(key)}/report`, {
        contract: "reportTrack",
        method: "POST",
        body: JSON.stringify(report),
      }),
    // Returned, so the mutation settles only once the page shows the new report.
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.track(key), exact: true }),
  });
}
