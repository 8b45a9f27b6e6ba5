// Words for the Slurm cluster card: the one-line summary and each node's state as a lead reads it.
import { formatBytes } from "@/lib/domain/units";
import type { ClusterNodeView, ClusterView } from "@/lib/domain/views";

/** "taking work: 1 of 2 nodes · 3.0 GB of 16 GB reserved by jobs · OS use 5.0 GB". */
export function describeClusterSummary(cluster: ClusterView): string {
  const total = cluster.nodes.length;
  const nodes = `taking work: ${cluster.availableNodes} of ${total} node${total === 1 ? "" : "s"}`;
  const reserved = `${formatBytes(cluster.allocatedBytes)} of ${formatBytes(cluster.capacityBytes)} reserved by jobs`;
  const used = cluster.usedBytes === null ? null : `OS use ${formatBytes(cluster.usedBytes)}`;
  return [nodes, reserved, used].filter(Boolean).join(" · ");
}

/** "takes work (mixed)", "drained: disk replaced", "down, not responding". */
export function describeNodeAvailability(node: ClusterNodeView): string {
  const state = [node.state, ...node.flags].map((word) => word.toLowerCase().replaceAll("_", " ")).join(", ");
  if (node.available) return `takes work (${state})`;
  return `no new work (${state})${node.reason ? `: ${node.reason}` : ""}`;
}

/** The memory in use on a node as the zone reads it: the OS's (FreeMem), or the jobs' measure when higher. */
export function inUseBytes(node: ClusterNodeView): number | null {
  if (node.usedBytes === null) return node.jobsBytes > 0 ? node.jobsBytes : null;
  return Math.max(node.usedBytes, node.jobsBytes);
}

/** Where the in-use figure comes from: "by its OS; the run's jobs 1.20 GB", "as the run's jobs measure it …". */
export function describeInUse(node: ClusterNodeView): string {
  const jobs = `the run's jobs ${formatBytes(node.jobsBytes)}`;
  if (node.usedBytes === null) return node.jobsBytes > 0 ? `as ${jobs} measure it` : "not reported";
  if (node.jobsBytes > node.usedBytes)
    return `as the run's jobs measure it; the node's FreeMem, which lags, says ${formatBytes(node.usedBytes)}`;
  return node.jobsBytes > 0 ? `by its OS; ${jobs}` : "by its OS";
}
