"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { replaceTrack } from "@/components/tracks/track-actions";
import type { TrackView } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** The lead acknowledges that a track needs them: its attention clears (the answer replaces the cached track). */
export function useAttentionMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (key: string) =>
      fetchJson<TrackView>(`/api/tracks/${encodeURIComponent(key)}/attention`, {
        contract: "acknowledgeAttention",
        method: "POST",
      }),
    onSuccess: (track) => {
      client.setQueryData<TrackView[]>(queryKeys.tracks(), (old) =>
        old?.some((t) => t.runId === track.runId) ? replaceTrack(old, track.key, () => track) : old,
      );
      void client.invalidateQueries({ queryKey: queryKeys.track(track.key) });
    },
  });
}
