// Orderings and small helpers the governor's rules share: who starts first, who yields first, what a track needs.

import type { AgentTier, Priority, Zone } from "../types";
import type { GovernorTrack, VictimCriterion } from "./governor-types";

/** Default victim order: lowest priority, then sub-agents, then least progress lost, then youngest. */
export const DEFAULT_VICTIM_ORDER: readonly VictimCriterion[] = ["priority", "tier", "progress", "youngest"];

/** low < standard < critical. */
export const PRIORITY_RANK: Record<Priority, number> = { low: 0, standard: 1, critical: 2 };
const TIER_RANK: Record<AgentTier, number> = { "sub-agent": 0, primary: 1 };
const ZONE_RANK: Record<Zone, number> = { green: 0, yellow: 1, orange: 2, red: 3 };

/** Green < Yellow < Orange < Red. */
export function rankZone(zone: Zone): number {
  return ZONE_RANK[zone];
}

function compareKeys(a: GovernorTrack, b: GovernorTrack): number {
  return a.position - b.position || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Admission and resume order: highest priority, then most dependants waiting, then plan order. */
export function compareForAdmission(a: GovernorTrack, b: GovernorTrack): number {
  return (
    PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] ||
    b.dependantsWaiting - a.dependantsWaiting ||
    compareKeys(a, b)
  );
}

function compareByCriterion(criterion: VictimCriterion, a: GovernorTrack, b: GovernorTrack): number {
  switch (criterion) {
    case "priority":
      return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];
    case "tier":
      return TIER_RANK[a.tier] - TIER_RANK[b.tier];
    case "progress":
      return a.progress - b.progress;
    case "youngest": {
      // A track with no start time has invested nothing: treat it as the youngest.
      const aStart = a.startedAt ?? Number.POSITIVE_INFINITY;
      const bStart = b.startedAt ?? Number.POSITIVE_INFINITY;
      return aStart === bStart ? 0 : aStart > bStart ? -1 : 1;
    }
    case "memory":
      return b.currentBytes - a.currentBytes;
    default: {
      const unreachable: never = criterion;
      return unreachable;
    }
  }
}

/** Victim order: the first track in the result yields first. Ties fall to the later plan position. */
export function compareVictims(order: readonly VictimCriterion[]) {
  return (a: GovernorTrack, b: GovernorTrack): number => {
    for (const criterion of order) {
      const difference = compareByCriterion(criterion, a, b);
      if (difference !== 0) return difference;
    }
    return -compareKeys(a, b);
  };
}

/** "87.1 %". */
export function formatPercent(percent: number): string {
  return `${percent.toFixed(1)} %`;
}

/** "Red". */
export function zoneName(zone: Zone): string {
  return zone.charAt(0).toUpperCase() + zone.slice(1);
}

/** "C (low, sub-agent)" — the facts that decided its place in an order. */
export function describeTrack(track: GovernorTrack): string {
  const tier = track.tier === "sub-agent" ? ", sub-agent" : "";
  return `${track.key} (${track.priority}${tier})`;
}

/** The running track on its local model that holds the most memory, when the plan gives it a cloud model. */
export function chooseSwap(
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
