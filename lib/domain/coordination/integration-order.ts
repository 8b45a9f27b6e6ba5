// The advised order to merge track branches in phase 5: fewest predicted conflicts first, so a conflict stops the
// integration as late as possible. Pure.
import type { MergePrediction } from "./change-conflicts";

export type IntegrationOrderEntry = {
  key: string;
  /** Tracks whose branches merge-tree says conflict with this one. */
  conflictsWith: string[];
  /** Conflicted files over those pairs. */
  conflictFiles: number;
  /** Tracks with which no prediction could be computed (counted as a risk after real conflicts). */
  unknownWith: string[];
  reason: string;
};

/**
 * Orders `keys` (plan order) by predicted conflicts with the others: fewest conflicting partners, then fewest
 * conflicted files, then fewest unknown pairs, then plan order, so the same inputs always give the same order.
 */
export function adviseIntegrationOrder(
  keys: readonly string[],
  predictions: readonly MergePrediction[],
): IntegrationOrderEntry[] {
  const entries = keys.map((key, index) => {
    const conflictsWith: string[] = [];
    const unknownWith: string[] = [];
    let conflictFiles = 0;
    for (const p of predictions) {
      const other = p.a === key ? p.b : p.b === key ? p.a : null;
      if (other === null || !keys.includes(other)) continue;
      if (p.state === "conflicts") {
        conflictsWith.push(other);
        conflictFiles += Math.max(p.files.length, 1);
      } else if (p.state === "error") {
        unknownWith.push(other);
      }
    }
    return { key, index, conflictsWith, conflictFiles, unknownWith };
  });
  entries.sort(
    (x, y) =>
      x.conflictsWith.length - y.conflictsWith.length ||
      x.conflictFiles - y.conflictFiles ||
      x.unknownWith.length - y.unknownWith.length ||
      x.index - y.index,
  );
  return entries.map(({ index: _index, ...entry }, position) => ({
    ...entry,
    reason: describeEntry(entry, position),
  }));
}

function describeEntry(
  entry: { key: string; conflictsWith: string[]; conflictFiles: number; unknownWith: string[] },
  position: number,
): string {
  const conflicts =
    entry.conflictsWith.length === 0
      ? "no predicted conflict"
      : `predicted conflicts with ${entry.conflictsWith.join(", ")} (${entry.conflictFiles} file${entry.conflictFiles === 1 ? "" : "s"})`;
  const unknown = entry.unknownWith.length > 0 ? `; not predicted with ${entry.unknownWith.join(", ")}` : "";
  return `${position + 1}. ${entry.key}: ${conflicts}${unknown}`;
}
