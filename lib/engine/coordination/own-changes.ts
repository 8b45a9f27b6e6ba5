// A track's own part of its change set: without the commits it took from another track's branch (a rebase onto it,
// a merge of it) and the committed files only they changed. The card (change-poller.ts) and the daily status
// (daily-status-system.ts) count the same work: what the poller found (`ownCommitted`), no git of their own.
import type { TrackChangeTotals } from "../../domain/coordination/coordination-views";
import { inheritedPaths } from "../../domain/coordination/shared-commits";
import type { ChangeSet, FileChange } from "../../git/changes";
import type { TrackGitState } from "./coordination-state";

/** Paths shown per track (the card's list); the totals count them all. */
const PATHS_SHOWN = 50;

/** What came with the commits a track took from others' branches: its committed paths, and those commits (SHAs). */
export type TakenPart = { inherited: string[]; commits: ReadonlySet<string> };

const NOTHING_TAKEN: TakenPart = { inherited: [], commits: new Set() };

export function takenPart(state: TrackGitState): TakenPart {
  const own = state.ownCommitted;
  if (!own?.paths || !state.changes) return NOTHING_TAKEN;
  return { inherited: inheritedPaths(state.changes.files, own.paths), commits: own.takenCommits };
}

/** The change set's files less the paths `taken` from other tracks, and their lines. */
export function ownFiles(
  changes: ChangeSet,
  taken: TakenPart,
): { files: FileChange[]; added: number; removed: number } {
  if (taken.inherited.length === 0)
    return { files: changes.files, added: changes.totals.added, removed: changes.totals.removed };
  const inherited = new Set(taken.inherited);
  const files = changes.files.filter((f) => !inherited.has(f.path));
  return {
    files,
    added: files.reduce((sum, f) => sum + (f.added ?? 0), 0),
    removed: files.reduce((sum, f) => sum + (f.removed ?? 0), 0),
  };
}

/** The card's figures: the change set less the paths and commits `taken` from other tracks. */
export function ownTotals(changes: ChangeSet, taken: TakenPart, at: string): TrackChangeTotals {
  const { files, added, removed } = ownFiles(changes, taken);
  return {
    files: files.length,
    added,
    removed,
    commits: Math.max(0, changes.commits - taken.commits.size),
    paths: files.slice(0, PATHS_SHOWN).map((f) => ({
      path: f.path,
      added: f.added,
      removed: f.removed,
      committed: f.committed,
    })),
    at,
  };
}
