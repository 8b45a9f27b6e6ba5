// The run's database outages for its retrospective: each one from its `db:unavailable` to its `db:restored` event,
// with what the return wrote and lost, and the tracks whose start it held back (nothing is launched while the record
// cannot be written) with how long each waited until it started. Pure.
import { formatDuration } from "../units";
import { type Instant, toEpochMs } from "./metrics";

/** A stored outage event (its details as the engine recorded them). */
export type OutageEvent =
  | { kind: "db:unavailable"; at: Instant; details: { error: string } }
  | {
      kind: "db:restored";
      at: Instant;
      details: { downMs: number; written: number; dropped: number; failed: number };
    };

/** A track's start put off because the database could not be written (its event), and its attempts' starts. */
export type OutageHold = { trackKey: string; at: Instant };
export type TrackStart = { trackKey: string; at: Instant };

export type RetrospectiveOutage = {
  from: Instant;
  /** When the waiting writes were made; null: the run ended (or the server stopped) before it answered again. */
  to: Instant | null;
  downMs: number | null;
  /** The first write's error, as the engine saw it; null when its event was lost. */
  error: string | null;
  /** Writes made when it was back, and those lost (dropped past the queue's bound, refused); null while open. */
  written: number | null;
  dropped: number;
  failed: number;
  /** Tracks that waited to start; waitedMs null: it never started afterwards. */
  heldBack: { trackKey: string; waitedMs: number | null }[];
};

/** The outages, oldest first, with the tracks each held back. */
export function databaseOutagesOf(
  events: readonly OutageEvent[],
  holds: readonly OutageHold[],
  starts: readonly TrackStart[],
): RetrospectiveOutage[] {
  const ordered = [...events].sort((a, b) => toEpochMs(a.at) - toEpochMs(b.at));
  const outages: RetrospectiveOutage[] = [];
  let open: RetrospectiveOutage | null = null;
  for (const event of ordered) {
    if (event.kind === "db:unavailable") {
      // One event per outage; a second one before the return is the same outage.
      if (open) continue;
      open = {
        from: event.at,
        to: null,
        downMs: null,
        error: event.details.error,
        written: null,
        dropped: 0,
        failed: 0,
        heldBack: [],
      };
      outages.push(open);
      continue;
    }
    const { downMs, written, dropped, failed } = event.details;
    // A return whose outage event was not stored (it waited with the rest and was lost): its start from its length.
    const outage: RetrospectiveOutage = open ?? {
      from: toEpochMs(event.at) - downMs,
      to: null,
      downMs: null,
      error: null,
      written: null,
      dropped: 0,
      failed: 0,
      heldBack: [],
    };
    if (!open) outages.push(outage);
    Object.assign(outage, { to: event.at, downMs, written, dropped, failed });
    open = null;
  }
  for (const outage of outages) outage.heldBack = heldBackBy(outage, holds, starts);
  return outages;
}

function heldBackBy(
  outage: RetrospectiveOutage,
  holds: readonly OutageHold[],
  starts: readonly TrackStart[],
): RetrospectiveOutage["heldBack"] {
  const from = toEpochMs(outage.from);
  const to = outage.to === null ? Number.POSITIVE_INFINITY : toEpochMs(outage.to);
  const firstHold = new Map<string, number>();
  for (const hold of holds) {
    const at = toEpochMs(hold.at);
    if (at < from || at > to) continue;
    const earlier = firstHold.get(hold.trackKey);
    if (earlier === undefined || at < earlier) firstHold.set(hold.trackKey, at);
  }
  return [...firstHold]
    .sort(([, a], [, b]) => a - b)
    .map(([trackKey, heldAt]) => {
      const started = starts
        .filter((s) => s.trackKey === trackKey)
        .map((s) => toEpochMs(s.at))
        .filter((at) => at >= heldAt)
        .sort((a, b) => a - b)[0];
      return { trackKey, waitedMs: started === undefined ? null : started - heldAt };
    });
}

/** "1 outage, 31s in all; it held back Y (29s)": the summary's line; null without an outage. */
export function describeOutages(outages: readonly RetrospectiveOutage[]): string | null {
  if (outages.length === 0) return null;
  const total = outages.reduce((sum, o) => sum + (o.downMs ?? 0), 0);
  const held = outages.flatMap((o) => o.heldBack.map(describeHold));
  const open = outages.some((o) => o.to === null) ? "; the last one had not ended when the run did" : "";
  return `${outages.length} outage${outages.length === 1 ? "" : "s"}, ${formatDuration(total)} in all${held.length > 0 ? `; held back ${held.join(", ")}` : ""}${open}`;
}

/** "Y (29s)", "Y (never started)". */
export function describeHold(hold: RetrospectiveOutage["heldBack"][number]): string {
  return `${hold.trackKey} (${hold.waitedMs === null ? "never started" : formatDuration(hold.waitedMs)})`;
}
