// What a poll's detections mean against the conflicts already on record, and what the lead's choice sets in motion.
// Pure: the engine pauses, resumes, rewrites scopes and records events from these answers.

import { possessive } from "../wording";
import type { ChangeConflict, ConflictRecommendation, ScopeChange } from "./change-conflicts";
import { normalisePath } from "./glob-intersection";
import { isInScope } from "./scope-match";

/** A conflict already on record: open (waiting for the lead), resolved, or dismissed as acceptable. */
export type KnownConflict = {
  key: string;
  files: readonly string[];
  state: "open" | "resolved" | "dismissed";
  /** The tracks it named (a ruling on them covers its files for them under another key too). */
  trackKeys?: readonly string[];
  /** The recommendation on record: an open conflict whose detection now recommends otherwise is refreshed. */
  recommendation?: ConflictRecommendation | null;
};

export type ConflictUpdate = {
  /** New conflicts to record (and pause for): nothing on record covers their files. */
  raised: ChangeConflict[];
  /** Open conflicts that reach more files now (update the evidence; the tracks are already held). */
  grown: { conflict: ChangeConflict; newFiles: string[] }[];
  /** Keys of open conflicts no longer detected (the changes were reverted, rebased or merged). */
  cleared: string[];
  /**
   * Open conflicts on the same files whose recommendation changed (a ruling widened or reassigned a scope, a
   * track's standing moved): store the new evidence and recommendation; nobody is paused for it.
   */
  refreshed: ChangeConflict[];
};

/**
 * Compares this poll's detections with the record, so a conflict is raised (and its tracks paused) once, not on every
 * poll; a conflict the lead resolved or dismissed comes back only when it reaches files it did not cover. A scope
 * violation or overlap of files the lead already ruled on between the same tracks (under another kind: a reassignment
 * puts the loser's earlier change out of its scope) is not raised again; a predicted conflict always is.
 */
export function reconcileConflicts(
  known: readonly KnownConflict[],
  detected: readonly ChangeConflict[],
): ConflictUpdate {
  const update: ConflictUpdate = { raised: [], grown: [], cleared: [], refreshed: [] };
  for (const conflict of detected) {
    const records = known.filter((k) => k.key === conflict.key);
    const ruled =
      conflict.kind === "predicted-conflict" || conflict.files.length === 0
        ? []
        : known.filter(
            (k) =>
              k.key !== conflict.key &&
              k.state !== "open" &&
              conflict.trackKeys.every((key) => k.trackKeys?.includes(key)),
          );
    const seen = new Set([...records, ...ruled].flatMap((k) => k.files));
    const newFiles = conflict.files.filter((f) => !seen.has(f));
    const isOpen = records.some((k) => k.state === "open");
    if (records.length === 0 && ruled.length === 0) update.raised.push(conflict);
    else if (newFiles.length === 0) {
      const open = records.find((k) => k.state === "open");
      if (
        open?.recommendation !== undefined &&
        !sameRecommendation(open.recommendation, conflict.recommendation)
      )
        update.refreshed.push(conflict);
    } else if (isOpen) update.grown.push({ conflict, newFiles });
    else update.raised.push(conflict);
  }
  const detectedKeys = new Set(detected.map((c) => c.key));
  update.cleared = [
    ...new Set(known.filter((k) => k.state === "open" && !detectedKeys.has(k.key)).map((k) => k.key)),
  ];
  return update;
}

/**
 * Same advice: the same option for the same tracks and scopes, decided by the same criterion. Its reason and steps
 * aside: their words follow the tracks' progress from poll to poll.
 */
function sameRecommendation(recorded: ConflictRecommendation | null, now: ConflictRecommendation): boolean {
  if (recorded === null) return false;
  const { steps: _a, reason: _b, ...was } = recorded;
  const { steps: _c, reason: _d, ...is } = now;
  return JSON.stringify(was) === JSON.stringify(is);
}

/** The lead's ruling on a conflict, as the Conflicts page offers it. */
export type LeadResolution =
  /** One track goes on; the other stays paused until it has rebased onto it. */
  | { option: "keep-paused-until-rebase"; resume: string; hold: string }
  /** The track's scope grows by these globs (default: the conflict's files). */
  | { option: "widen-scope"; trackKey: string; globs?: string[] }
  /** The conflict's files move into this track's scope and out of the others'. */
  | { option: "reassign-files"; trackKey: string }
  /** Acceptable as it is. */
  | { option: "dismiss"; note?: string };

export type ResolutionPlan = {
  resume: string[];
  keepPaused: string[];
  scopeChanges: ScopeChange[];
  /** One line for the lead: the ruling in words (no conflict id; callers name the conflict where needed). */
  summary: string;
};

/**
 * What accepting the lead's choice does: which tracks resume, which stay paused, which scopes change. `scopes` are
 * the current contracts by track key; `scopeRoot` as for detectChangeConflicts; `ended`, the conflict's tracks that
 * have ended (the summary then neither resumes nor holds them). An error names a bad choice.
 */
export function planLeadResolution(
  conflict: ChangeConflict,
  choice: LeadResolution,
  scopes: Readonly<Record<string, readonly string[]>>,
  scopeRoot = "",
  ended: readonly string[] = conflict.recommendation.ended ?? [],
): ResolutionPlan | { error: string } {
  const involved = conflict.trackKeys;
  const worded = { trackKeys: involved, files: conflict.files, ended };
  const notInvolved = (key: string) =>
    involved.includes(key)
      ? null
      : `track ${key} is not part of conflict ${conflict.key} (${involved.join(", ")})`;
  const root = normalisePath(scopeRoot).replace(/^\.$/, "");
  const scoped = conflict.files
    .map((path) => (root === "" ? path : path.startsWith(`${root}/`) ? path.slice(root.length + 1) : null))
    .filter((p): p is string => p !== null);
  switch (choice.option) {
    case "keep-paused-until-rebase": {
      const problem = notInvolved(choice.resume) ?? notInvolved(choice.hold);
      if (problem) return { error: problem };
      if (choice.resume === choice.hold) return { error: "resume and hold must be different tracks" };
      const others = involved.filter((k) => k !== choice.hold);
      return {
        resume: others,
        keepPaused: [choice.hold],
        scopeChanges: [],
        summary: rulingText(choice, worded),
      };
    }
    case "widen-scope": {
      const problem = notInvolved(choice.trackKey);
      if (problem) return { error: problem };
      const globs = choice.globs ?? scoped;
      if (globs.length === 0) return { error: "no glob to add (the files lie outside the plan's workdir)" };
      return {
        resume: [...involved],
        keepPaused: [],
        scopeChanges: [{ trackKey: choice.trackKey, add: globs }],
        summary: rulingText(choice, worded, globs),
      };
    }
    case "reassign-files": {
      const problem = notInvolved(choice.trackKey);
      if (problem) return { error: problem };
      const target = scopes[choice.trackKey] ?? [];
      const changes: ScopeChange[] = [
        { trackKey: choice.trackKey, add: scoped.filter((p) => !isInScope(target, p)) },
        ...Object.entries(scopes)
          .filter(([key]) => key !== choice.trackKey)
          .map(([key, scope]) => ({
            trackKey: key,
            add: scoped.filter((p) => isInScope(scope, p)).map((p) => `!${p}`),
          })),
      ].filter((change) => change.add.length > 0);
      return {
        resume: [...involved],
        keepPaused: [],
        scopeChanges: changes,
        summary: rulingText(choice, worded),
      };
    }
    case "dismiss":
      return {
        resume: [...involved],
        keepPaused: [],
        scopeChanges: [],
        summary: rulingText(choice, worded),
      };
  }
}

/**
 * The ruling in one line: "B goes on, A waits until it rebases"; with tracks that have ended (`ended`), none of them
 * goes on or waits: "A rebases onto B before integration".
 */
export function rulingText(
  choice: LeadResolution,
  conflict: { trackKeys: readonly string[]; files: readonly string[]; ended?: readonly string[] },
  addedGlobs: readonly string[] = [],
): string {
  switch (choice.option) {
    case "keep-paused-until-rebase": {
      const ended = conflict.ended ?? [];
      const others = conflict.trackKeys.filter((k) => k !== choice.hold);
      const onto = others.length > 0 ? others : [choice.resume];
      const going = onto.filter((k) => !ended.includes(k));
      const goes = going.length > 0 ? `${joinKeys(going)} ${going.length === 1 ? "goes" : "go"} on, ` : "";
      const waits = ended.includes(choice.hold)
        ? `${choice.hold} rebases onto ${joinKeys(onto)} before integration`
        : `${choice.hold} waits until it rebases`;
      return `${goes}${waits}`;
    }
    case "widen-scope":
      return `${possessive(choice.trackKey)} scope widened by ${addedGlobs.join(", ") || listFiles(conflict.files)}`;
    case "reassign-files":
      return `${listFiles(conflict.files)} reassigned to ${choice.trackKey}`;
    case "dismiss":
      return `dismissed as acceptable${choice.note ? ` (${choice.note})` : ""}`;
  }
}

/** "A", "A and B", "A, B and C". */
export function joinKeys(keys: readonly string[]): string {
  if (keys.length <= 1) return keys[0] ?? "no track";
  return `${keys.slice(0, -1).join(", ")} and ${keys.at(-1)}`;
}

/** Up to three files, then how many more. */
export function listFiles(files: readonly string[]): string {
  if (files.length === 0) return "the files";
  const shown = files.slice(0, 3).join(", ");
  return files.length > 3 ? `${shown} and ${files.length - 3} more` : shown;
}

/** A track's scope after the changes: added globs appended once, in order. */
export function applyScopeChanges(
  scope: readonly string[],
  trackKey: string,
  changes: readonly ScopeChange[],
): string[] {
  const next = [...scope];
  for (const change of changes) {
    if (change.trackKey !== trackKey) continue;
    for (const glob of change.add) if (!next.includes(glob)) next.push(glob);
  }
  return next;
}
