// Backfill without delay (EASY backfilling, as in Slurm's backfill scheduler): whether starting a track past the
// queue's waiting head would move the head's earliest projected fit. Pure.

import { formatDuration } from "../units";
import { addToSum, earliestFit, fitsAt, type Projection, type ProjectionSum } from "./memory-projection";

/** The first track in order that waits for memory, and when it would first fit (computed once, when needed). */
export type WaitingHead = { key: string; projection: Projection; fitsAtMs: number | null };

/**
 * Backfill without delay (as EASY backfilling in batch schedulers): a track that fits starts past the waiting head
 * only when the head still fits at its earliest projected fit with it. Returns how far it would move, or null.
 */
export function delayOfHead(
  head: WaitingHead | null,
  sum: ProjectionSum,
  candidate: Projection,
  limit: number,
): { headKey: string; fromMs: number; toMs: number } | null {
  if (head === null) return null;
  // Starting a track that does not delay the head leaves its earliest fit where it was: computed once per pass.
  head.fitsAtMs ??= earliestFit(sum, head.projection, limit);
  const fromMs = head.fitsAtMs;
  if (!Number.isFinite(fromMs)) return null;
  const withCandidate = addToSum(sum, candidate);
  if (fitsAt(withCandidate, head.projection, fromMs, limit)) return null;
  return { headKey: head.key, fromMs, toMs: earliestFit(withCandidate, head.projection, limit) };
}

/** "now", "in 12s", "never (as projected)". */
export function inWords(ms: number): string {
  if (!Number.isFinite(ms)) return "never (as projected)";
  return ms < 1000 ? "now" : `in ${formatDuration(ms)}`;
}
