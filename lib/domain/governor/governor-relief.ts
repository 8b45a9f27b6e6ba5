// Shedding load under pressure: Orange defers in steps (a swap to a cloud model, a pause), Red pauses all but
// critical tracks and, when pausing frees nothing for the grace period, stops one and requeues it.

import { formatBytes, formatDuration } from "../units";
import { DEFAULT_MAX_REQUEUES_PER_HOUR } from "./governor-admission";
import { chooseSwap, compareVictims, describeTrack } from "./governor-order";
import type { GovernorAction, GovernorInput, GovernorMemory, GovernorTrack } from "./governor-types";
import { afterRequeue, describeVictim, victimOrder, zoneHeader } from "./governor-words";
import { recentRequeues } from "./memory-projection";

/** Default minimum time between two deferral steps in Orange: long enough for a sample to show the effect. */
export const DEFAULT_COOLDOWN_SECONDS = 5;

/** In Orange, use must rise by more than this (percentage points) since the last deferral to justify another. */
export const RISE_TOLERANCE_PERCENT = 0.5;

function recordDeferral(input: GovernorInput, memory: GovernorMemory): void {
  memory.lastDeferAt = input.now;
  memory.deferredAtUsedBytes = input.usedBytes;
}

function isCoolingDown(input: GovernorInput, memory: GovernorMemory): boolean {
  const cooldownMs = (input.policy.cooldownSeconds ?? DEFAULT_COOLDOWN_SECONDS) * 1000;
  return memory.lastDeferAt !== null && input.now - memory.lastDeferAt < cooldownMs;
}

function swapAction(
  input: GovernorInput,
  swap: NonNullable<ReturnType<typeof chooseSwap>>,
  why: string,
): GovernorAction {
  return {
    kind: "swap-model",
    trackKey: swap.track.key,
    toModel: swap.cloud,
    reason:
      `${zoneHeader(input)}: ${why}: swapping ${describeTrack(swap.track)} from local model ${swap.local} ` +
      `to cloud model ${swap.cloud}, the largest local-model track at ${formatBytes(swap.track.currentBytes)}`,
  };
}

/**
 * Orange, a soft threshold: start nothing; swap the largest local model to cloud and pause one non-critical track,
 * then take another such step only after the cooldown and only if use has kept rising since the last one. Pausing
 * stops growth, so a flat Orange means the last step worked: pausing more would defer work for nothing.
 */
export function relieveOrange(input: GovernorInput, memory: GovernorMemory): GovernorAction[] {
  if (isCoolingDown(input, memory)) return [];
  const riseBytes = (RISE_TOLERANCE_PERCENT / 100) * input.capacityBytes;
  if (memory.deferredAtUsedBytes !== null && input.usedBytes <= memory.deferredAtUsedBytes + riseBytes)
    return [];
  const actions: GovernorAction[] = [];
  const running = input.tracks.filter((track) => track.status === "running");
  const swap = chooseSwap(running);
  if (swap !== null) actions.push(swapAction(input, swap, "large models to cloud"));
  const order = victimOrder(input);
  const victim = running
    .filter((track) => track.priority !== "critical" && track.key !== swap?.track.key)
    .sort(compareVictims(order))[0];
  if (victim !== undefined) {
    actions.push({
      kind: "pause",
      trackKey: victim.key,
      reason: `${zoneHeader(input)}: deferring non-critical work, pausing ${describeVictim(victim, order)}`,
    });
  }
  if (actions.length > 0) recordDeferral(input, memory);
  return actions;
}

/**
 * Red, the hard threshold: pause every non-critical running track at once. Pausing (SIGSTOP) stops growth but frees
 * nothing, so when Red outlasts the grace period (since it began or since the last stop), stop one track and
 * requeue it, like GNU parallel's --memfree: it starts again later, resuming its agents' sessions when it can (resume command), else from the beginning.
 */
export function relieveRed(input: GovernorInput, memory: GovernorMemory): GovernorAction[] {
  const { now, policy } = input;
  const actions: GovernorAction[] = [];
  const order = victimOrder(input);
  const byVictimOrder = compareVictims(order);

  const redSince = memory.redSince ?? now;
  const clockStart = Math.max(redSince, memory.lastStopAt ?? Number.NEGATIVE_INFINITY);
  let stopped: GovernorTrack | undefined;
  if (now - clockStart >= policy.graceSeconds * 1000) {
    // A track the lead paused is the lead's to keep: it is stopped only when no other track can free memory.
    stopped = input.tracks
      .filter(
        (track) =>
          track.priority !== "critical" &&
          (track.status === "running" || track.status === "paused") &&
          track.currentBytes > 0,
      )
      .sort(
        (a, b) =>
          Number(a.pausedBy === "lead") - Number(b.pausedBy === "lead") ||
          Number(atRequeueLimit(input, a)) - Number(atRequeueLimit(input, b)) ||
          byVictimOrder(a, b),
      )[0];
    if (stopped !== undefined) {
      const since = memory.lastStopAt !== null && memory.lastStopAt > redSince ? " since the last stop" : "";
      const leadNote =
        stopped.pausedBy === "lead" ? "; the lead paused it, but no other track can free memory" : "";
      actions.push({
        kind: "stop-requeue",
        trackKey: stopped.key,
        reason:
          `${zoneHeader(input)} for ${formatDuration(now - clockStart)}${since} and pausing frees no memory: ` +
          `stopping ${describeVictim(stopped, order)} at ${Math.round(stopped.progress)} % progress, holding ` +
          `${formatBytes(stopped.currentBytes)}, and requeueing it ${afterRequeue(stopped)}${leadNote}`,
      });
      memory.lastStopAt = now;
    }
  }

  const running = input.tracks.filter((track) => track.status === "running" && track.key !== stopped?.key);
  const toPause = running.filter((track) => track.priority !== "critical").sort(byVictimOrder);
  for (const track of toPause) {
    actions.push({
      kind: "pause",
      trackKey: track.key,
      reason: `${zoneHeader(input)}: emergency, pausing ${describeVictim(track, order)}; only critical tracks keep running`,
    });
  }

  const critical = running.filter((track) => track.priority === "critical");
  const swap = isCoolingDown(input, memory) ? null : chooseSwap(critical);
  if (swap !== null) actions.push(swapAction(input, swap, "cloud model fallback"));
  if (swap !== null || toPause.length > 0) recordDeferral(input, memory);
  return actions;
}

/** Requeued as often as the policy allows within the hour: stopped again only when no other track can free memory. */
export function atRequeueLimit(input: GovernorInput, track: GovernorTrack): boolean {
  const limit = input.policy.maxRequeuesPerHour ?? DEFAULT_MAX_REQUEUES_PER_HOUR;
  return recentRequeues(track, input.now) >= limit;
}
