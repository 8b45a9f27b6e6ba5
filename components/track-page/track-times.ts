// The track page's Started and Ended figures. The track's own times are its latest attempt's; a track that was
// requeued or restarted began earlier, when its first attempt did, as the Gantt and the retrospective show it.
import { formatDuration } from "@/lib/domain/units";
import type { TrackDetailView } from "@/lib/domain/views";

export type TrackTimes = {
  /** When the track first started (its first attempt); null before it has. */
  started: string | null;
  /** "attempt 2 from 01:43:21" when the latest attempt began later; null otherwise. */
  latestAttempt: string | null;
  /** "01:44:35 (attempt 2 ran 1m 13s)"; null while the track has not ended. */
  ended: string | null;
};

/** Started and Ended for the header, with `format` turning an ISO time into the page's clock time. */
export function describeTrackTimes(
  track: Pick<TrackDetailView, "attempts" | "startedAt" | "endedAt" | "agents">,
  format: (iso: string) => string,
): TrackTimes {
  const starts = [track.startedAt, ...track.agents.map((a) => a.startedAt)].filter(
    (at): at is string => at !== null,
  );
  const first = starts.reduce<string | null>(
    (earliest, at) => (earliest === null || Date.parse(at) < Date.parse(earliest) ? at : earliest),
    null,
  );
  const isLaterAttempt =
    track.attempts > 1 && track.startedAt !== null && first !== null && track.startedAt !== first;
  const ran =
    track.startedAt && track.endedAt
      ? formatDuration(Date.parse(track.endedAt) - Date.parse(track.startedAt))
      : null;
  const ranText = ran ? ` (${isLaterAttempt ? `attempt ${track.attempts} ran` : "ran"} ${ran})` : "";
  return {
    started: first === null ? null : format(first),
    latestAttempt:
      isLaterAttempt && track.startedAt ? `attempt ${track.attempts} from ${format(track.startedAt)}` : null,
    ended: track.endedAt ? `${format(track.endedAt)}${ranText}` : null,
  };
}
