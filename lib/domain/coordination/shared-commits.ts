// Commits that came from one track's branch into another's (a rebase onto it, a merge of it): the same SHA on two
// tracks' lists since the base. Such commits are their author's work, not the receiver's, so the receiver is not
// charged with the files only they changed. Pure: the lists and the branch's own commits are read by lib/git.
import type { ChangedFile } from "./change-conflict-types";

/** One track's commits since the base (SHAs, newest first). */
export type TrackCommits = { key: string; commits: readonly string[] };

/**
 * For each track, the commits it shares with each other track, in its own order; a track sharing none is left out,
 * so the usual answer (no rebase or merge between tracks) is an empty map.
 */
export function findSharedCommits(tracks: readonly TrackCommits[]): Map<string, Map<string, string[]>> {
  const holders = new Map<string, string[]>();
  for (const { key, commits } of tracks) {
    for (const sha of commits) holders.set(sha, [...(holders.get(sha) ?? []), key]);
  }
  const shared = new Map<string, Map<string, string[]>>();
  for (const { key, commits } of tracks) {
    for (const sha of commits) {
      for (const other of holders.get(sha) ?? []) {
        if (other === key) continue;
        const byOther = shared.get(key) ?? new Map<string, string[]>();
        byOther.set(other, [...(byOther.get(other) ?? []), sha]);
        shared.set(key, byOther);
      }
    }
  }
  return shared;
}

/**
 * The tracks whose shared commits this track took rather than made: it never moved its branch to one of them by its
 * own work (`authored`, from its reflog). Having made any of them keeps them all: a reflog names only the tips a
 * branch stood on, not each commit a rebase or a series of commits made on the way.
 */
export function tracksTakenFrom(
  shared: ReadonlyMap<string, readonly string[]>,
  authored: ReadonlySet<string>,
): string[] {
  // No reflog (none kept, or nothing made on the branch yet) says nothing: every file stays charged, as before.
  if (authored.size === 0) return [];
  return [...shared.entries()]
    .filter(([, commits]) => !commits.some((sha) => authored.has(sha)))
    .map(([key]) => key)
    .sort();
}

/**
 * Committed paths the track's own commits did not change (`ownCommitted`): they came with the commits it took. A path
 * with uncommitted changes stays the track's.
 */
export function inheritedPaths(files: readonly ChangedFile[], ownCommitted: ReadonlySet<string>): string[] {
  return files.filter((f) => f.committed && !f.uncommitted && !ownCommitted.has(f.path)).map((f) => f.path);
}
