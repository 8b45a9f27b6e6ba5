// The coordination systems' state of the live run (issue 13): the repository, each track's worktree and changes,
// the latest merge-tree predictions, the conflicts on record, the blockers board, the handoffs.
import type { BlockerEntry } from "../../domain/coordination/blockers";
import type { ConflictRecord, HandoffView } from "../../domain/coordination/coordination-views";
import type { ChangeSet } from "../../git/changes";
import type { PairPrediction } from "../../git/merge-tree";
import type { RepositoryCheck } from "./git-workspace";

export type TrackGitState = {
  key: string;
  repoRoot: string;
  path: string;
  branch: string;
  baseCommit: string;
  /** The latest reading; null before the first poll. */
  changes: ChangeSet | null;
  /** The worktree's problem (deleted by hand, wrong branch) while it lasts. */
  problem: string | null;
  /** Paths a handoff copied in: not the track's own work. */
  received: Set<string>;
  /**
   * While the track shares commits with others (it rebased onto, or merged, their branches): the paths its own commits
   * changed (null: it took none of theirs), for the head and shared commits in `key`. Committed paths outside it came
   * with the other tracks' commits, as did its commits `takenCommits` (SHAs; none when `paths` is null). The card's
   * totals and the daily status leave both out (own-changes.ts).
   */
  ownCommitted?: { key: string; paths: ReadonlySet<string> | null; takenCommits: ReadonlySet<string> };
  /** The track ended: read its changes once more (its last commits). */
  readAfterEnd: boolean;
};

export type HeadedPrediction = PairPrediction & { aHead: string; bHead: string };

export type CoordinationRun = {
  runId: string;
  /** The run's part of branch names: paratrack/<branchId>/<track>. */
  branchId: string;
  /** null: the plan has no repo (handoffs and blockers still work, in the shared tree). */
  setup: RepositoryCheck | null;
  tracks: Map<string, TrackGitState>;
  /** The latest merge-tree result of every pair, with the heads it was computed for. */
  predictions: HeadedPrediction[];
  conflicts: ConflictRecord[];
  board: BlockerEntry[];
  /** By `${from}→${to}`. */
  handoffs: Map<string, HandoffView>;
  /** The integration under way, if any. */
  integration: Promise<void> | null;
  /**
   * A ruling changed scopes, or a track ended: the next poll detects again though no worktree moved (the advice may
   * change: an ended track is neither resumed nor paused by it).
   */
  detectAgain?: boolean;
};

export function handoffKey(from: string, to: string): string {
  return `${from}→${to}`;
}
