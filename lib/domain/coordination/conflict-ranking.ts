// The seed's order for settling a conflict between two tracks: agent tier, work priority, progress invested, then
// scope-contract clarity; and the "assess" words that show each track's standing. Pure.

import type { AgentTier, Priority } from "../types";
import { possessive } from "../wording";
import type { ConflictTrack, ResolutionCriterion } from "./conflict-types";
import { globSpecificity, matchingGlobs } from "./scope-match";

const TIER_RANK: Record<AgentTier, number> = { primary: 1, "sub-agent": 0 };
const PRIORITY_RANK: Record<Priority, number> = { critical: 2, standard: 1, low: 0 };

/** Who wins a conflict by the seed's order, by which criterion, and why. */
export type TrackVerdict = {
  winner: ConflictTrack;
  loser: ConflictTrack;
  criterion: Exclude<ResolutionCriterion, "tie">;
  reason: string;
};

/**
 * The seed's order between two tracks contesting `paths`: agent tier, work priority, progress invested, then scope
 * clarity (more of the paths in scope, then more specific globs). Null when no criterion separates them.
 */
export function rankConflictTracks(
  paths: readonly string[],
  a: ConflictTrack,
  b: ConflictTrack,
): TrackVerdict | null {
  const pick = (
    aWins: boolean,
    criterion: TrackVerdict["criterion"],
    reason: (w: ConflictTrack, l: ConflictTrack) => string,
  ) => {
    const [winner, loser] = aWins ? [a, b] : [b, a];
    return { winner, loser, criterion, reason: reason(winner, loser) };
  };
  if (a.tier !== b.tier) {
    return pick(
      TIER_RANK[a.tier] > TIER_RANK[b.tier],
      "tier",
      (w, l) => `${w.key} is a ${w.tier} agent, ${l.key} a ${l.tier}`,
    );
  }
  if (a.priority !== b.priority) {
    return pick(
      PRIORITY_RANK[a.priority] > PRIORITY_RANK[b.priority],
      "priority",
      (w, l) => `${w.key} has ${w.priority} priority, ${l.key} ${l.priority}`,
    );
  }
  const pa = progressOf(a);
  const pb = progressOf(b);
  if (pa !== pb) {
    return pick(
      pa > pb,
      "progress",
      (w, l) => `${w.key} has more work invested (${progressOf(w)} % vs ${progressOf(l)} %)`,
    );
  }
  const [path] = paths;
  if (paths.length === 1 && path !== undefined) {
    const sa = scopeClarity(a, path);
    const sb = scopeClarity(b, path);
    if (sa === sb) return null;
    return pick(sa > sb, "scope-clarity", (w, l) => {
      const wGlob = bestGlob(w, path);
      const lGlob = bestGlob(l, path);
      return lGlob === null
        ? `${path} is in ${possessive(w.key)} scope (${wGlob}) and not in ${possessive(l.key)}`
        : `${possessive(w.key)} glob ${wGlob} names ${path} more specifically than ${possessive(l.key)} ${lGlob}`;
    });
  }
  const ca = coverage(a, paths);
  const cb = coverage(b, paths);
  if (ca.inScope !== cb.inScope) {
    return pick(
      ca.inScope > cb.inScope,
      "scope-clarity",
      (w, l) =>
        `${possessive(w.key)} scope covers ${coverage(w, paths).inScope} of the ${paths.length} files, ${possessive(l.key)} ${coverage(l, paths).inScope}`,
    );
  }
  if (ca.specificity !== cb.specificity) {
    return pick(
      ca.specificity > cb.specificity,
      "scope-clarity",
      (w, l) =>
        `${possessive(w.key)} globs name the ${paths.length} files more specifically than ${possessive(l.key)}`,
    );
  }
  return null;
}

/** How many of the paths a track's scope covers, and how specifically (sum of its best globs' specificity). */
function coverage(track: ConflictTrack, paths: readonly string[]): { inScope: number; specificity: number } {
  let inScope = 0;
  let specificity = 0;
  for (const path of paths) {
    const clarity = scopeClarity(track, path);
    if (clarity >= 0) {
      inScope++;
      specificity += clarity;
    }
  }
  return { inScope, specificity };
}

/** The seed's criteria for each track over the contested paths, for the "assess" step of a conflict record. */
export function describeAssessment(paths: readonly string[], tracks: readonly ConflictTrack[]): string {
  const each = (what: (t: ConflictTrack) => string) => tracks.map((t) => `${t.key}=${what(t)}`).join(", ");
  const match = (t: ConflictTrack) => {
    const globs = [...new Set(paths.map((p) => bestGlob(t, p)).filter((g): g is string => g !== null))];
    return globs.length === 0 ? "none" : `${globs.join(" ")} (${coverage(t, paths).inScope}/${paths.length})`;
  };
  return [
    `tier ${each((t) => t.tier)}`,
    `priority ${each((t) => t.priority)}`,
    `progress ${each((t) => `${progressOf(t)} %`)}`,
    `scope match ${each(match)}`,
  ].join("; ");
}

/** Completed work counts as 100 % even if the last report said less. */
export function progressOf(track: ConflictTrack): number {
  if (track.status === "completed") return 100;
  return track.progressPercent ?? 0;
}

/** -1 when the path is outside the track's scope, else the specificity of its most specific matching glob. */
function scopeClarity(track: ConflictTrack, path: string): number {
  const glob = bestGlob(track, path);
  return glob === null ? -1 : globSpecificity(glob);
}

/** The track's most specific glob that matches the path (null when outside its scope), named in the reasons. */
export function bestGlob(track: ConflictTrack, path: string): string | null {
  let best: string | null = null;
  for (const glob of matchingGlobs(track.scope, path)) {
    if (best === null || globSpecificity(glob) > globSpecificity(best)) best = glob;
  }
  return best;
}
