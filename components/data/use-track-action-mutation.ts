"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { optimisticTrack, replaceTrack } from "@/components/tracks/track-actions";
import type { LeadAction } from "@/lib/domain/phases/track-lifecycle";
import type { TrackView } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export type TrackActionInput = { key: string; action: LeadAction };

/** Pause / resume / stop / restart a track: the cached status changes at once and is rolled back if refused. */
export function useTrackActionMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, action }: TrackActionInput) =>
      fetchJson<TrackView>(`/api/tracks/${encodeURIComponent(key)}/${action}`, {
        contract: "trackAction",
        method: "POST",
      }),
    onMutate: async ({ key, action }) => {
      // exact: the track list only, not the per-track queries that share its prefix.
      await client.cancelQueries({ queryKey: queryKeys.tracks(), exact: true });
      const before = client.getQueryData<TrackView[]>(queryKeys.tracks())?.find((t) => t.key === key);
      client.setQueryData<TrackView[]>(queryKeys.tracks(), (old) =>
        replaceTrack(old, key, (t) => optimisticTrack(t, action)),
      );
      return { before };
    },
    onError: (_error, { key }, context) => {
      const before = context?.before;
      if (before)
        client.setQueryData<TrackView[]>(queryKeys.tracks(), (old) => replaceTrack(old, key, () => before));
      // A push may have raced the rollback; the server's list is the truth.
      void client.invalidateQueries({ queryKey: queryKeys.tracks(), exact: true });
    },
    onSuccess: (track) => {
      client.setQueryData<TrackView[]>(queryKeys.tracks(), (old) =>
        old?.some((t) => t.runId === track.runId) ? replaceTrack(old, track.key, () => track) : old,
      );
    },
  });
}
