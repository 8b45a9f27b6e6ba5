// The words of the governor's reasons: zone headers, alerts, victims, what a requeued track will do.
import { formatDuration } from "../units";
import { chooseSwap, DEFAULT_VICTIM_ORDER, describeTrack, formatPercent, zoneName } from "./governor-order";
import type { GovernorInput, GovernorTrack, VictimCriterion } from "./governor-types";

/** The line a zone's header compares use with (Green: the Yellow line it stays under). */
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
export function zoneHeader(input: GovernorInput): string {
  const comparison = input.zone === "green" ? "<" : "≥";
  return `${zoneName(input.zone)} zone (${formatPercent(input.usedPercent)} ${comparison} ${thresholdOf(input)} %)`;
}

/** The alert raised when the zone rises: what the governor will do in it. */
export function describeAlert(input: GovernorInput): string {
  const { policy } = input;
  const manual = input.enabled ? "" : "; governor in manual mode: no automatic action";
  const header = zoneHeader(input);
  switch (input.zone) {
    case "green":
      return `${header}${manual}`;
    case "yellow":
      return `${header}: memory pressure rising; sampling every ${policy.fastIntervalMs} ms, admission continues below ${policy.admitBelow} %${manual}`;
    case "orange":
      return `${header}: admission stopped; ${describeOrangeSteps(input)}${manual}`;
    case "red":
      return `${header}: emergency; pausing all but critical tracks, stopping one if Red lasts ${formatDuration(policy.graceSeconds * 1000)}${manual}`;
    default: {
      const unreachable: never = input.zone;
      return unreachable;
    }
  }
}

/**
 * What Orange can do with the tracks running now (relieveOrange): a swap is named only when a running track is on a
 * local model with a cloud model to swap to, a deferral only when a non-critical track (other than that one) runs.
 */
function describeOrangeSteps(input: GovernorInput): string {
  const running = input.tracks.filter((track) => track.status === "running");
  const swap = chooseSwap(running);
  const canDefer = running.some((track) => track.priority !== "critical" && track.key !== swap?.track.key);
  if (swap !== null && canDefer)
    return "swapping large local models to cloud and deferring non-critical work";
  if (swap !== null) return "swapping large local models to cloud";
  if (canDefer) return "deferring non-critical work (pausing one track at a time while use keeps rising)";
  return running.length === 0
    ? "no track runs, so there is nothing to swap or pause"
    : "every running track is critical and none has a local model to swap to cloud, so none is paused";
}

/** The plan's order in which tracks yield under pressure, or the default (priority, tier, progress, youngest). */
export function victimOrder(input: GovernorInput): readonly VictimCriterion[] {
  return input.policy.victimOrder ?? DEFAULT_VICTIM_ORDER;
}

/** "lowest-priority track C (low)", or the order used when it does not start with priority. */
export function describeVictim(track: GovernorTrack, order: readonly VictimCriterion[]): string {
  if (order[0] === "priority") return `lowest-priority track ${describeTrack(track)}`;
  return `track ${describeTrack(track)}, first to yield by ${order.join(", ")}`;
}

/** What the requeued track will do when it starts again: resume its agents' sessions, or start over. */
export function afterRequeue(track: GovernorTrack): string {
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
