// Scope contracts (path globs): plan-time overlap warnings, runtime violations, and the seed's resolution order. Pure.
import picomatch from "picomatch";
import { globsIntersect, normalisePath } from "./glob-intersection";
import type { AgentTier, Priority, Severity, TrackStatus } from "./types";

export { expandBraces, globsIntersect, normalisePath } from "./glob-intersection";

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

/** `path` relative to `root` when it lies under it (for absolute paths reported by watchers), else unchanged. */
export function toScopePath(path: string, root: string): string {
  const p = normalisePath(path);
  const r = normalisePath(root);
  if (r !== "" && r !== "." && p.startsWith(`${r}/`)) return p.slice(r.length + 1);
  return p;
}

/** True when `path` (relative to the plan's workdir) is inside the scope contract. */
export function isInScope(scope: readonly string[], path: string): boolean {
  return matchingGlobs(scope, path).length > 0;
}

/** The positive globs of `scope` that match `path`, or none when a negated glob excludes it. */
export function matchingGlobs(scope: readonly string[], path: string): string[] {
  const p = normalisePath(path);
  const negated = scope.filter((g) => g.startsWith("!")).map((g) => g.slice(1));
  // dot: true because a contract over "src/**" owns "src/.env" as much as "src/index.ts".
  if (negated.length > 0 && picomatch(negated, { dot: true })(p)) return [];
  return positiveGlobs(scope).filter((g) => picomatch(g, { dot: true })(p));
}

/** How precisely a glob names its paths: literal path segments first, then literal characters. */
export function globSpecificity(glob: string): number {
  const segments = normalisePath(glob).split("/");
  let literalSegments = 0;
  let literalChars = 0;
  for (const segment of segments) {
    if (!/[*?[\]{}()!+@]/.test(segment)) literalSegments++;
    literalChars += segment.replace(/[*?[\]{}()!+@]/g, "").length;
  }
  return literalSegments * 1000 + literalChars;
}

/** What the conflict checks need to know about a track. */
export type ConflictTrack = {
  key: string;
  scope: readonly string[];
  status: TrackStatus;
  tier: AgentTier;
  priority: Priority;
  /** Last reported progress (0–100); null when the track has not reported. */
  progressPercent: number | null;
};

export type ScopeConflictKind = "out-of-scope" | "overlapping-work";

export type ScopeConflict = {
  kind: ScopeConflictKind;
  severity: Severity;
  /** The track that touched the path. */
  trackKey: string;
  path: string;
  /** Other tracks whose scope contract covers the path. */
  otherTrackKeys: string[];
  message: string;
};

const isActive = (status: TrackStatus): boolean => status === "running";

/**
 * A conflict when `track` touches `touchedPath` (relative to the plan's workdir) outside its own scope
 * (high) or inside another track's scope (overlapping work: critical while that track is running, else high).
 */
export function detectScopeViolation(
  track: ConflictTrack,
  touchedPath: string,
  allTracks: readonly ConflictTrack[],
): ScopeConflict | null {
  const path = normalisePath(touchedPath);
  const owners = allTracks.filter((t) => t.key !== track.key && isInScope(t.scope, path));
  if (owners.length > 0) {
    const running = owners.filter((t) => isActive(t.status));
    const ownList = isInScope(track.scope, path) ? "inside its own scope and " : "";
    const ownerText = owners.map((t) => `${t.key} (${t.status})`).join(", ");
    return {
      kind: "overlapping-work",
      severity: running.length > 0 ? "critical" : "high",
      trackKey: track.key,
      path,
      otherTrackKeys: owners.map((t) => t.key),
      message: `track ${track.key} touched ${path}, ${ownList}inside the scope of ${ownerText}`,
    };
  }
  if (!isInScope(track.scope, path)) {
    return {
      kind: "out-of-scope",
      severity: "high",
      trackKey: track.key,
      path,
      otherTrackKeys: [],
      message: `track ${track.key} touched ${path}, outside its scope contract (${track.scope.join(", ") || "empty"})`,
    };
  }
  return null;
}

/** The seed's conflict resolution process, in order. */
export type ResolutionStepName = "detect" | "pause" | "assess" | "resolve" | "implement" | "log";
export type ResolutionStep = { step: ResolutionStepName; text: string };

/** Which of the seed's criteria settled the conflict ("tie": none did; the lead decides). */
export type ResolutionCriterion = "tier" | "priority" | "progress" | "scope-clarity" | "tie";

/**
 * "pause-loser": the losing track is running and is paused; "keep-loser-paused": it is already paused and stays so
 * until the lead resumes it; "record-only": the loser is not running, so there is nothing to pause;
 * "escalate": no criterion separates the tracks, both hold and the lead decides.
 */
export type ResolutionAction = "pause-loser" | "keep-loser-paused" | "record-only" | "escalate";

export type ConflictResolution = {
  winner: string | null;
  loser: string | null;
  action: ResolutionAction;
  decidedBy: ResolutionCriterion;
  reason: string;
  steps: ResolutionStep[];
};

const TIER_RANK: Record<AgentTier, number> = { primary: 1, "sub-agent": 0 };
const PRIORITY_RANK: Record<Priority, number> = { critical: 2, standard: 1, low: 0 };

/**
 * Decides a conflict between tracks `a` and `b` by the seed's criteria in order: agent tier (primary > sub-agent),
 * work priority (critical > standard > low), progress invested (preserve completed work), scope-contract clarity
 * (the path is in the winner's scope, or matches its more specific glob).
 */
export function decideConflictResolution(
  conflict: ScopeConflict,
  a: ConflictTrack,
  b: ConflictTrack,
): ConflictResolution {
  const verdict = compareTracks(conflict.path, a, b);
  const detect = {
    step: "detect" as const,
    text: `${conflict.severity} ${conflict.kind} conflict: ${conflict.message}`,
  };
  const assess = {
    step: "assess" as const,
    text: [
      `tier ${a.key}=${a.tier}, ${b.key}=${b.tier}`,
      `priority ${a.key}=${a.priority}, ${b.key}=${b.priority}`,
      `progress ${a.key}=${progressOf(a)} %, ${b.key}=${progressOf(b)} %`,
      `scope match ${a.key}=${describeMatch(a, conflict.path)}, ${b.key}=${describeMatch(b, conflict.path)}`,
    ].join("; "),
  };
  if (verdict === null) {
    const reason = "no criterion separates the tracks (same tier, priority, progress and scope clarity)";
    return {
      winner: null,
      loser: null,
      action: "escalate",
      decidedBy: "tie",
      reason,
      steps: [
        detect,
        { step: "pause", text: `pause the conflicting work of ${runningKeys([a, b])}` },
        assess,
        { step: "resolve", text: `${reason}; the lead decides` },
        { step: "implement", text: "keep both tracks held on the conflicting path until the lead rules" },
        { step: "log", text: `record the conflict on ${conflict.path} as escalated to the lead` },
      ],
    };
  }
  const { winner, loser, criterion, reason } = verdict;
  const action: ResolutionAction =
    loser.status === "running"
      ? "pause-loser"
      : loser.status === "paused"
        ? "keep-loser-paused"
        : "record-only";
  const implement =
    action === "pause-loser"
      ? `pause ${loser.key}; ${winner.key} keeps ${conflict.path}`
      : action === "keep-loser-paused"
        ? `${loser.key} stays paused; ${winner.key} keeps ${conflict.path}`
        : `${loser.key} is ${loser.status}, nothing to pause; ${winner.key} keeps ${conflict.path}`;
  return {
    winner: winner.key,
    loser: loser.key,
    action,
    decidedBy: criterion,
    reason,
    steps: [
      detect,
      { step: "pause", text: `pause the conflicting work of ${runningKeys([a, b])}` },
      assess,
      { step: "resolve", text: `${winner.key} wins by ${criterion}: ${reason}` },
      { step: "implement", text: implement },
      {
        step: "log",
        text: `record: ${conflict.path} → ${winner.key}; ${loser.key} ${actionWord(action)} (${criterion})`,
      },
    ],
  };
}

/** Who wins a conflict by the seed's order, by which criterion, and why. */
export type TrackVerdict = {
  winner: ConflictTrack;
  loser: ConflictTrack;
  criterion: Exclude<ResolutionCriterion, "tie">;
  reason: string;
};

function compareTracks(path: string, a: ConflictTrack, b: ConflictTrack): TrackVerdict | null {
  return rankConflictTracks([path], a, b);
}

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
        ? `${path} is in ${w.key}'s scope (${wGlob}) and not in ${l.key}'s`
        : `${w.key}'s glob ${wGlob} names ${path} more specifically than ${l.key}'s ${lGlob}`;
    });
  }
  const ca = coverage(a, paths);
  const cb = coverage(b, paths);
  if (ca.inScope !== cb.inScope) {
    return pick(
      ca.inScope > cb.inScope,
      "scope-clarity",
      (w, l) =>
        `${w.key}'s scope covers ${coverage(w, paths).inScope} of the ${paths.length} files, ${l.key}'s ${coverage(l, paths).inScope}`,
    );
  }
  if (ca.specificity !== cb.specificity) {
    return pick(
      ca.specificity > cb.specificity,
      "scope-clarity",
      (w, l) => `${w.key}'s globs name the ${paths.length} files more specifically than ${l.key}'s`,
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
function progressOf(track: ConflictTrack): number {
  if (track.status === "completed") return 100;
  return track.progressPercent ?? 0;
}

/** -1 when the path is outside the track's scope, else the specificity of its most specific matching glob. */
function scopeClarity(track: ConflictTrack, path: string): number {
  const glob = bestGlob(track, path);
  return glob === null ? -1 : globSpecificity(glob);
}

function bestGlob(track: ConflictTrack, path: string): string | null {
  let best: string | null = null;
  for (const glob of matchingGlobs(track.scope, path)) {
    if (best === null || globSpecificity(glob) > globSpecificity(best)) best = glob;
  }
  return best;
}

function describeMatch(track: ConflictTrack, path: string): string {
  return bestGlob(track, path) ?? "none";
}

function runningKeys(tracks: ConflictTrack[]): string {
  const running = tracks.filter((t) => t.status === "running").map((t) => t.key);
  return running.length > 0 ? running.join(" and ") : "neither track (none running)";
}

function actionWord(action: ResolutionAction): string {
  switch (action) {
    case "pause-loser":
      return "paused";
    case "keep-loser-paused":
      return "kept paused";
    case "record-only":
      return "not running, recorded only";
    case "escalate":
      return "escalated";
  }
}

function positiveGlobs(scope: readonly string[]): string[] {
  return scope.filter((g) => g.trim() !== "" && !g.startsWith("!")).map(normalisePath);
}
