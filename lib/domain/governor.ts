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
import {
  DEFAULT_MAX_REQUEUES_PER_HOUR,
  planAdmission,
  projectedUse,
  projectState,
} from "./governor-admission";
import {
  compareForAdmission,
  compareVictims,
  DEFAULT_VICTIM_ORDER,
  describeTrack,
  formatPercent,
  rankZone,
  zoneName,
} from "./governor-order";
import type {
  GovernorAction,
  GovernorDecision,
  GovernorInput,
  GovernorMemory,
  GovernorTrack,
  VictimCriterion,
} from "./governor-types";
import { recentRequeues } from "./memory-projection";
import type { Zone } from "./types";
import { formatBytes, formatDuration } from "./units";

export { DEFAULT_VICTIM_ORDER } from "./governor-order";
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

/** Default minimum time between two deferral steps in Orange: long enough for a sample to show the effect. */
export const DEFAULT_COOLDOWN_SECONDS = 5;

/** In Orange, use must rise by more than this (percentage points) since the last deferral to justify another. */
export const RISE_TOLERANCE_PERCENT = 0.5;

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

  if (!input.enabled) {
    const { queue } = admit("governor in manual mode", 0);
    return { actions, memory: next, sampleIntervalMs, queue, ordering: null };
  }

  switch (zone) {
    case "red": {
      actions.push(...relieveRed(input, next));
      const { queue } = admit("zone Red: admission stopped", 0);
      return { actions, memory: next, sampleIntervalMs, queue, ordering: null };
    }
    case "orange": {
      // A stall (only paused tracks hold the zone up) needs a resume or a stop, not another deferral.
      const unstall = breakStall(input, next);
      actions.push(...(unstall.length > 0 ? unstall : relieveOrange(input, next)));
      const { queue } = admit("zone Orange: admission stopped", 0);
      return { actions, memory: next, sampleIntervalMs, queue, ordering: null };
    }
    case "yellow":
    case "green": {
      const resumes = zone === "green" ? resumeNext(input, next) : breakStall(input, next);
      actions.push(...resumes);
      const resumedKeys = resumes.flatMap((action) => (action.kind === "resume" ? [action.trackKey] : []));
      const closedReason = admissionClosedReason(input, next, resumedKeys);
      const { starts, queue, ordering } = admit(closedReason, resumedKeys.length);
      actions.push(...starts);
      return { actions, memory: next, sampleIntervalMs, queue, ordering };
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

function thresholdOf(input: GovernorInput): number {
  switch (input.zone) {
    case "green":
      return input.thresholds.yellow;
    case "yellow":
      return input.thresholds.yellow;
    case "orange":
      return input.thresholds.orange;
    case "red":
      return input.thresholds.red;
    default: {
      const unreachable: never = input.zone;
      return unreachable;
    }
  }
}

/** "Red zone (87.1 % ≥ 85 %)". */
function zoneHeader(input: GovernorInput): string {
  const comparison = input.zone === "green" ? "<" : "≥";
  return `${zoneName(input.zone)} zone (${formatPercent(input.usedPercent)} ${comparison} ${thresholdOf(input)} %)`;
}

function describeAlert(input: GovernorInput): string {
  const { policy } = input;
  const manual = input.enabled ? "" : "; governor in manual mode: no automatic action";
  const header = zoneHeader(input);
  switch (input.zone) {
    case "green":
      return `${header}${manual}`;
    case "yellow":
      return `${header}: memory pressure rising; sampling every ${policy.fastIntervalMs} ms, admission continues below ${policy.admitBelow} %${manual}`;
    case "orange":
      return `${header}: admission stopped; swapping large local models to cloud and deferring non-critical work${manual}`;
    case "red":
      return `${header}: emergency; pausing all but critical tracks, stopping one if Red lasts ${policy.graceSeconds} s${manual}`;
    default: {
      const unreachable: never = input.zone;
      return unreachable;
    }
  }
}

function victimOrder(input: GovernorInput): readonly VictimCriterion[] {
  return input.policy.victimOrder ?? DEFAULT_VICTIM_ORDER;
}

/** "lowest-priority track C (low)", or the order used when it does not start with priority. */
function describeVictim(track: GovernorTrack, order: readonly VictimCriterion[]): string {
  if (order[0] === "priority") return `lowest-priority track ${describeTrack(track)}`;
  return `track ${describeTrack(track)}, first to yield by ${order.join(", ")}`;
}

function recordDeferral(input: GovernorInput, memory: GovernorMemory): void {
  memory.lastDeferAt = input.now;
  memory.deferredAtUsedBytes = input.usedBytes;
}

function isCoolingDown(input: GovernorInput, memory: GovernorMemory): boolean {
  const cooldownMs = (input.policy.cooldownSeconds ?? DEFAULT_COOLDOWN_SECONDS) * 1000;
  return memory.lastDeferAt !== null && input.now - memory.lastDeferAt < cooldownMs;
}

/** The running track on its local model that holds the most memory, when the plan gives it a cloud model. */
function chooseSwap(
  candidates: GovernorTrack[],
): { track: GovernorTrack; local: string; cloud: string } | null {
  let best: { track: GovernorTrack; local: string; cloud: string } | null = null;
  for (const track of candidates) {
    const { local, cloud } = track.model;
    if (track.status !== "running" || local === null || cloud === null || local === cloud) continue;
    if (track.modelInForce !== local) continue;
    if (
      best === null ||
      track.currentBytes > best.track.currentBytes ||
      (track.currentBytes === best.track.currentBytes && track.position < best.track.position)
    ) {
      best = { track, local, cloud };
    }
  }
  return best;
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
function relieveOrange(input: GovernorInput, memory: GovernorMemory): GovernorAction[] {
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
function relieveRed(input: GovernorInput, memory: GovernorMemory): GovernorAction[] {
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

/** Nothing runs while tracks the governor paused wait: their memory alone holds the zone up. */
function isStalled(input: GovernorInput): boolean {
  return (
    !input.tracks.some((track) => track.status === "running") &&
    input.tracks.some((track) => track.status === "paused" && track.pausedBy === "governor")
  );
}

/** Minimum time between two resumes when the projection says the next one fits: a fresh sample in between. */
function quickResumeSpacingMs(input: GovernorInput): number {
  return 2 * input.policy.baseIntervalMs;
}

/**
 * Recovery in Green: once Green has held for the settle period, resume governor-paused tracks one at a time,
 * highest priority first. The next one follows after a fresh sample when the projected use (the peak of the started
 * tracks' projected curves) stays below the admission line, else a settle period after the last.
 */
function resumeNext(input: GovernorInput, memory: GovernorMemory): GovernorAction[] {
  const { now, policy } = input;
  const settleMs = policy.settleSeconds * 1000;
  const paused = pausedByGovernor(input);
  const first = paused[0];
  if (first === undefined || memory.calmSince === null) return [];
  const calmFor = now - memory.calmSince;
  const running = input.tracks.filter((track) => track.status === "running").length;
  if (calmFor < settleMs || running >= policy.maxConcurrent) return [];
  const projectedPercent = input.capacityBytes > 0 ? (projectedUse(input) / input.capacityBytes) * 100 : 100;
  const fits = projectedPercent < policy.admitBelow;
  const sinceResume = memory.lastResumeAt === null ? Number.POSITIVE_INFINITY : now - memory.lastResumeAt;
  if (sinceResume < (fits ? quickResumeSpacingMs(input) : settleMs)) return [];
  memory.lastResumeAt = now;
  const projection = fits
    ? `projected ${formatPercent(projectedPercent)} < admission line ${policy.admitBelow} %`
    : `projected ${formatPercent(projectedPercent)} ≥ admission line ${policy.admitBelow} %, so one per ${policy.settleSeconds} s`;
  const more = paused.length > 1 ? `; ${paused.length - 1} more paused` : "";
  return [
    {
      kind: "resume",
      trackKey: first.key,
      reason:
        `${zoneHeader(input)} for ${formatDuration(calmFor)}: resuming ${describeTrack(first)}, ` +
        `paused by the governor (${projection})${more}`,
    },
  ];
}

/**
 * A stall in Yellow or Orange: nothing runs and the governor's paused tracks hold the zone up, so waiting for Green
 * would wait for ever. After a settle period, resume the first paused track whose remaining growth still fits below
 * the Red line (its present memory is already counted); when none fits, stop and requeue one (victim order) to free
 * memory for the others. Red needs no help: it stops tracks after its grace period anyway.
 */
function breakStall(input: GovernorInput, memory: GovernorMemory): GovernorAction[] {
  const { now, policy, thresholds } = input;
  if (memory.stalledSince === null || memory.stalledSince === undefined) return [];
  const settleMs = policy.settleSeconds * 1000;
  const since = (at: number | null) => (at === null ? Number.POSITIVE_INFINITY : now - at);
  const stalledFor = now - memory.stalledSince;
  if (stalledFor < settleMs || since(memory.lastResumeAt) < settleMs || since(memory.lastStopAt) < settleMs)
    return [];
  const paused = pausedByGovernor(input);
  const redLineBytes = ((thresholds.red - thresholds.hysteresis) / 100) * input.capacityBytes;
  const held = `${zoneHeader(input)} held only by paused tracks, nothing running for ${formatDuration(stalledFor)}`;
  const { projections } = projectState(input);
  const growth = (track: GovernorTrack) =>
    Math.max(0, (projections.get(track.key)?.peakBytes ?? track.currentBytes) - track.currentBytes);
  const fitting = paused.find((track) => input.usedBytes + growth(track) < redLineBytes);
  if (fitting !== undefined) {
    memory.lastResumeAt = now;
    return [
      {
        kind: "resume",
        trackKey: fitting.key,
        reason:
          `${held}: resuming ${describeTrack(fitting)} so the run can go on; its memory is already counted and ` +
          `the ${formatBytes(growth(fitting))} it may still grow stays below the Red line`,
      },
    ];
  }
  const order = victimOrder(input);
  const byVictimOrder = compareVictims(order);
  const victim = [...paused].sort(
    (a, b) =>
      Number(a.priority === "critical") - Number(b.priority === "critical") ||
      Number(atRequeueLimit(input, a)) - Number(atRequeueLimit(input, b)) ||
      byVictimOrder(a, b),
  )[0];
  if (victim === undefined) return [];
  memory.lastStopAt = now;
  return [
    {
      kind: "stop-requeue",
      trackKey: victim.key,
      reason:
        `${held}, and no paused track can finish below the Red line: stopping ${describeVictim(victim, order)} ` +
        `at ${Math.round(victim.progress)} % progress, holding ${formatBytes(victim.currentBytes)}, and requeueing ` +
        `it ${afterRequeue(victim)}`,
    },
  ];
}

/** What the requeued track will do when it starts again: resume its agents' sessions, or start over. */
function afterRequeue(track: GovernorTrack): string {
  const resumability = track.resumability ?? "none";
  switch (resumability) {
    case "all":
      return "to resume its agents' sessions (resume command)";
    case "some":
      return "to resume the agents that have a session and restart the others from the beginning";
    case "none":
      return "to restart from the beginning";
    default: {
      const never: never = resumability;
      return never;
    }
  }
}

/** Requeued as often as the policy allows within the hour: stopped again only when no other track can free memory. */
function atRequeueLimit(input: GovernorInput, track: GovernorTrack): boolean {
  const limit = input.policy.maxRequeuesPerHour ?? DEFAULT_MAX_REQUEUES_PER_HOUR;
  return recentRequeues(track, input.now) >= limit;
}

function pausedByGovernor(input: GovernorInput): GovernorTrack[] {
  return input.tracks
    .filter((track) => track.status === "paused" && track.pausedBy === "governor")
    .sort(compareForAdmission);
}

/** Why no new track may start in Green or Yellow, or null when admission is open. */
function admissionClosedReason(
  input: GovernorInput,
  memory: GovernorMemory,
  resumedNow: readonly string[],
): string | null {
  const { now, policy, thresholds } = input;
  if (memory.unsettled) {
    const calmFor = memory.calmSince === null ? 0 : now - memory.calmSince;
    return (
      `recovering from memory pressure: admission reopens once use stays below the Yellow line ` +
      `(${thresholds.yellow} %) for ${policy.settleSeconds} s (${formatDuration(calmFor)} so far)`
    );
  }
  const waiting = pausedByGovernor(input).filter((track) => !resumedNow.includes(track.key));
  if (waiting.length > 0) {
    return `resuming paused tracks first (${waiting.map((track) => track.key).join(", ")})`;
  }
  if (memory.lastResumeAt !== null && now - memory.lastResumeAt < quickResumeSpacingMs(input)) {
    return "letting the last resumed track show its use in a fresh sample before admitting more";
  }
  return null;
}
