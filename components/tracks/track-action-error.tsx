"use client";
// Why a pause/resume/stop/restart click failed, with a way to dismiss it; shared by the card and the track page.
import type { useTrackActionMutation } from "../data/use-track-action-mutation";

export function TrackActionError(props: {
  trackKey: string;
  mutation: ReturnType<typeof useTrackActionMutation>;
  id?: string;
}) {
  const { mutation, trackKey } = props;
  if (!mutation.isError) return null;
  return (
    <div
      role="alert"
      id={props.id}
      data-testid="track-action-error"
      className="flex items-start gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
    >
      <p className="flex-1">
        Could not {mutation.variables?.action ?? "change"} track {trackKey}: {mutation.error.message}
      </p>
      <button
        type="button"
        onClick={() => mutation.reset()}
        aria-label={`Dismiss error for track ${trackKey}`}
        className="tap px-1 text-xs underline"
      >
        Dismiss
      </button>
    </div>
  );
}
