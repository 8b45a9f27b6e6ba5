// The governor: from the RAM zone and the tracks' state, decide what to start, pause, resume, stop or swap.
//
// Pure: the engine passes the time, the classified zone and the tracks, carries out the actions, stores the
// returned memory and calls again after `sampleIntervalMs`. Inspired by GNU parallel's --memfree/--memsuspend
// (start only while memory allows; kill the youngest and requeue it when memory runs out), kubelet eviction
// (soft threshold acted on in steps, hard threshold at once with a grace period, a settle period against
// flapping, victims ordered by priority) and earlyoom.
//
// Why it does not flap: every step that adds load (resume, start) needs the zone to have stayed Green for
// settleSeconds after any Orange or Red, and then a fresh sample after the last resume with the projected use
// (the peak of the started tracks' projected memory curves) below the admission line; every step that sheds load
// is rate-limited (Orange: one pause and one swap per cooldown, and only while use keeps rising; Red: pauses only the
// non-critical tracks still running, one stop per grace period). So an oscillating zone can cause at most one
// pause per track, one swap per track, one stop per grace period and three alerts per episode, and no resume
// or start until it truly settles. The one exception is a stall, broken after a settle period: nothing runs and
// only the governor's paused tracks hold the zone in Yellow or Orange.
//
// This module sequences one decision; the rules live beside it: admission (governor-admission.ts), shedding load
// in Orange and Red (governor-relief.ts), recovery and stalls (governor-recovery.ts), the words (governor-words.ts).

import type { Zone } from "../types";
import { planAdmission } from "./governor-admission";
import { admitManually } from "./governor-manual";
import { rankZone } from "./governor-order";
import { admissionClosedReason, breakStall, isStalled, resumeNext } from "./governor-recovery";
import { relieveOrange, relieveRed } from "./governor-relief";
import type { GovernorAction, GovernorDecision, GovernorInput, GovernorMemory } from "./governor-types";
import { describeAlert } from "./governor-words";

export { DEFAULT_VICTIM_ORDER } from "./governor-order";
export { DEFAULT_COOLDOWN_SECONDS, RISE_TOLERANCE_PERCENT } from "./governor-relief";
export type {
  AdmissionQueueEntry,
  GovernorAction,
  GovernorActionKind,
  GovernorDecision,
  GovernorInput,
  GovernorMemory,
  GovernorPolicy,
  GovernorTrack,
  VictimCriterion,
} from "./governor-types";

/** Memory for a governor that has not decided anything yet. */
export function initialGovernorMemory(): GovernorMemory {
  return {
    zone: null,
    redSince: null,
    calmSince: null,
    unsettled: false,
    alertedZone: null,
    lastDeferAt: null,
    deferredAtUsedBytes: null,
    lastStopAt: null,
    lastResumeAt: null,
    stalledSince: null,
  };
}

/** One governor decision: the actions to carry out now, the memory to pass next time, when to decide again, the queue. */
export function decideGovernorActions(input: GovernorInput, memory: GovernorMemory): GovernorDecision {
  const { zone, policy } = input;
  const next = trackZone(memory, zone, input.now, policy.settleSeconds * 1000);
  next.stalledSince = isStalled(input) ? (memory.stalledSince ?? input.now) : null;
  const sampleIntervalMs = zone === "green" ? policy.baseIntervalMs : policy.fastIntervalMs;
  const actions: GovernorAction[] = [];

  if (zone !== "green" && rankZone(zone) > rankZone(next.alertedZone ?? "green")) {
    next.alertedZone = zone;
    actions.push({ kind: "alert", zone, reason: describeAlert(input) });
  }

  const admit = (closedReason: string | null, resumedNow: number) => {
    const plan = planAdmission(input, {
      closedReason,
      resumedNow,
      queueHead: memory.queueHead ?? null,
      previousOrdering: memory.ordering ?? null,
    });
    next.queueHead = nextQueueHead(input, memory, plan.blockedHead, closedReason !== null);
    next.ordering = plan.ordering;
    return plan;
  };

  // Manual mode: memory is left out, the concurrency limit alone starts tracks (and is what the others wait for).
  if (!input.enabled) {
    const { starts, queue } = admitManually(input);
    actions.push(...starts);
    next.queueHead = nextQueueHead(input, memory, null, true);
    next.ordering = null;
    const concurrencyLimit = input.policy.maxConcurrent;
    return { actions, memory: next, sampleIntervalMs, queue, ordering: null, concurrencyLimit };
  }

  switch (zone) {
    case "red": {
      actions.push(...relieveRed(input, next));
      const { queue, concurrencyLimit } = admit("zone Red: admission stopped", 0);
      return { actions, memory: next, sampleIntervalMs, queue, ordering: null, concurrencyLimit };
    }
    case "orange": {
      // A stall (only paused tracks hold the zone up) needs a resume or a stop, not another deferral.
      const unstall = breakStall(input, next);
      actions.push(...(unstall.length > 0 ? unstall : relieveOrange(input, next)));
      const { queue, concurrencyLimit } = admit("zone Orange: admission stopped", 0);
      return { actions, memory: next, sampleIntervalMs, queue, ordering: null, concurrencyLimit };
    }
    case "yellow":
    case "green": {
      const resumes = zone === "green" ? resumeNext(input, next) : breakStall(input, next);
      actions.push(...resumes);
      const resumedKeys = resumes.flatMap((action) => (action.kind === "resume" ? [action.trackKey] : []));
      const closedReason = admissionClosedReason(input, next, resumedKeys);
      const { starts, queue, ordering, concurrencyLimit } = admit(closedReason, resumedKeys.length);
      actions.push(...starts);
      return { actions, memory: next, sampleIntervalMs, queue, ordering, concurrencyLimit };
    }
    default: {
      const unreachable: never = zone;
      return unreachable;
    }
  }
}

/** Keeps the head's waiting clock while it stays the head, also through closed admission (pressure, recovery). */
function nextQueueHead(
  input: GovernorInput,
  memory: GovernorMemory,
  blockedHead: string | null,
  closed: boolean,
): GovernorMemory["queueHead"] {
  const previous = memory.queueHead ?? null;
  if (closed) {
    const stillReady = input.tracks.some((t) => t.key === previous?.trackKey && t.status === "ready");
    return stillReady ? previous : null;
  }
  if (blockedHead === null) return null;
  return previous?.trackKey === blockedHead ? previous : { trackKey: blockedHead, since: input.now };
}

/** Updates the clocks the rules read: how long Red has lasted, how long Green has held, whether the episode is over. */
function trackZone(memory: GovernorMemory, zone: Zone, now: number, settleMs: number): GovernorMemory {
  const calmSince = zone === "green" ? (memory.calmSince ?? now) : null;
  // A dip into Orange does not end a Red episode: otherwise a zone flickering around the Red line would never
  // reach the grace period and nothing would ever free memory.
  const redSince = zone === "red" ? (memory.redSince ?? now) : zone === "orange" ? memory.redSince : null;
  const settled = calmSince !== null && now - calmSince >= settleMs;
  return {
    ...memory,
    zone,
    calmSince,
    redSince,
    unsettled: settled ? false : memory.unsettled || zone === "orange" || zone === "red",
    alertedZone: settled ? null : memory.alertedZone,
    deferredAtUsedBytes: settled ? null : memory.deferredAtUsedBytes,
  };
}
