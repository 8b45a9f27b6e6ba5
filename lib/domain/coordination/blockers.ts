// The blockers board: every blocker from agents' reports and ::blocker lines, who owns it, how it is to be resolved,
// when it was. A critical open blocker marks its track blocked and raises an alert. Pure.
import type { BlockerReport, BlockerSeverity } from "../types";

export type BlockerSource = "report" | "log-line";

export type BlockerEntry = {
  /** Position on the board, from 1; stable for the run. */
  id: number;
  /** The owner track. */
  trackKey: string;
  blocker: string;
  severity: BlockerSeverity;
  resolutionPlan: string | null;
  source: BlockerSource;
  /** ISO times. */
  raisedAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  /** "report": a later full report no longer listed it; "lead": resolved by hand. */
  resolvedBy: "report" | "lead" | null;
};

/**
 * What an agent said about its blockers. A daily status report carries the track's whole current list, so blockers
 * it no longer names are resolved; a ::blocker line only adds one. `blockers` undefined (a report without the field)
 * changes nothing.
 */
export type BlockerObservation = {
  trackKey: string;
  at: string;
  source: BlockerSource;
  blockers: readonly BlockerReport[] | undefined;
};

export type BoardChange = {
  board: BlockerEntry[];
  raised: BlockerEntry[];
  /** Open blockers whose severity or plan changed. */
  updated: BlockerEntry[];
  resolved: BlockerEntry[];
  /** Critical blockers that are new or just became critical: raise an alert. */
  alerts: BlockerEntry[];
  /** New blockers not kept, by severity: the track already had MAX_OPEN_BLOCKERS_PER_TRACK open of theirs. */
  dropped: Partial<Record<BlockerSeverity, number>>;
};

/**
 * Open blockers of one severity one track may have on the board. An agent that prints a new ::blocker line per
 * failing test would otherwise fill the board (and the lead's alerts) with thousands; past this, new ones of that
 * severity are counted, not kept, and stay in the agent's log. Per severity, so that a flood of medium ones never
 * crowds out the critical one that follows it.
 */
export const MAX_OPEN_BLOCKERS_PER_TRACK = 50;

const SEVERITY_RANK: Record<BlockerSeverity, number> = { critical: 3, high: 2, medium: 1, low: 0 };

/** The same blocker whatever its case or spacing. */
function sameText(a: string, b: string): boolean {
  const norm = (text: string) => text.trim().replace(/\s+/g, " ").toLowerCase();
  return norm(a) === norm(b);
}

/** Folds one observation into the board (returns a new board; the old one is not changed). */
export function applyBlockerObservation(
  board: readonly BlockerEntry[],
  observation: BlockerObservation,
): BoardChange {
  const change: BoardChange = {
    board: board.map((e) => ({ ...e })),
    raised: [],
    updated: [],
    resolved: [],
    alerts: [],
    dropped: {},
  };
  if (observation.blockers === undefined) return change;
  const { trackKey, at, source } = observation;
  const isOpenOfTrack = (e: BlockerEntry) => e.trackKey === trackKey && e.resolvedAt === null;
  const mentioned = new Set<number>();
  // Open ones by severity. A line adds to them; a report replaces them (what it omits is resolved below), so only
  // what it lists counts.
  const open: Record<BlockerSeverity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  if (source === "log-line") for (const e of change.board) if (isOpenOfTrack(e)) open[e.severity] += 1;
  for (const reported of observation.blockers) {
    const existing = change.board.find((e) => isOpenOfTrack(e) && sameText(e.blocker, reported.blocker));
    if (existing) {
      if (source === "report" && !mentioned.has(existing.id)) open[reported.severity] += 1;
      mentioned.add(existing.id);
    }
    if (!existing) {
      if (open[reported.severity] >= MAX_OPEN_BLOCKERS_PER_TRACK) {
        change.dropped[reported.severity] = (change.dropped[reported.severity] ?? 0) + 1;
        continue;
      }
      open[reported.severity] += 1;
      const entry: BlockerEntry = {
        id: change.board.length + 1,
        trackKey,
        blocker: reported.blocker.trim(),
        severity: reported.severity,
        resolutionPlan: reported.resolutionPlan,
        source,
        raisedAt: at,
        updatedAt: at,
        resolvedAt: null,
        resolvedBy: null,
      };
      change.board.push(entry);
      mentioned.add(entry.id);
      change.raised.push(entry);
      if (entry.severity === "critical") change.alerts.push(entry);
      continue;
    }
    const plan = reported.resolutionPlan ?? existing.resolutionPlan;
    if (existing.severity === reported.severity && existing.resolutionPlan === plan) continue;
    const becameCritical = reported.severity === "critical" && existing.severity !== "critical";
    existing.severity = reported.severity;
    existing.resolutionPlan = plan;
    existing.updatedAt = at;
    change.updated.push(existing);
    if (becameCritical) change.alerts.push(existing);
  }
  if (source === "report") {
    for (const entry of change.board) {
      if (!isOpenOfTrack(entry) || mentioned.has(entry.id)) continue;
      entry.resolvedAt = at;
      entry.resolvedBy = "report";
      entry.updatedAt = at;
      change.resolved.push(entry);
    }
  }
  return change;
}

/** The lead resolves a blocker by hand; an unknown or already resolved id changes nothing. */
export function resolveBlocker(board: readonly BlockerEntry[], id: number, at: string): BlockerEntry[] {
  return board.map((e) =>
    e.id === id && e.resolvedAt === null
      ? { ...e, resolvedAt: at, resolvedBy: "lead", updatedAt: at }
      : { ...e },
  );
}

/** Open blockers of a track, most severe first, and whether a critical one marks it blocked. */
export function trackBlockState(
  board: readonly BlockerEntry[],
  trackKey: string,
): { blocked: boolean; open: BlockerEntry[] } {
  const open = board
    .filter((e) => e.trackKey === trackKey && e.resolvedAt === null)
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id - b.id);
  return { blocked: open.some((e) => e.severity === "critical"), open };
}

/** Open blockers by severity, as the gates' evidence wants them. */
export function countOpenBySeverity(board: readonly BlockerEntry[]): Record<BlockerSeverity, number> {
  const counts: Record<BlockerSeverity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const e of board) if (e.resolvedAt === null) counts[e.severity]++;
  return counts;
}

/** The board's open blockers as the gate "No critical blockers identified" reads them. */
export type OpenBlockerCounts = {
  /** Every open blocker by severity: the same count as the board and the overview's alert. */
  bySeverity: Record<BlockerSeverity, number>;
  /** The open critical ones that sit on completed tracks (counted in `bySeverity` too), by track in board order. */
  criticalOnCompleted: readonly { trackKey: string; count: number }[];
};

/**
 * Open blockers for the gate. A completed track's open critical blocker still counts: the seed has a critical blocker
 * stop its track and wants the gate free of them, so one left open when the track completed is stale or unexplained,
 * and the lead either resolves it on the board or learns why the track completed. Named apart so the lead sees where.
 */
export function countOpenForGate(
  board: readonly BlockerEntry[],
  completedTrackKeys: ReadonlySet<string>,
): OpenBlockerCounts {
  const onCompleted = new Map<string, number>();
  for (const e of board) {
    if (e.resolvedAt !== null || e.severity !== "critical" || !completedTrackKeys.has(e.trackKey)) continue;
    onCompleted.set(e.trackKey, (onCompleted.get(e.trackKey) ?? 0) + 1);
  }
  return {
    bySeverity: countOpenBySeverity(board),
    criticalOnCompleted: [...onCompleted].map(([trackKey, count]) => ({ trackKey, count })),
  };
}

/** A track's open blockers in the daily status shape. */
export function openBlockerReports(board: readonly BlockerEntry[], trackKey: string): BlockerReport[] {
  return trackBlockState(board, trackKey).open.map((e) => ({
    blocker: e.blocker,
    severity: e.severity,
    resolutionPlan: e.resolutionPlan,
  }));
}

/** What the plan's webhook receives when a blocker is raised as critical or becomes critical (JSON; `text` for chat apps). */
export type BlockerNotice = {
  event: "blocker.critical";
  text: string;
  run: { id: string; name: string };
  track: { key: string; name: string };
  blocker: { number: number; text: string; severity: BlockerSeverity; resolutionPlan: string | null };
  /** ISO time it was raised. */
  raisedAt: string;
  /** The blockers board on the dashboard, when the server knows its own address. */
  url: string | null;
};

export function buildBlockerNotice(input: {
  run: { id: string; name: string };
  track: { key: string; name: string };
  entry: BlockerEntry;
  url: string | null;
}): BlockerNotice {
  const { entry } = input;
  const plan = entry.resolutionPlan ? ` (plan: ${entry.resolutionPlan})` : "";
  return {
    event: "blocker.critical",
    text: `Paratrack: critical blocker #${entry.id} on track ${input.track.key} (${input.track.name}): ${entry.blocker}${plan}`,
    run: input.run,
    track: input.track,
    blocker: {
      number: entry.id,
      text: entry.blocker,
      severity: entry.severity,
      resolutionPlan: entry.resolutionPlan,
    },
    raisedAt: entry.raisedAt,
    url: input.url,
  };
}

/** The board's order: open before resolved, the most severe first, then as raised. */
export function compareForBoard(a: BlockerEntry, b: BlockerEntry): number {
  return (
    Number(a.resolvedAt !== null) - Number(b.resolvedAt !== null) ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    a.id - b.id
  );
}

/**
 * Each track and severity whose open blockers fill the board (MAX_OPEN_BLOCKERS_PER_TRACK): new ones of that
 * severity are not kept until some are resolved. By track, then most severe first.
 */
export function fullOnBoard(
  board: readonly BlockerEntry[],
): { trackKey: string; severity: BlockerSeverity }[] {
  const seen = new Set<string>();
  const full: { trackKey: string; severity: BlockerSeverity }[] = [];
  for (const { trackKey, severity, resolvedAt } of board) {
    const id = `${trackKey}\0${severity}`;
    if (resolvedAt !== null || seen.has(id)) continue;
    seen.add(id);
    if (!hasRoomFor(board, trackKey, severity)) full.push({ trackKey, severity });
  }
  return full.sort(
    (a, b) => a.trackKey.localeCompare(b.trackKey) || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity],
  );
}

/** What a full board means for the track: said by the event when it fills up, and on the board while it is. */
export function describeFullBoard(trackKey: string, severity: BlockerSeverity): string {
  return `Track ${trackKey} has ${MAX_OPEN_BLOCKERS_PER_TRACK} open ${severity} blockers: new ${severity} ones are not kept on the board until some are resolved (they stay in its log)`;
}

/** Whether the track has room for another open blocker of this severity. */
export function hasRoomFor(
  board: readonly BlockerEntry[],
  trackKey: string,
  severity: BlockerSeverity,
): boolean {
  const open = board.filter(
    (e) => e.trackKey === trackKey && e.resolvedAt === null && e.severity === severity,
  );
  return open.length < MAX_OPEN_BLOCKERS_PER_TRACK;
}

/** The blocker a one-line summary names: the most severe, the latest listed of those. Null for none. */
export function mostSevere<T extends { severity: string }>(blockers: readonly T[]): T | null {
  // Views carry the severity as text; one the board does not know ranks last.
  const rank = (b: T) => SEVERITY_RANK[b.severity as BlockerSeverity] ?? -1;
  let shown: T | null = null;
  for (const b of blockers) if (shown === null || rank(b) >= rank(shown)) shown = b;
  return shown;
}
