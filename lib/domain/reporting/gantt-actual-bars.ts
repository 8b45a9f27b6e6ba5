// Actual bars, pure: groups a run's stored running/paused spans into per-track attempts, one lane each.
// Times are ms from the run's start, the axis the planned schedule uses too.
import { type AttemptEnding, attemptEndingOf } from "./attempt-ending";

/** One stored running or paused interval of a track attempt (the shape of lib/db/spans.ts SpanView). */
export type ActualSpan = {
  trackKey: string;
  attempt: number;
  kind: "running" | "paused";
  pausedBy: string | null;
  startedAt: string;
  /** null while the span is open. */
  endedAt: string | null;
  /** How the span ended: paused, resumed, or how its attempt ended (attempt-ending.ts). */
  outcome: string | null;
};

/** One drawn piece of an attempt: a running or paused interval on the run's axis. */
export type BarSegment = {
  kind: "running" | "paused";
  pausedBy: string | null;
  startMs: number;
  endMs: number;
  /** Still going: its end is "now". */
  isOpen: boolean;
  outcome: string | null;
};

/** How an attempt ended, as the chart marks it: "open" while it goes on (or its end is not written yet). */
export type BarEnding = AttemptEnding | "open";

/** One attempt of a track: its lane, extent and segments. */
export type AttemptBar = {
  attempt: number;
  /** 0 for a track's first attempt, 1 for the next...: each attempt gets its own lane. */
  lane: number;
  startMs: number;
  endMs: number;
  segments: BarSegment[];
  ending: BarEnding;
};

/** A track's actual attempts, in order. */
export type ActualRow = { trackKey: string; attempts: AttemptBar[] };

/** Groups spans into per-track attempts, one lane each; open spans run to `untilMs`. */
export function layoutActualBars(
  spans: readonly ActualSpan[],
  opts: { runStartMs: number; untilMs: number },
): Map<string, ActualRow> {
  const rows = new Map<string, ActualRow>();
  const ordered = [...spans].sort(
    (a, b) => a.attempt - b.attempt || Date.parse(a.startedAt) - Date.parse(b.startedAt),
  );
  for (const span of ordered) {
    let row = rows.get(span.trackKey);
    if (!row) {
      row = { trackKey: span.trackKey, attempts: [] };
      rows.set(span.trackKey, row);
    }
    const startMs = Date.parse(span.startedAt) - opts.runStartMs;
    const isOpen = span.endedAt === null;
    // A clock step or an open span seen after the run's end must not draw a bar backwards.
    const endMs = Math.max(startMs, isOpen ? opts.untilMs : Date.parse(span.endedAt!) - opts.runStartMs);
    const segment: BarSegment = {
      kind: span.kind,
      pausedBy: span.pausedBy,
      startMs,
      endMs,
      isOpen,
      outcome: span.outcome,
    };
    let attempt = row.attempts.find((a) => a.attempt === span.attempt);
    if (!attempt) {
      attempt = {
        attempt: span.attempt,
        lane: row.attempts.length,
        startMs,
        endMs,
        segments: [],
        ending: "open",
      };
      row.attempts.push(attempt);
    }
    attempt.segments.push(segment);
    attempt.startMs = Math.min(attempt.startMs, startMs);
    attempt.endMs = Math.max(attempt.endMs, endMs);
  }
  for (const row of rows.values()) {
    for (const attempt of row.attempts) {
      const last = attempt.segments.at(-1);
      // The last segment that ended the attempt (a checkpoint's pause, closed "resumed", comes after it). A span
      // closed as "paused" is followed by the next one: the attempt goes on (the two writes are not one
      // transaction, so a read can fall between them).
      const ending = attempt.segments.map((s) => attemptEndingOf(s.outcome)).findLast((e) => e !== null);
      attempt.ending = !last || last.isOpen ? "open" : (ending ?? "open");
    }
  }
  return rows;
}

/** Running time of an attempt up to its end (open segments up to now): what progress was made in. */
export function activeRunningMs(attempt: AttemptBar): number {
  return attempt.segments
    .filter((s) => s.kind === "running")
    .reduce((sum, s) => sum + Math.max(0, s.endMs - s.startMs), 0);
}
