// The records of conflicts found in real changes: what a track changed, merge-tree's verdicts, the evidence, and the
// resolution recommended by the seed's order. Types only.

import type { Severity } from "../types";
import type { ConflictTrack, ResolutionCriterion, ResolutionStep } from "./conflicts";

/** A file a track changed since its base (lib/git's FileChange fits). Paths are relative to the repository root. */
export type ChangedFile = {
  path: string;
  committed: boolean;
  uncommitted: boolean;
  added: number | null;
  removed: number | null;
};

export type TrackChanges = {
  track: ConflictTrack;
  files: readonly ChangedFile[];
  /** Paths copied in by a handoff: not the track's own work, so neither violations nor overlaps. */
  received?: readonly string[];
};

/** merge-tree between two tracks' branches (lib/git's PairPrediction fits). */
export type MergePrediction = { a: string; b: string } & (
  | { state: "clean" }
  | {
      state: "conflicts";
      files: readonly string[];
      messages?: readonly { paths: readonly string[]; type: string; message: string }[];
    }
  | { state: "error"; message: string }
);

export type ChangeConflictKind = "scope-violation" | "overlap" | "predicted-conflict";

export type ConflictFileEvidence = {
  path: string;
  /** How each track of the conflict changed the file (tracks that did not are left out). */
  changes: {
    trackKey: string;
    committed: boolean;
    uncommitted: boolean;
    added: number | null;
    removed: number | null;
  }[];
  /** Tracks whose scope contract covers the file. */
  owners: string[];
  /** What merge-tree said about the file (predicted conflicts). */
  mergeMessages: string[];
};

/** What the lead may choose; the recommendation is one of these. */
export type ResolutionOption =
  | "keep-paused-until-rebase"
  | "reassign-files"
  | "widen-scope"
  | "dismiss"
  | "escalate";

/** A change to a scope contract: globs added to the track, and "!path" exclusions added to others. */
export type ScopeChange = { trackKey: string; add: string[] };

export type ConflictRecommendation = {
  option: ResolutionOption;
  /** Tracks that go on once the lead accepts. */
  resume: string[];
  /** Tracks that stay paused until they rebase (or revert the files). */
  hold: string[];
  /** Scope contracts to change (reassign-files, widen-scope). */
  scopeChanges: ScopeChange[];
  decidedBy: ResolutionCriterion;
  reason: string;
  /** The seed's six steps as they apply here: detect, pause, assess, resolve, implement, log. */
  steps: ResolutionStep[];
  /**
   * Named tracks that had ended (completed, failed or stopped) when this was recommended: the words neither resume
   * nor pause them (a ruling on them is for the record and the integration). Absent when none had.
   */
  ended?: string[];
};

export type ChangeConflict = {
  /** Stable identity across polls: "scope-violation:A", "overlap:A+B", "predicted-conflict:A+B". */
  key: string;
  kind: ChangeConflictKind;
  severity: Severity;
  trackKeys: string[];
  /** Repository-relative paths, sorted. */
  files: string[];
  message: string;
  evidence: { files: ConflictFileEvidence[]; scopes: Record<string, string[]> };
  /** Running tracks to pause now (the seed's "immediate pause"); the engine verifies the SIGSTOP. */
  pause: string[];
  recommendation: ConflictRecommendation;
};
