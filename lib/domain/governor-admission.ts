// Admission: which ready tracks start now, and why each other one waits.
import {
  compareForAdmission,
  describeNeeds,
  describeTrack,
  effectiveEstimate,
  formatPercent,
  remainingReservation,
  zoneName,
} from "./governor-order";
import type { AdmissionQueueEntry, GovernorAction, GovernorInput, GovernorTrack } from "./governor-types";
import { DEFAULT_BACKFILL_SECONDS } from "./plan-schema";
import { formatBytes, formatDuration } from "./units";

type WaitReason = (track: GovernorTrack, needs: number | null) => string;

export type AdmissionOptions = {
  /** Closes admission altogether (manual mode, pressure, recovery); null = open. */
  closedReason: string | null;
  /** Slots already taken by resumes in this same decision. */
  resumedNow: number;
  /** The track that waited for headroom at the head of the queue in earlier decisions, and since when. */
  queueHead: { trackKey: string; since: number } | null;
};

export type AdmissionPlan = {
  starts: GovernorAction[];
  queue: AdmissionQueueEntry[];
  /** The first ready track that waits for headroom (not for a slot or a closed gate), null when none does. */
  blockedHead: string | null;
};

/** Projected use: current use plus what each started track (running or paused) has yet to claim of its estimate. */
export function projectedUse(input: GovernorInput): number {
  let projected = input.usedBytes;
  for (const track of input.tracks) {
    if (track.status === "running" || track.status === "paused") projected += remainingReservation(track);
  }
  return projected;
}

/**
 * Starts ready tracks in admission order while the projected use stays below the admission line and slots remain.
 *
 * Backfill: when the head of the queue does not fit, later (equal or lower priority) tracks that do fit start past
 * it, like backfilling in a batch scheduler: memory that would sit idle is put to work. So that the head is not
 * starved by a stream of small tracks, backfill stops once the head has waited `backfillSeconds`; from then on
 * everything queues behind it until memory frees up for it.
 *
 * A track with no estimate and no learned peak is admitted on observed use, but only as the last start of a
 * decision and never by backfill: its growth is unknown until the next sample shows it.
 */
export function planAdmission(input: GovernorInput, options: AdmissionOptions): AdmissionPlan {
  const { policy, capacityBytes, tracks } = input;
  const starts: GovernorAction[] = [];
  const queue: AdmissionQueueEntry[] = [];
  const line = (policy.admitBelow / 100) * capacityBytes;
  const percentOf = (bytes: number) => (capacityBytes > 0 ? (bytes / capacityBytes) * 100 : 100);
  const admissionLine = `admission line ${policy.admitBelow} %`;
  const header = `${zoneName(input.zone)} zone (${formatPercent(input.usedPercent)})`;
  const backfillMs = (policy.backfillSeconds ?? DEFAULT_BACKFILL_SECONDS) * 1000;

  let projected = projectedUse(input);
  let running = options.resumedNow + tracks.filter((track) => track.status === "running").length;
  let blockedHead: { key: string; reason: string; backfill: boolean } | null = null;

  let waitReason: WaitReason | null = options.closedReason === null ? null : () => options.closedReason!;
  const ready = tracks.filter((track) => track.status === "ready").sort(compareForAdmission);
  for (const track of ready) {
    const needs = effectiveEstimate(track);
    const wait = (reason: string) =>
      queue.push({
        trackKey: track.key,
        position: track.position,
        priority: track.priority,
        needsBytes: needs,
        reason,
      });
    if (waitReason !== null) {
      wait(waitReason(track, needs));
      continue;
    }
    if (running >= policy.maxConcurrent) {
      const reason = `concurrency limit ${policy.maxConcurrent} reached (${running} running)`;
      waitReason = () => reason;
      wait(reason);
      continue;
    }
    const headroom = line - projected;
    if (needs === null) {
      if (blockedHead !== null) {
        wait(behind(blockedHead.key, blockedHead.reason, needs));
        continue;
      }
      if (headroom <= 0) {
        const reason = `no RAM estimate and no headroom: projected ${formatPercent(percentOf(projected))} ≥ ${admissionLine}`;
        waitReason = (_t, n) => behind(track.key, reason, n);
        wait(reason);
        continue;
      }
      starts.push({
        kind: "start",
        trackKey: track.key,
        reason:
          `${header}: starting ${describeTrack(track)} without a RAM estimate, admitted on observed use ` +
          `(projected ${formatPercent(percentOf(projected))} < ${admissionLine}); warning: its growth is not reserved`,
      });
      running += 1;
      const key = track.key;
      waitReason = () => `waiting for the next sample: ${key} was just started without a RAM estimate`;
      continue;
    }
    if (needs < headroom) {
      projected += needs;
      running += 1;
      const past =
        blockedHead === null ? "" : `, ahead of ${blockedHead.key} which does not fit yet (backfill)`;
      starts.push({
        kind: "start",
        trackKey: track.key,
        reason:
          `${header}: starting ${describeTrack(track)}: needs ${describeNeeds(track, needs)}, ` +
          `projected ${formatPercent(percentOf(projected))} < ${admissionLine}${past}`,
      });
      continue;
    }
    const short = `needs ${describeNeeds(track, needs)}, ${formatBytes(Math.max(0, headroom))} headroom below the admission line (${policy.admitBelow} %)`;
    if (blockedHead !== null) {
      wait(behind(blockedHead.key, blockedHead.reason, needs));
      continue;
    }
    const waitedMs = options.queueHead?.trackKey === track.key ? input.now - options.queueHead.since : 0;
    const backfill = waitedMs < backfillMs;
    const reason = backfill
      ? short
      : `${short}; it has waited ${formatDuration(waitedMs)}, so smaller tracks no longer start past it`;
    blockedHead = { key: track.key, reason, backfill };
    wait(reason);
    if (!backfill) waitReason = (_t, n) => behind(track.key, reason, n);
  }
  return { starts, queue, blockedHead: blockedHead?.key ?? null };
}

function behind(headKey: string, headReason: string, needs: number | null): string {
  return `${needs === null ? "no RAM estimate" : `needs ${formatBytes(needs)}`}; queued behind ${headKey} (${headReason})`;
}
