// Conflicts from what tracks really changed (git), handled by the seed's protocol: detect, pause, assess by tier >
// priority > progress > scope clarity, recommend a resolution with its reasons. Pure.

import type { Severity } from "../types";
import { possessive } from "../wording";
import {
  count,
  endedNote,
  escalate,
  finish,
  hasEnded,
  list,
  pauseText,
  resumeText,
} from "./change-conflict-steps";
import type {
  ChangeConflict,
  ChangedFile,
  ConflictRecommendation,
  MergePrediction,
  TrackChanges,
} from "./change-conflict-types";
import { describeAssessment, rankConflictTracks } from "./conflict-ranking";
import type { ConflictTrack } from "./conflicts";
import { normalisePath } from "./glob-intersection";
import { isInScope } from "./scope-match";

export type {
  ChangeConflict,
  ChangeConflictKind,
  ChangedFile,
  ConflictFileEvidence,
  ConflictRecommendation,
  MergePrediction,
  ResolutionOption,
  ScopeChange,
  TrackChanges,
} from "./change-conflict-types";

export type DetectChangeConflictsInput = {
  /** Tracks with their changes, in plan order (ties are broken by it). */
  tracks: readonly TrackChanges[];
  /** Pairwise merge-tree results between their branches. */
  predictions: readonly MergePrediction[];
  /** The plan's workdir relative to the repository root, where scope globs are anchored ("" = the root). */
  scopeRoot?: string;
};

const isActive = (t: ConflictTrack) => t.status === "running" || t.status === "paused";
/** Completed, failed or stopped: there is nothing to resume or pause, only the branch to rebase before integration. */

/**
 * Every conflict the changes show: scope violations (files outside the track's contract; critical when they lie in
 * another active track's scope), predicted conflicts (merge-tree found textual conflicts; critical while either
 * track is active), overlaps (both tracks changed a file both contracts cover; medium when the merge is clean).
 */
export function detectChangeConflicts(input: DetectChangeConflictsInput): ChangeConflict[] {
  const root = normalisePath(input.scopeRoot ?? "").replace(/^\.$/, "");
  const toScope = (path: string): string | null =>
    root === "" ? path : path.startsWith(`${root}/`) ? path.slice(root.length + 1) : null;
  const inScope = (track: ConflictTrack, path: string) => {
    const scoped = toScope(path);
    return scoped !== null && isInScope(track.scope, scoped);
  };
  const own = new Map<string, Map<string, ChangedFile>>();
  for (const { track, files, received = [] } of input.tracks) {
    const skip = new Set(received.map(normalisePath));
    const mine = new Map<string, ChangedFile>();
    for (const file of files) {
      const path = normalisePath(file.path);
      if (!skip.has(path)) mine.set(path, file);
    }
    own.set(track.key, mine);
  }
  const tracks = input.tracks.map((t) => t.track);
  const ctx: Context = { tracks, own, inScope, toScope };

  const violations = tracks.flatMap((t) => {
    const conflict = detectViolation(ctx, t);
    return conflict ? [conflict] : [];
  });
  const violated = new Map(violations.map((v) => [v.trackKeys[0]!, new Set(v.files)]));
  const predicted: ChangeConflict[] = [];
  const overlaps: ChangeConflict[] = [];
  for (let i = 0; i < tracks.length; i++) {
    for (let j = i + 1; j < tracks.length; j++) {
      const a = tracks[i]!;
      const b = tracks[j]!;
      const prediction = input.predictions.find(
        (p) => (p.a === a.key && p.b === b.key) || (p.a === b.key && p.b === a.key),
      );
      if (prediction?.state === "conflicts") predicted.push(predictedConflict(ctx, a, b, prediction));
      const conflicting = new Set(
        prediction?.state === "conflicts" ? prediction.files.map(normalisePath) : [],
      );
      const shared = [...own.get(a.key)!.keys()].filter(
        (path) =>
          own.get(b.key)!.has(path) &&
          !conflicting.has(path) &&
          !violated.get(a.key)?.has(path) &&
          !violated.get(b.key)?.has(path),
      );
      if (shared.length > 0) overlaps.push(overlapConflict(ctx, a, b, shared, prediction?.state === "clean"));
    }
  }
  return [...violations, ...predicted, ...overlaps];
}

type Context = {
  tracks: readonly ConflictTrack[];
  own: Map<string, Map<string, ChangedFile>>;
  inScope: (track: ConflictTrack, path: string) => boolean;
  toScope: (path: string) => string | null;
};

function detectViolation(ctx: Context, track: ConflictTrack): ChangeConflict | null {
  const files = [...ctx.own.get(track.key)!.keys()].filter((path) => !ctx.inScope(track, path)).sort();
  if (files.length === 0) return null;
  const others = ctx.tracks.filter((t) => t.key !== track.key);
  const ownersOf = (path: string) => others.filter((t) => ctx.inScope(t, path));
  const owners = others.filter((t) => files.some((path) => ctx.inScope(t, path)));
  const critical = files.some((path) => ownersOf(path).some(isActive));
  const touchingOwners = owners.filter((o) => files.some((path) => ctx.own.get(o.key)!.has(path)));
  const involved = [track, ...touchingOwners];
  const ownerText =
    owners.length === 0
      ? "no track's scope covers them"
      : `they lie in the scope of ${owners.map((o) => `${o.key} (${o.status})`).join(", ")}`;
  const message = `track ${track.key} changed ${count(files.length, "file")} outside its scope contract (${track.scope.join(", ") || "empty"}): ${list(files)}; ${ownerText}`;
  const base = {
    key: `scope-violation:${track.key}`,
    kind: "scope-violation" as const,
    severity: (critical ? "critical" : "high") as Severity,
    trackKeys: involved.map((t) => t.key),
    files,
    message,
    evidence: evidence(ctx, files, involved, new Map()),
    pause: involved.filter((t) => t.status === "running").map((t) => t.key),
  };
  return { ...base, recommendation: recommendForViolation(ctx, track, owners, files, base) };
}

function recommendForViolation(
  ctx: Context,
  track: ConflictTrack,
  owners: readonly ConflictTrack[],
  files: readonly string[],
  conflict: Pick<ChangeConflict, "severity" | "message" | "pause">,
): ConflictRecommendation {
  const scoped = files.map(ctx.toScope);
  const steps = (assess: readonly ConflictTrack[]) => ({
    detect: `${conflict.severity} scope violation: ${conflict.message}`,
    pause: pauseText(conflict.pause),
    assess: describeAssessment(files, assess),
  });
  if (owners.length === 0) {
    if (scoped.some((p) => p === null)) {
      const reason = `some of the files lie outside the plan's workdir, where no scope contract can reach: ${list(files.filter((_, i) => scoped[i] === null))}`;
      return escalate(steps([track]), [track], reason, files);
    }
    const add = scoped.filter((p): p is string => p !== null);
    const reason = `no track's scope contract covers ${list(files)}: widening ${possessive(track.key)} scope to them takes nothing from anyone`;
    return finish(steps([track]), [track], {
      option: "widen-scope",
      resume: [track.key],
      hold: [],
      scopeChanges: [{ trackKey: track.key, add }],
      decidedBy: "scope-clarity",
      reason,
      implement: `add ${add.join(", ")} to ${possessive(track.key)} scope${hasEnded(track) ? ` (${track.key} has ended: nothing to resume)` : " and resume it"}`,
      log: `record: ${possessive(track.key)} scope widened to ${list(files)}`,
    });
  }
  // The strongest owner by the seed's order stands for the contract the violator crossed.
  const owner = owners.reduce((best, next) =>
    rankConflictTracks(files, best, next)?.winner === next ? next : best,
  );
  const verdict = rankConflictTracks(files, track, owner);
  const s = steps([track, owner]);
  const involved = [track, ...owners];
  if (verdict === null) {
    return escalate(s, involved, `no criterion separates ${track.key} and ${owner.key}`, files);
  }
  if (verdict.winner.key === owner.key) {
    const holdText = hasEnded(track)
      ? `${track.key} has ended: it reverts or rebases its changes to ${list(files)} before integration`
      : `keep ${track.key} paused until its branch no longer changes ${list(files)}`;
    return finish(s, involved, {
      option: "keep-paused-until-rebase",
      resume: owners.map((o) => o.key),
      hold: [track.key],
      scopeChanges: [],
      decidedBy: verdict.criterion,
      reason: `${owner.key} wins by ${verdict.criterion}: ${verdict.reason}; ${track.key} reverts or rebases its changes to ${list(files)} ${hasEnded(track) ? "before integration" : "before it resumes"}${endedNote(involved)}`,
      implement: [resumeText(owners), holdText].filter(Boolean).join("; "),
      log: `record: ${list(files)} stay with ${owner.key}; ${track.key} ${hasEnded(track) ? "rebases before integration" : "held"} (${verdict.criterion})`,
    });
  }
  const add = scoped.filter((p): p is string => p !== null);
  return finish(s, involved, {
    option: "reassign-files",
    resume: [track.key, ...owners.map((o) => o.key)],
    hold: [],
    scopeChanges: [
      { trackKey: track.key, add },
      ...owners.map((o) => ({
        trackKey: o.key,
        add: add.filter((p) => isInScope(o.scope, p)).map((p) => `!${p}`),
      })),
    ],
    decidedBy: verdict.criterion,
    reason: `${track.key} wins by ${verdict.criterion}: ${verdict.reason}; the files move into its scope and out of ${owners.map((o) => possessive(o.key)).join(", ")}${endedNote(involved)}`,
    implement: `move ${list(files)} to ${possessive(track.key)} scope, exclude them from ${owners.map((o) => possessive(o.key)).join(", ")}; ${resumeText(involved, "all") ?? "nothing to resume (the tracks have ended)"}`,
    log: `record: ${list(files)} reassigned to ${track.key} (${verdict.criterion})`,
  });
}

function predictedConflict(
  ctx: Context,
  a: ConflictTrack,
  b: ConflictTrack,
  prediction: Extract<MergePrediction, { state: "conflicts" }>,
): ChangeConflict {
  const files = [...new Set(prediction.files.map(normalisePath))].sort();
  const messages = new Map<string, string[]>();
  for (const m of prediction.messages ?? []) {
    for (const path of m.paths) messages.set(path, [...(messages.get(path) ?? []), m.message]);
  }
  const pause = [a, b].filter((t) => t.status === "running").map((t) => t.key);
  const severity: Severity = isActive(a) || isActive(b) ? "critical" : "high";
  const message = `merging ${a.key} and ${b.key} would conflict in ${list(files.length > 0 ? files : ["(git named no file)"])}`;
  const s = {
    detect: `${severity} predicted conflict: ${message}`,
    pause: pauseText(pause),
    assess: describeAssessment(files, [a, b]),
  };
  const verdict = rankConflictTracks(files, a, b);
  const recommendation =
    verdict === null
      ? escalate(s, [a, b], `no criterion separates ${a.key} and ${b.key}`, files)
      : finish(s, [a, b], {
          option: "keep-paused-until-rebase",
          resume: [verdict.winner.key],
          hold: [verdict.loser.key],
          scopeChanges: [],
          decidedBy: verdict.criterion,
          reason: `${verdict.winner.key} wins by ${verdict.criterion}: ${verdict.reason}; ${verdict.loser.key} rebases onto ${possessive(verdict.winner.key)} branch and resolves ${list(files)} ${hasEnded(verdict.loser) ? "before integration" : "before it resumes"}${endedNote([a, b])}`,
          implement: [
            resumeText([verdict.winner]),
            hasEnded(verdict.loser)
              ? `${verdict.loser.key} has ended: it rebases onto ${possessive(verdict.winner.key)} branch before integration`
              : `keep ${verdict.loser.key} paused until it has rebased`,
          ]
            .filter(Boolean)
            .join("; "),
          log: `record: ${hasEnded(verdict.winner) ? "" : `${verdict.winner.key} goes on, `}${verdict.loser.key} rebases (${verdict.criterion})`,
        });
  return {
    key: `predicted-conflict:${a.key}+${b.key}`,
    kind: "predicted-conflict",
    severity,
    trackKeys: [a.key, b.key],
    files,
    message,
    evidence: evidence(ctx, files, [a, b], messages),
    pause,
    recommendation,
  };
}

function overlapConflict(
  ctx: Context,
  a: ConflictTrack,
  b: ConflictTrack,
  shared: readonly string[],
  mergesCleanly: boolean,
): ChangeConflict {
  const files = [...shared].sort();
  const pause = [a, b].filter((t) => t.status === "running").map((t) => t.key);
  const severity: Severity = mergesCleanly ? "medium" : "high";
  const message = `${a.key} and ${b.key} both changed ${list(files)}${mergesCleanly ? " (their branches still merge cleanly)" : ""}`;
  const s = {
    detect: `${severity} overlapping work: ${message}`,
    pause: pauseText(pause),
    assess: describeAssessment(files, [a, b]),
  };
  const verdict = rankConflictTracks(files, a, b);
  const scoped = files.map(ctx.toScope).filter((p): p is string => p !== null);
  const recommendation =
    verdict === null
      ? escalate(s, [a, b], `no criterion separates ${a.key} and ${b.key}`, files)
      : finish(s, [a, b], {
          option: "reassign-files",
          resume: [a.key, b.key],
          hold: [],
          scopeChanges: [
            { trackKey: verdict.winner.key, add: scoped.filter((p) => !isInScope(verdict.winner.scope, p)) },
            {
              trackKey: verdict.loser.key,
              add: scoped.filter((p) => isInScope(verdict.loser.scope, p)).map((p) => `!${p}`),
            },
          ].filter((change) => change.add.length > 0),
          decidedBy: verdict.criterion,
          reason: `${verdict.winner.key} wins by ${verdict.criterion}: ${verdict.reason}; ${verdict.winner.key} keeps ${list(files)}, ${verdict.loser.key} leaves them from now on${endedNote([a, b])}`,
          implement: `exclude ${list(files)} from ${possessive(verdict.loser.key)} scope; ${resumeText([a, b], "both") ?? "nothing to resume (both tracks have ended)"}`,
          log: `record: ${list(files)} → ${verdict.winner.key} (${verdict.criterion})`,
        });
  return {
    key: `overlap:${a.key}+${b.key}`,
    kind: "overlap",
    severity,
    trackKeys: [a.key, b.key],
    files,
    message,
    evidence: evidence(ctx, files, [a, b], new Map()),
    pause,
    recommendation,
  };
}

function evidence(
  ctx: Context,
  files: readonly string[],
  involved: readonly ConflictTrack[],
  messages: Map<string, string[]>,
): ChangeConflict["evidence"] {
  return {
    files: files.map((path) => ({
      path,
      changes: involved.flatMap((t) => {
        const change = ctx.own.get(t.key)?.get(path);
        return change
          ? [
              {
                trackKey: t.key,
                committed: change.committed,
                uncommitted: change.uncommitted,
                added: change.added,
                removed: change.removed,
              },
            ]
          : [];
      }),
      owners: ctx.tracks.filter((t) => ctx.inScope(t, path)).map((t) => t.key),
      mergeMessages: messages.get(path) ?? [],
    })),
    scopes: Object.fromEntries(involved.map((t) => [t.key, [...t.scope]])),
  };
}
