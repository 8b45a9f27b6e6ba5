// Recovery after pressure: resume the governor's paused tracks once Green has settled, break a stall (only paused
// tracks hold the zone up), and say why admission stays closed meanwhile.

import { formatBytes, formatDuration } from "../units";
import { projectedUse, projectState } from "./governor-admission";
import { compareForAdmission, compareVictims, describeTrack, formatPercent } from "./governor-order";
import { atRequeueLimit } from "./governor-relief";
import type { GovernorAction, GovernorInput, GovernorMemory, GovernorTrack } from "./governor-types";
import { afterRequeue, describeVictim, victimOrder, zoneHeader } from "./governor-words";

/** Nothing runs while tracks the governor paused wait: their memory alone holds the zone up. */
export function isStalled(input: GovernorInput): boolean {
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
export function resumeNext(input: GovernorInput, memory: GovernorMemory): GovernorAction[] {
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
    : `projected ${formatPercent(projectedPercent)} ≥ admission line ${policy.admitBelow} %, so one per ${formatDuration(settleMs)}`;
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
export function breakStall(input: GovernorInput, memory: GovernorMemory): GovernorAction[] {
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

function pausedByGovernor(input: GovernorInput): GovernorTrack[] {
  return input.tracks
    .filter((track) => track.status === "paused" && track.pausedBy === "governor")
    .sort(compareForAdmission);
}

/** Why no new track may start in Green or Yellow, or null when admission is open. */
export function admissionClosedReason(
  input: GovernorInput,
  memory: GovernorMemory,
  resumedNow: readonly string[],
): string | null {
  const { now, policy, thresholds } = input;
  if (memory.unsettled) {
    const calmFor = memory.calmSince === null ? 0 : now - memory.calmSince;
    return (
      `recovering from memory pressure: admission reopens once use stays below the Yellow line ` +
      `(${thresholds.yellow} %) for ${formatDuration(policy.settleSeconds * 1000)} (${formatDuration(calmFor)} so far)`
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
