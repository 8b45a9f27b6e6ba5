// A track's git state on its row: the worktree its agents run in, its branch and base, and its latest changes.
import type { TrackChangeTotals, TrackGitView } from "../domain/coordination/coordination-views";
import type { PrismaClient } from "./generated/client";

export async function saveTrackWorktree(
  db: PrismaClient,
  trackId: string,
  worktree: { path: string; branch: string; baseCommit: string },
): Promise<void> {
  await db.track.update({
    where: { id: trackId },
    data: { worktree: worktree.path, branch: worktree.branch, baseCommit: worktree.baseCommit },
  });
}

export async function saveTrackChanges(
  db: PrismaClient,
  trackId: string,
  changes: TrackChangeTotals,
): Promise<void> {
  await db.track.update({ where: { id: trackId }, data: { changes: JSON.stringify(changes) } });
}

/** The git state of a run's tracks as stored, by track key (tracks without a worktree are left out). */
export async function listTrackGit(db: PrismaClient, runId: string): Promise<Map<string, TrackGitView>> {
  const rows = await db.track.findMany({
    where: { runId, worktree: { not: null } },
    select: { key: true, worktree: true, branch: true, baseCommit: true, changes: true },
  });
  return new Map(
    rows.map((r) => [
      r.key,
      {
        worktree: r.worktree ?? "",
        branch: r.branch ?? "",
        baseCommit: r.baseCommit ?? "",
        changes: r.changes ? (JSON.parse(r.changes) as TrackChangeTotals) : null,
        problem: null,
      },
    ]),
  );
}
