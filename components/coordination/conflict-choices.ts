// The rulings the Conflicts page offers for a conflict: the seed's recommendation first (when it makes one), then
// every other choice the lead has (resume one and hold the other, widen a scope, reassign the files, dismiss).

import type { LeadResolution } from "@/lib/domain/coordination/conflict-lifecycle";
import { choiceLabel, recommendedChoice } from "@/lib/domain/coordination/conflict-wording";
import type { ConflictRecord } from "@/lib/domain/coordination/coordination-views";

export type RulingChoice = { id: string; label: string; choice: LeadResolution; recommended: boolean };

/** What the lead may choose, the recommended one (if any) first. */
export function rulingChoices(conflict: ConflictRecord): RulingChoice[] {
  const choices: LeadResolution[] = [];
  const keys = conflict.trackKeys;
  // A ::touch conflict has no branch to rebase: holding one track "until it rebases" would hold it for good.
  const canHold = conflict.source === "git";
  for (const resume of keys)
    for (const hold of keys)
      if (canHold && resume !== hold) choices.push({ option: "keep-paused-until-rebase", resume, hold });
  for (const trackKey of keys) choices.push({ option: "widen-scope", trackKey });
  if (keys.length > 1) for (const trackKey of keys) choices.push({ option: "reassign-files", trackKey });
  choices.push({ option: "dismiss" });
  const all = choices.map((choice) => ({
    id: choiceId(choice),
    // Tracks that had ended are neither resumed nor paused by a label (the advice's `ended`, kept current by the poll).
    label: choiceLabel(choice, conflict.files, conflict.recommendation?.ended),
    choice,
  }));
  const rec = recommendedChoice(conflict);
  const recommendedId = rec ? choiceId(rec) : null;
  const recommended = all.find((c) => c.id === recommendedId);
  const rest = all.filter((c) => c.id !== recommendedId).map((c) => ({ ...c, recommended: false }));
  return recommended ? [{ ...recommended, recommended: true }, ...rest] : rest;
}

function choiceId(choice: LeadResolution): string {
  switch (choice.option) {
    case "keep-paused-until-rebase":
      return `hold:${choice.resume}:${choice.hold}`;
    case "widen-scope":
      return `widen:${choice.trackKey}`;
    case "reassign-files":
      return `reassign:${choice.trackKey}`;
    case "dismiss":
      return "dismiss";
  }
}
