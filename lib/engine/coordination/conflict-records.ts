// The conflict records as the protocol reads and words them: the lifecycle's view of a record, which records hold a
// track, names and event details, and the run's list kept current.
import type { ChangeConflict } from "../../domain/coordination/change-conflict-types";
import { conflictName, conflictTitle } from "../../domain/coordination/conflict-wording";
import type { ConflictRecord } from "../../domain/coordination/coordination-views";
import type { ConflictEventDetails } from "../../domain/event-kinds";
import type { CoordinationRun } from "./coordination-state";

/** The record as the pure lifecycle functions read it (they use its key, tracks and files). */
export function asChangeConflict(record: ConflictRecord): ChangeConflict {
  return {
    key: record.key ?? `conflict-${record.id}`,
    kind:
      record.kind === "out-of-scope" || record.kind === "overlapping-work" ? "scope-violation" : record.kind,
    severity: record.severity,
    trackKeys: record.trackKeys,
    files: record.files,
    message: record.message,
    evidence: record.evidence ?? { files: [], scopes: {} },
    pause: [],
    recommendation: record.recommendation ?? {
      option: "escalate",
      resume: [],
      hold: [],
      scopeChanges: [],
      decidedBy: "tie",
      reason: "no recommendation on record",
      steps: [],
    },
  };
}

/** The conflicts that keep a track paused: open ones naming it, rulings holding it until it rebases. */
export function holdersOf(coordination: CoordinationRun, key: string): ConflictRecord[] {
  return coordination.conflicts.filter(
    (c) => c.source === "git" && ((c.state === "open" && c.trackKeys.includes(key)) || c.held.includes(key)),
  );
}

export function nameOf(record: ConflictRecord): string {
  return conflictName(record.kind, record.trackKeys);
}

export function titleOf(record: ConflictRecord): string {
  return conflictTitle(record.kind, record.trackKeys);
}

export function details(record: ConflictRecord): ConflictEventDetails {
  return {
    id: record.id,
    key: record.key ?? String(record.id),
    kind: record.kind,
    trackKeys: record.trackKeys,
    files: record.files,
    recommendation: record.recommendation
      ? { option: record.recommendation.option, reason: record.recommendation.reason }
      : null,
  };
}

export function replace(coordination: CoordinationRun, record: ConflictRecord) {
  const i = coordination.conflicts.findIndex((c) => c.id === record.id);
  if (i === -1) coordination.conflicts.push(record);
  else coordination.conflicts[i] = record;
}

export function scopeText(changes: readonly { trackKey: string; add: string[] }[]): string {
  if (changes.length === 0) return "";
  return `; scopes: ${changes.map((c) => `${c.trackKey} += ${c.add.join(", ")}`).join("; ")}`;
}

export function list(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).join(", ");
  return paths.length > 5 ? `${shown} and ${paths.length - 5} more` : shown || "(no file named)";
}
