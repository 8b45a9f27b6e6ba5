// Scope conflicts at run time: a track touching a path outside its contract or inside another's, and the seed's
// resolution of it (who wins, what is paused, the steps to record). Pure.

import { isFinished } from "../phases/track-lifecycle";
import type { Severity, TrackStatus } from "../types";
import { bestGlob, progressOf, rankConflictTracks, type TrackVerdict } from "./conflict-ranking";
import type { ConflictTrack, ResolutionCriterion } from "./conflict-types";
import { normalisePath } from "./glob-intersection";
import { isInScope } from "./scope-match";

export type { ConflictTrack, ResolutionCriterion };

/** Outside the track's own contract, or inside another track's. */
export type ScopeConflictKind = "out-of-scope" | "overlapping-work";

/** One detected conflict, as recorded and shown to the lead. */
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

/** A track that has not ended (running, paused, or requeued and waiting to go on): its touches stand for its work. */
const isUnderway = (status: TrackStatus): boolean => !isFinished(status);

/**
 * A conflict when `track` touches `touchedPath` (relative to the plan's workdir) outside its own scope
 * (high) or inside another track's scope (overlapping work: critical while that track is running, else high).
 * `touchedBy`: the tracks that touched the path before in this run. A path outside every scope that another
 * running or paused track touched already is overlapping work between the two as well: no contract separates them,
 * so the seed's order (or the lead) decides.
 */
export function detectScopeViolation(
  track: ConflictTrack,
  touchedPath: string,
  allTracks: readonly ConflictTrack[],
  touchedBy: readonly string[] = [],
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
    const touchers = allTracks.filter(
      (t) => t.key !== track.key && touchedBy.includes(t.key) && isUnderway(t.status),
    );
    if (touchers.length > 0) {
      const toucherText = touchers.map((t) => `${t.key} (${t.status})`).join(", ");
      return {
        kind: "overlapping-work",
        severity: touchers.some((t) => isActive(t.status)) ? "critical" : "high",
        trackKey: track.key,
        path,
        otherTrackKeys: touchers.map((t) => t.key),
        message: `track ${track.key} touched ${path}, outside its scope contract (${track.scope.join(", ") || "empty"}) and no track's scope covers it; ${toucherText} touched it before`,
      };
    }
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

/**
 * "pause-loser": the losing track is running and is paused; "keep-loser-paused": it is already paused and stays so
 * until the lead resumes it; "record-only": the loser is not running, so there is nothing to pause;
 * "escalate": no criterion separates the tracks, both hold and the lead decides.
 */
export type ResolutionAction = "pause-loser" | "keep-loser-paused" | "record-only" | "escalate";

/** The decision on a conflict with the seed's steps spelled out, so the record shows how it was reached. */
export type ConflictResolution = {
  winner: string | null;
  loser: string | null;
  action: ResolutionAction;
  decidedBy: ResolutionCriterion;
  reason: string;
  steps: ResolutionStep[];
};

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

function compareTracks(path: string, a: ConflictTrack, b: ConflictTrack): TrackVerdict | null {
  return rankConflictTracks([path], a, b);
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
