// Agents' report tokens: each track's agents get their own (PARATRACK_REPORT_TOKEN), which reports for that track
// only, so one agent cannot set another track's status or blockers. Derived from the run's secret of the server's
// lifetime; only their digests are stored, tagged with the track, so a restarted server still knows the tokens its
// predecessor gave to agents that live on.
import { createHmac } from "node:crypto";
import { sameSecret, tokenDigest } from "./secret";

/** What a stored entry says a token may report for: one track, or (runs stored before per-track tokens) any. */
export type ReportTokenScope = { track: string } | { track: null };

/** The report token of a track's agents, from the run's secret. */
export function trackReportToken(runSecret: string, trackKey: string): string {
  return createHmac("sha256", runSecret).update(`report:${trackKey}`).digest("base64url");
}

/** The stored entries for a run secret: "<track>:<digest>" per track (track keys hold no ':' or ','). */
export function reportTokenEntries(runSecret: string, trackKeys: readonly string[]): string[] {
  return trackKeys.map((key) => `${key}:${tokenDigest(trackReportToken(runSecret, key))}`);
}

/** Which track a token reports for, from the stored entries; null when no entry knows it. */
export function reportTokenScope(token: string, entries: readonly string[]): ReportTokenScope | null {
  const digest = tokenDigest(token);
  let scope: ReportTokenScope | null = null;
  // Every entry is compared (constant time each), so the answer's timing says nothing of which one matched.
  for (const entry of entries) {
    const colon = entry.lastIndexOf(":");
    const known = colon < 0 ? entry : entry.slice(colon + 1);
    if (sameSecret(known, digest) && scope === null)
      scope = colon < 0 ? { track: null } : { track: entry.slice(0, colon) };
  }
  return scope;
}

/**
 * The stored entries still needed after a restart: those of tracks with an agent that lives on (it holds a token
 * of an earlier server); a track without one gets its next agents' tokens from the new secret. Run-wide entries
 * (runs stored before per-track tokens) stay while any agent lives. Without this, every restart adds one entry per
 * track for good, and every report hashes them all.
 */
export function entriesStillHeld(
  entries: readonly string[],
  tracksWithLiveAgents: ReadonlySet<string>,
): string[] {
  return entries.filter((entry) => {
    const colon = entry.lastIndexOf(":");
    return colon < 0 ? tracksWithLiveAgents.size > 0 : tracksWithLiveAgents.has(entry.slice(0, colon));
  });
}
