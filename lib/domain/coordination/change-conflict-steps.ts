// The protocol's six steps as a recommendation carries them (detect, pause, assess, resolve, implement, log), and
// the words they share: who resumes, who pauses, tracks that have ended, file lists. Pure.
import { isFinished } from "../phases/track-lifecycle";
import type { ConflictRecommendation } from "./change-conflict-types";
import type { ConflictTrack } from "./conflicts";

export const hasEnded = (t: ConflictTrack) => isFinished(t.status);

export type StepTexts = { detect: string; pause: string; assess: string };
export type Decision = Omit<ConflictRecommendation, "steps"> & { implement: string; log: string };

export function finish(
  s: StepTexts,
  involved: readonly ConflictTrack[],
  decision: Decision,
): ConflictRecommendation {
  const { implement, log, ...recommendation } = decision;
  const ended = involved.filter(hasEnded).map((t) => t.key);
  return {
    ...recommendation,
    // Only when some had ended: advice on record before this field existed compares equal (no spurious refresh).
    ...(ended.length > 0 ? { ended } : {}),
    steps: [
      { step: "detect", text: s.detect },
      { step: "pause", text: s.pause },
      { step: "assess", text: s.assess },
      { step: "resolve", text: recommendation.reason },
      { step: "implement", text: implement },
      { step: "log", text: log },
    ],
  };
}

export function escalate(
  s: StepTexts,
  involved: readonly ConflictTrack[],
  why: string,
  files: readonly string[],
): ConflictRecommendation {
  return finish(s, involved, {
    option: "escalate",
    resume: [],
    hold: [],
    scopeChanges: [],
    decidedBy: "tie",
    reason: `${why}: the lead decides`,
    implement: involved.every(hasEnded)
      ? `nothing to hold (the tracks have ended): the lead rules for the record, or dismisses it; the integration meets ${list(files)}`
      : `keep the tracks held on ${list(files)} until the lead rules`,
    log: `record the conflict on ${list(files)} as escalated to the lead`,
  });
}

/**
 * "resume A, B" for the tracks that still work ("resume all" / "resume both" when that is every one of them); null
 * when every one has ended, which has nothing to resume.
 */
export function resumeText(tracks: readonly ConflictTrack[], every?: "all" | "both"): string | null {
  const going = tracks.filter((t) => !hasEnded(t));
  if (going.length === 0) return null;
  return every && going.length === tracks.length
    ? `resume ${every}`
    : `resume ${going.map((t) => t.key).join(", ")}`;
}

/** "; both tracks have ended, so nothing resumes or pauses: rule for the record, or dismiss it" when none works on. */
export function endedNote(tracks: readonly ConflictTrack[]): string {
  if (!tracks.every(hasEnded)) return "";
  const which =
    tracks.length === 2
      ? "both tracks have"
      : tracks.length === 1
        ? `${tracks[0]?.key} has`
        : "the tracks have";
  return `; ${which} ended, so nothing resumes or pauses: rule for the record, or dismiss it`;
}

export function pauseText(pause: readonly string[]): string {
  return pause.length > 0
    ? `pause ${pause.join(" and ")} (SIGSTOP, verified)`
    : "nothing to pause (no track running)";
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Up to five paths, then "and N more". */
export function list(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).join(", ");
  return paths.length > 5 ? `${shown} and ${paths.length - 5} more` : shown;
}
