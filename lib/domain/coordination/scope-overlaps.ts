// Plan-time warnings: which tracks' scope contracts can both claim some path, before anything runs. Pure.
import { globsIntersect, normalisePath } from "./glob-intersection";
import { positiveGlobs } from "./scope-match";

/** Two tracks whose scope contracts can both claim some path. */
export type ScopeOverlap = { a: string; b: string; globA: string; globB: string };

/**
 * Pairs of tracks whose globs can match a common path, one entry per overlapping glob pair.
 * Exact intersection of the glob languages (braces expanded, character classes treated as any one
 * character), so it may warn where a character class rules an overlap out, but never misses one.
 * A negated glob of the form "!dir/**" removes overlaps that lie wholly under dir; other negations are
 * ignored here (they may leave a warning), though they still narrow the scope at run time.
 */
export function findScopeOverlaps(
  tracks: readonly { key: string; scope: readonly string[] }[],
): ScopeOverlap[] {
  const overlaps: ScopeOverlap[] = [];
  for (let i = 0; i < tracks.length; i++) {
    for (let j = i + 1; j < tracks.length; j++) {
      const a = tracks[i]!;
      const b = tracks[j]!;
      for (const globA of positiveGlobs(a.scope)) {
        for (const globB of positiveGlobs(b.scope)) {
          if (!globsIntersect(globA, globB)) continue;
          if (isExcludedDir(a.scope, globB) || isExcludedDir(b.scope, globA)) continue;
          overlaps.push({ a: a.key, b: b.key, globA, globB });
        }
      }
    }
  }
  return overlaps;
}

/** True when a negated "!dir/**" (or "!dir") in `scope` excludes everything `glob` can match. */
function isExcludedDir(scope: readonly string[], glob: string): boolean {
  const g = normalisePath(glob);
  return scope
    .filter((n) => n.startsWith("!"))
    .map((n) => normalisePath(n.slice(1)).replace(/\/\*\*$/, ""))
    .filter((dir) => dir !== "" && !/[*?[\]{}()!+@]/.test(dir))
    .some((dir) => g === dir || g.startsWith(`${dir}/`));
}
