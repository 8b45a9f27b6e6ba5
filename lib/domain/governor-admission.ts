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
import { formatBytes } from "./units";

type WaitReason = (track: GovernorTrack, needs: number | null) => string;

/**
 * Starts ready tracks in admission order while the projected use stays below the admission line and slots remain.
 * Projected use = current use + what each started track (running or paused) has yet to claim of its estimate.
 * Admission stops at the first track that does not fit (no backfill), so a large important track is never starved
 * by smaller ones slipping past it. A track with no estimate and no learned peak is admitted on observed use, but
 * only as the last start of a decision: its growth is unknown until the next sample shows it.
 * `closedReason` closes admission altogether (manual mode, pressure, recovery); `resumedNow` counts slots taken by
 * resumes in this same decision.
 */
export function planAdmission(
  input: GovernorInput,
  closedReason: string | null,
  resumedNow: number,
): { starts: GovernorAction[]; queue: AdmissionQueueEntry[] } {
  const { policy, capacityBytes, tracks } = input;
  const starts: GovernorAction[] = [];
  const queue: AdmissionQueueEntry[] = [];
  const line = (policy.admitBelow / 100) * capacityBytes;
  const percentOf = (bytes: number) => (capacityBytes > 0 ? (bytes / capacityBytes) * 100 : 100);
  const admissionLine = `admission line ${policy.admitBelow} %`;
  const header = `${zoneName(input.zone)} zone (${formatPercent(input.usedPercent)})`;

  let projected = input.usedBytes;
  let running = resumedNow;
  for (const track of tracks) {
    if (track.status === "running" || track.status === "paused") projected += remainingReservation(track);
    if (track.status === "running") running += 1;
  }

  let waitReason: WaitReason | null = closedReason === null ? null : () => closedReason;
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
      if (headroom <= 0) {
        const reason = `no RAM estimate and no headroom: projected ${formatPercent(percentOf(projected))} ≥ ${admissionLine}`;
        waitReason = queuedBehind(track.key, reason);
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
      starts.push({
        kind: "start",
        trackKey: track.key,
        reason:
          `${header}: starting ${describeTrack(track)}: needs ${describeNeeds(track, needs)}, ` +
          `projected ${formatPercent(percentOf(projected))} < ${admissionLine}`,
      });
      continue;
    }
    const reason =
      `needs ${describeNeeds(track, needs)}, ${formatBytes(Math.max(0, headroom))} headroom ` +
      `below the admission line (${policy.admitBelow} %)`;
    waitReason = queuedBehind(track.key, reason);
    wait(reason);
  }
  return { starts, queue };
}

function queuedBehind(headKey: string, headReason: string): WaitReason {
  return (_track, needs) =>
    `${needs === null ? "no RAM estimate" : `needs ${formatBytes(needs)}`}; queued behind ${headKey} (${headReason})`;
}
