// The governor on a Slurm cluster (issue 16), pure: admission is Slurm's (--mem), so ready Slurm tracks are
// submitted at once (within maxConcurrent when the plan sets one); each node's zone comes from what its OS uses
// (RealMemory − FreeMem, as `scontrol show node` reports) or, when more, what the run's jobs there measure (sstat:
// FreeMem lags by a minute or two); Red on a node pauses the lowest-priority track running there, one per pass;
// a node calm (Green) for settleSeconds gets one governor-paused track back per pass.
import type { PausedBy, Priority, TrackStatus, Zone, ZoneThresholds } from "../types";
import { formatDuration } from "../units";
import { classifyZone } from "./zones";

export type ClusterNodeReading = {
  name: string;
  realMemoryBytes: number;
  /** Memory the node's OS reports free; null when Slurm does not know it (no zone then). */
  freeBytes: number | null;
  isAvailable: boolean;
};

export type ClusterTrack = {
  key: string;
  position: number;
  priority: Priority;
  status: TrackStatus;
  pausedBy: PausedBy | null;
  startedAt: number | null;
  /** Nodes its job runs on (expanded); empty while pending. */
  nodes: string[];
  /** What its job measures now (sstat), 0 when not measured. */
  currentBytes: number;
};

export type ClusterAction = { kind: "start" | "pause" | "resume"; trackKey: string; reason: string };

/** Zones per node and since when each has been Green (for the settle time), carried from pass to pass. */
export type ClusterGovernorMemory = { zones: Record<string, Zone>; greenSince: Record<string, number> };

export const EMPTY_CLUSTER_MEMORY: ClusterGovernorMemory = { zones: {}, greenSince: {} };

const PRIORITY_RANK: Record<Priority, number> = { low: 0, standard: 1, critical: 2 };

export function nodeUsedPercent(node: ClusterNodeReading): number | null {
  if (node.freeBytes === null || node.realMemoryBytes <= 0) return null;
  return (Math.max(0, node.realMemoryBytes - node.freeBytes) / node.realMemoryBytes) * 100;
}

/** What the run's jobs on a node measure (sstat); a job on several nodes counts an equal share on each. */
export function jobsBytesOn(node: string, tracks: readonly ClusterTrack[]): number {
  let bytes = 0;
  for (const t of tracks) {
    if ((t.status !== "running" && t.status !== "paused") || !t.nodes.includes(node)) continue;
    bytes += t.currentBytes / t.nodes.length;
  }
  return bytes;
}

/**
 * The share of a node's memory known to be in use, and what says so: its OS's use (RealMemory − FreeMem, which
 * slurmd reports only every minute or two) or, when higher, what the run's jobs there measure (sstat, seconds old),
 * so that a job that balloons is seen before FreeMem catches up. Null when neither is known.
 */
export function nodeInUse(
  node: ClusterNodeReading,
  tracks: readonly ClusterTrack[],
): { percent: number; source: "os" | "jobs" } | null {
  if (node.realMemoryBytes <= 0) return null;
  const os = nodeUsedPercent(node);
  const jobs = (jobsBytesOn(node.name, tracks) / node.realMemoryBytes) * 100;
  if (os === null) return jobs > 0 ? { percent: jobs, source: "jobs" } : null;
  return jobs > os ? { percent: jobs, source: "jobs" } : { percent: os, source: "os" };
}

export function decideClusterActions(
  input: {
    now: number;
    nodes: readonly ClusterNodeReading[];
    tracks: readonly ClusterTrack[];
    thresholds: ZoneThresholds;
    settleSeconds: number;
    maxConcurrent: number | null;
    enabled: boolean;
  },
  memory: ClusterGovernorMemory,
): { actions: ClusterAction[]; memory: ClusterGovernorMemory; zones: Record<string, Zone> } {
  const actions: ClusterAction[] = [];
  const zones: Record<string, Zone> = {};
  const greenSince: Record<string, number> = {};
  const active = input.tracks.filter((t) => t.status === "running" || t.status === "paused").length;
  const ready = input.tracks.filter((t) => t.status === "ready").sort((a, b) => a.position - b.position);
  const room = input.maxConcurrent === null ? ready.length : Math.max(0, input.maxConcurrent - active);
  for (const t of ready.slice(0, room)) {
    actions.push({
      kind: "start",
      trackKey: t.key,
      reason: "submitted to Slurm: placement and memory admission are Slurm's (--mem)",
    });
  }
  for (const node of input.nodes) {
    const inUse = nodeInUse(node, input.tracks);
    if (inUse === null || !node.isAvailable) continue;
    const { percent } = inUse;
    const measured = inUse.source === "jobs" ? ", as the run's jobs there measure it (FreeMem lags)" : "";
    const zone = classifyZone(percent, input.thresholds, memory.zones[node.name] ?? null);
    zones[node.name] = zone;
    if (zone === "green") greenSince[node.name] = memory.greenSince[node.name] ?? input.now;
    if (!input.enabled) continue;
    const onNode = input.tracks.filter((t) => t.nodes.includes(node.name));
    if (zone === "red") {
      const victim = onNode
        .filter((t) => t.status === "running")
        .sort(
          (a, b) =>
            PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || (b.startedAt ?? 0) - (a.startedAt ?? 0),
        )[0];
      if (victim)
        actions.push({
          kind: "pause",
          trackKey: victim.key,
          reason: `node ${node.name} in Red: ${percent.toFixed(1)} % of its memory in use${measured} (its lowest-priority track)`,
        });
    } else if (
      zone === "green" &&
      input.now - (greenSince[node.name] ?? input.now) >= input.settleSeconds * 1000
    ) {
      const back = onNode
        .filter((t) => t.status === "paused" && t.pausedBy === "governor")
        .sort((a, b) => PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] || a.position - b.position)[0];
      if (back)
        actions.push({
          kind: "resume",
          trackKey: back.key,
          reason: `node ${node.name} back in Green (${percent.toFixed(1)} % in use${measured}) for ${formatDuration(input.settleSeconds * 1000)}`,
        });
    }
  }
  return { actions, memory: { zones, greenSince }, zones };
}

/** A Slurm hostlist ("localhost", "node[01-03,07],gpu1") as node names. */
export function expandHostlist(list: string | null): string[] {
  if (!list) return [];
  const names: string[] = [];
  for (const part of list.match(/[^,[]+(?:\[[^\]]*\])?[^,]*/g) ?? []) {
    const match = /^([^[]*)\[([^\]]*)\](.*)$/.exec(part);
    if (!match) {
      names.push(part);
      continue;
    }
    const [, prefix = "", ranges = "", suffix = ""] = match;
    for (const range of ranges.split(",")) {
      const [from = "", to = from] = range.split("-");
      const width = from.length;
      for (let n = Number(from); n <= Number(to); n++)
        names.push(`${prefix}${String(n).padStart(width, "0")}${suffix}`);
    }
  }
  return names;
}
