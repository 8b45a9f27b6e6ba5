// The Slurm cluster as the lead sees it: each node's memory, zone, state and the run's tracks on it, the sums over
// the nodes that take work, and the changes worth an event (a node that stops taking work, drained, down or not
// responding, and one that takes work again). Pure.

import type { Zone } from "../types";
import type { ClusterNodeView, ClusterView } from "../views";
import { type ClusterNodeReading, type ClusterTrack, jobsBytesOn, nodeInUse } from "./cluster-governor";

/** A node as `scontrol show node` describes it (lib/executors/slurm/nodes.ts SlurmNodeMemory has these fields). */
export type ClusterNodeStatus = ClusterNodeReading & {
  state: string;
  flags: string[];
  reason: string | null;
  allocatedBytes: number;
};

/** The cluster view: nodes in Slurm's order, zones as the cluster governor gave them, each node's tracks. */
export function describeCluster(input: {
  at: string;
  nodes: readonly ClusterNodeStatus[];
  zones: Readonly<Record<string, Zone>>;
  tracks: readonly ClusterTrack[];
  error: string | null;
}): ClusterView {
  const nodes = input.nodes.map((node): ClusterNodeView => {
    const usedPercent = nodeInUse(node, input.tracks)?.percent ?? null;
    return {
      name: node.name,
      state: node.state,
      flags: [...node.flags],
      available: node.isAvailable,
      reason: node.reason,
      realMemoryBytes: node.realMemoryBytes,
      allocatedBytes: node.allocatedBytes,
      usedBytes: node.freeBytes === null ? null : Math.max(0, node.realMemoryBytes - node.freeBytes),
      jobsBytes: jobsBytesOn(node.name, input.tracks),
      usedPercent,
      zone: input.zones[node.name] ?? null,
      trackKeys: input.tracks.filter((t) => t.nodes.includes(node.name)).map((t) => t.key),
    };
  });
  const available = nodes.filter((node) => node.available);
  const reporting = available.filter((node) => node.usedBytes !== null);
  return {
    at: input.at,
    nodes,
    availableNodes: available.length,
    capacityBytes: available.reduce((sum, node) => sum + node.realMemoryBytes, 0),
    allocatedBytes: available.reduce((sum, node) => sum + node.allocatedBytes, 0),
    usedBytes:
      reporting.length === 0 ? null : reporting.reduce((sum, node) => sum + (node.usedBytes ?? 0), 0),
    error: input.error,
  };
}

/** A node that stopped or started taking work since the last read. */
export type NodeAvailabilityChange = { node: ClusterNodeView; became: "unavailable" | "available" };

/**
 * What changed between two reads. On the first read (no previous view) only nodes already out of service count:
 * the lead should hear of a drained node once, not of every healthy one. A node that disappears from Slurm's
 * list is not reported (a configuration change, not an outage).
 */
export function nodeAvailabilityChanges(
  previous: ClusterView | null,
  current: ClusterView,
): NodeAvailabilityChange[] {
  const before = new Map((previous?.nodes ?? []).map((node) => [node.name, node.available]));
  return current.nodes.flatMap((node): NodeAvailabilityChange[] => {
    const was = before.get(node.name);
    if (was === undefined) return node.available ? [] : [{ node, became: "unavailable" }];
    if (was === node.available) return [];
    return [{ node, became: node.available ? "available" : "unavailable" }];
  });
}

/** "DRAIN", "DOWN+NOT_RESPONDING": the node's state the way Slurm prints it, for messages. */
export function describeNodeState(node: Pick<ClusterNodeView, "state" | "flags">): string {
  return [node.state, ...node.flags].join("+");
}
