// How conflicts and their recommendations read to the lead: the Conflicts page, track cards and events use these
// words; ids such as "predicted-conflict:A+B" stay in data and event details, never in the prose. The ruling's own
// line is rulingText in conflict-lifecycle.ts, beside the plan it describes.

import { possessive } from "../wording";
import type { ConflictRecommendation } from "./change-conflict-types";
import { joinKeys, type LeadResolution, listFiles } from "./conflict-lifecycle";
import type { ConflictRecord } from "./coordination-views";

export type ConflictKind = ConflictRecord["kind"];

export const CONFLICT_KIND_LABEL: Record<ConflictKind, string> = {
  "predicted-conflict": "Predicted merge conflict",
  overlap: "Overlapping changes",
  "scope-violation": "Scope violation",
  "out-of-scope": "Touched outside its scope",
  "overlapping-work": "Touched another track's scope",
};

/** "the predicted merge conflict between A and B", "the scope violation by C": a conflict named in a sentence. */
export function conflictName(kind: ConflictKind, trackKeys: readonly string[]): string {
  const tracks = joinKeys(trackKeys);
  switch (kind) {
    case "predicted-conflict":
      return `the predicted merge conflict between ${tracks}`;
    case "overlap":
      return `the overlapping changes of ${tracks}`;
    case "scope-violation":
      return `the scope violation by ${tracks}`;
    case "out-of-scope":
      return `the change outside its scope by ${tracks}`;
    case "overlapping-work":
      return `the overlapping work of ${tracks}`;
  }
}

/** The name at the start of a line: "Predicted merge conflict between A and B". */
export function conflictTitle(kind: ConflictKind, trackKeys: readonly string[]): string {
  const name = conflictName(kind, trackKeys).replace(/^the /, "");
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * A choice as the lead picks it (button labels, "Recommended: …"). `ended`: the conflict's tracks that have ended
 * (the recommendation's `ended`), which a label neither resumes nor pauses: it rules who rebases before integration.
 */
export function choiceLabel(
  choice: LeadResolution,
  files: readonly string[],
  ended: readonly string[] = [],
): string {
  switch (choice.option) {
    case "keep-paused-until-rebase": {
      const { resume, hold } = choice;
      const [resumeEnded, holdEnded] = [ended.includes(resume), ended.includes(hold)];
      if (resumeEnded && holdEnded)
        return `Rule for the record: ${hold} rebases onto ${resume} before integration (both tracks have ended)`;
      if (holdEnded)
        return `Resume ${resume}; ${hold} has ended: it rebases onto ${resume} before integration`;
      if (resumeEnded) return `Keep ${hold} paused until it rebases onto ${resume} (${resume} has ended)`;
      return `Resume ${resume}, keep ${hold} paused until it rebases`;
    }
    case "widen-scope":
      return `Widen ${possessive(choice.trackKey)} scope to ${choice.globs?.join(", ") ?? listFiles(files)}`;
    case "reassign-files":
      return `Reassign ${listFiles(files)} to ${choice.trackKey}`;
    case "dismiss":
      return "Dismiss as acceptable";
  }
}

/** The recommendation as the choice the lead would make to accept it; null when it leaves the decision to the lead. */
export function recommendedChoice(
  conflict: Pick<ConflictRecord, "trackKeys" | "recommendation">,
): LeadResolution | null {
  const rec = conflict.recommendation;
  if (!rec) return null;
  switch (rec.option) {
    case "keep-paused-until-rebase": {
      const [resume, hold] = [rec.resume[0], rec.hold[0]];
      return resume && hold ? { option: "keep-paused-until-rebase", resume, hold } : null;
    }
    case "widen-scope": {
      const trackKey = rec.scopeChanges[0]?.trackKey;
      return trackKey ? { option: "widen-scope", trackKey } : null;
    }
    case "reassign-files": {
      const gainer =
        rec.scopeChanges.find((c) => c.add.some((g) => !g.startsWith("!")))?.trackKey ?? rec.resume[0];
      if (!gainer) return null;
      // With one track there is nobody to take the files from: moving them in is widening its scope.
      return conflict.trackKeys.length > 1
        ? { option: "reassign-files", trackKey: gainer }
        : { option: "widen-scope", trackKey: gainer };
    }
    case "dismiss":
      return { option: "dismiss" };
    case "escalate":
      return null;
  }
}

/** "Recommended: …" in words, also once the conflict is settled. */
export function recommendationText(
  conflict: Pick<ConflictRecord, "trackKeys" | "files" | "recommendation">,
): string | null {
  const rec: ConflictRecommendation | null = conflict.recommendation;
  if (!rec) return null;
  const choice = recommendedChoice(conflict);
  return choice ? choiceLabel(choice, conflict.files, rec.ended) : "the lead decides";
}

/** The start of a held track's pause reason; `isHeldUntilRebase` recognises it. */
const HELD_PREFIX = "held until it rebases";

/** A held track's pause reason: "held until it rebases onto B". */
export function heldPauseReason(goingOn: readonly string[]): string {
  return goingOn.length > 0 ? `${HELD_PREFIX} onto ${joinKeys(goingOn)}` : HELD_PREFIX;
}

/**
 * Why a track stays paused once a conflict let it go but others still hold it: the first open conflict naming it
 * (it waits for the lead), else the first ruling holding it until it rebases. Null when nothing holds it.
 */
export function stillHeldPauseReason(
  holders: readonly Pick<ConflictRecord, "kind" | "trackKeys" | "state" | "message" | "ruling">[],
): string | null {
  const open = holders.find((c) => c.state === "open");
  if (open)
    return `${conflictTitle(open.kind, open.trackKeys)} (open, waiting for the lead): ${open.message}`;
  const [hold] = holders;
  return hold ? heldPauseReason(hold.ruling?.resumed ?? []) : null;
}

export function isHeldUntilRebase(pauseReason: string | null): boolean {
  return pauseReason?.startsWith(HELD_PREFIX) ?? false;
}

/** What the lead can do about a track held until it rebases (shown under its pause reason). */
export function heldTrackAdvice(trackKey: string): string {
  return `${trackKey} resumes by itself once its branch no longer conflicts (rebased, or its changes reverted); Resume goes on now anyway.`;
}
