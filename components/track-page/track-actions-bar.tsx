"use client";
// Pause / Resume / Stop / Restart for one track on its page: the change shows at once, a refusal is shown.
import { useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/components/data/query-keys";
import { useTrackActionMutation } from "@/components/data/use-track-action-mutation";
import { useTracksQuery } from "@/components/data/use-tracks-query";
import { TrackActionButtons } from "@/components/tracks/track-action-buttons";
import { TrackActionError } from "@/components/tracks/track-action-error";
import { optimisticTrack } from "@/components/tracks/track-actions";
import type { LeadAction } from "@/lib/domain/phases/track-lifecycle";
import type { TrackDetailView } from "@/lib/domain/views";

const BUTTON_STYLE: Record<LeadAction, string> = {
  pause:
    "border-amber-300 text-amber-800 hover:bg-amber-50 dark:border-amber-700 dark:text-amber-300 dark:hover:bg-amber-950",
  resume:
    "border-blue-300 text-blue-800 hover:bg-blue-50 dark:border-blue-700 dark:text-blue-300 dark:hover:bg-blue-950",
  stop: "border-red-300 text-red-800 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950",
  restart:
    "border-slate-300 text-slate-800 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800",
};

export function TrackActionsBar({ track }: { track: TrackDetailView }) {
  const client = useQueryClient();
  const tracks = useTracksQuery();
  const mutation = useTrackActionMutation();

  const run = (action: LeadAction) => {
    const key = queryKeys.track(track.key);
    const before = client.getQueryData<TrackDetailView>(key);
    if (before) client.setQueryData<TrackDetailView>(key, { ...before, ...optimisticTrack(before, action) });
    mutation.mutate(
      { key: track.key, action },
      {
        onError: () => {
          if (before) client.setQueryData(key, before);
        },
        // The answer carries the track but not its processes: read them again.
        onSettled: () => void client.invalidateQueries({ queryKey: key, exact: true }),
      },
    );
  };

  return (
    <div className="flex flex-col items-stretch gap-2 sm:items-end">
      <div
        className="flex flex-wrap gap-2"
        role="group"
        aria-label={`Actions for track ${track.key}`}
        aria-busy={mutation.isPending}
      >
        <TrackActionButtons
          track={track}
          tracks={tracks.data ?? [track]}
          isPending={mutation.isPending}
          onAction={run}
          buttonStyle={BUTTON_STYLE}
        />
      </div>
      <TrackActionError trackKey={track.key} mutation={mutation} />
    </div>
  );
}
