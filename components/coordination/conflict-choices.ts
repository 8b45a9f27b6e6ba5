// The rulings the Conflicts page offers for a conflict: the seed's recommendation first (when it makes one), then
// every other choice the lead has (resume one and hold the other, widen a scope, reassign the files, dismiss).

import type { LeadResolution } from "@/lib/domain/coordination/conflict-lifecycle";
import type { ConflictRecord } from "@/lib/domain/coordination/coordination-views";

export type RulingChoice = { id: string; label: string; choice: LeadResolution; recommended: boolean };

/** What the lead may choose, the recommended one (if any) first. */
export function rulingChoices(conflict: ConflictRecord): RulingChoice[] {
  const files = listFiles(conflict.files);
  const all: Omit<RulingChoice, "recommended">[] = [];
  const keys = conflict.trackKeys;
  // A ::touch conflict has no branch to rebase: holding one track "until it rebases" would hold it for good.
  const canHold = conflict.source === "git";
  for (const resume of keys)
    for (const hold of keys)
      if (canHold && resume !== hold)
        all.push({
          id: `hold:${resume}:${hold}`,
          label: `Resume ${resume}, keep ${hold} paused until it rebases`,
          choice: { option: "keep-paused-until-rebase", resume, hold },
        });
  for (const trackKey of keys)
    all.push({
      id: `widen:${trackKey}`,
      label: `Widen ${trackKey}'s scope to ${files}`,
      choice: { option: "widen-scope", trackKey },
    });
  if (keys.length > 1)
    for (const trackKey of keys)
      all.push({
        id: `reassign:${trackKey}`,
        label: `Reassign ${files} to ${trackKey}`,
        choice: { option: "reassign-files", trackKey },
      });
  all.push({ id: "dismiss", label: "Dismiss as acceptable", choice: { option: "dismiss" } });
  const recommendedId = recommendedChoiceId(conflict);
  const recommended = all.find((c) => c.id === recommendedId);
  const rest = all.filter((c) => c.id !== recommendedId).map((c) => ({ ...c, recommended: false }));
  return recommended ? [{ ...recommended, recommended: true }, ...rest] : rest;
}

/** The recommendation as one of the choices; null when it escalates to the lead (or there is none). */
function recommendedChoiceId(conflict: ConflictRecord): string | null {
  const rec = conflict.recommendation;
  if (!rec) return null;
  switch (rec.option) {
    case "keep-paused-until-rebase":
      return rec.resume[0] && rec.hold[0] ? `hold:${rec.resume[0]}:${rec.hold[0]}` : null;
    case "widen-scope":
      return rec.scopeChanges[0] ? `widen:${rec.scopeChanges[0].trackKey}` : null;
    case "reassign-files": {
      const gainer =
        rec.scopeChanges.find((c) => c.add.some((g) => !g.startsWith("!")))?.trackKey ?? rec.resume[0];
      return gainer ? (conflict.trackKeys.length > 1 ? `reassign:${gainer}` : `widen:${gainer}`) : null;
    }
    case "dismiss":
      return "dismiss";
    case "escalate":
      return null;
  }
}

function listFiles(files: readonly string[]): string {
  if (files.length === 0) return "the files";
  const shown = files.slice(0, 3).join(", ");
  return files.length > 3 ? `${shown} and ${files.length - 3} more` : shown;
}
