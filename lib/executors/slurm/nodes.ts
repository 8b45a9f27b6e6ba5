// Nodes' memory as `scontrol show node -o` reports it, in bytes, ready for the governor's cluster view.
import { isUnset, parseSlurmRecord, parseSlurmSize, type SlurmRecord } from "./records";

/** One node's memory and state. Plain data: pass it to pure code as it is. */
export type SlurmNodeMemory = {
  name: string;
  /** Base state: IDLE, MIXED, ALLOCATED, DOWN, FUTURE, UNKNOWN … */
  state: string;
  /** State flags: DRAIN, COMPLETING, NOT_RESPONDING ("*"), MAINTENANCE, POWERED_DOWN … */
  flags: string[];
  /** False when the node is down, drained or draining, or not responding: nothing new will start there. */
  isAvailable: boolean;
  /** Configured memory Slurm schedules against (RealMemory). */
  realMemoryBytes: number;
  /** Memory reserved by jobs on it (AllocMem), suspended jobs included. */
  allocatedBytes: number;
  /** Free memory the node's OS reports (FreeMem), null when Slurm does not know it. */
  freeBytes: number | null;
  cpus: { total: number; allocated: number };
  partitions: string[];
  /** Why it is drained or down, as the admin or Slurm wrote it. */
  reason: string | null;
};

const UNAVAILABLE = new Set([
  "DOWN",
  "DRAIN",
  "DRAINED",
  "DRAINING",
  "FAIL",
  "FAILING",
  "NOT_RESPONDING",
  "FUTURE",
]);

/** A parsed `scontrol show node -o` record. */
export function toSlurmNodeMemory(record: SlurmRecord): SlurmNodeMemory {
  const name = record.NodeName;
  if (!name) throw new Error(`not a node record (no NodeName=): ${JSON.stringify(record).slice(0, 200)}`);
  const rawState = record.State ?? "UNKNOWN";
  const [base = "UNKNOWN", ...rest] = rawState.replace(/\*$/, "").split("+");
  const flags = rawState.endsWith("*") ? [...rest, "NOT_RESPONDING"] : rest;
  return {
    name,
    state: base,
    flags,
    isAvailable: !UNAVAILABLE.has(base) && !flags.some((flag) => UNAVAILABLE.has(flag)),
    realMemoryBytes: parseSlurmSize(record.RealMemory, "M") ?? 0,
    allocatedBytes: parseSlurmSize(record.AllocMem, "M") ?? 0,
    freeBytes: parseSlurmSize(record.FreeMem, "M"),
    cpus: { total: Number(record.CPUTot ?? 0) || 0, allocated: Number(record.CPUAlloc ?? 0) || 0 },
    partitions: isUnset(record.Partitions) ? [] : (record.Partitions ?? "").split(","),
    reason: isUnset(record.Reason) ? null : (record.Reason ?? null),
  };
}

/** Every node of a `scontrol show node -o` output. */
export function parseSlurmNodes(output: string): SlurmNodeMemory[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("NodeName="))
    .map((line) => toSlurmNodeMemory(parseSlurmRecord(line)));
}

/** The cluster as one memory view: what Slurm can schedule, what jobs reserved, what the nodes' OSes see used. */
export type ClusterMemory = {
  nodes: number;
  availableNodes: number;
  capacityBytes: number;
  allocatedBytes: number;
  /** RealMemory − FreeMem over nodes that report FreeMem; null when none does. */
  usedBytes: number | null;
};

/** Sums the nodes that can take work (drained and down nodes hold no schedulable memory). */
export function summariseClusterMemory(nodes: readonly SlurmNodeMemory[]): ClusterMemory {
  const available = nodes.filter((node) => node.isAvailable);
  const reporting = available.filter((node) => node.freeBytes !== null);
  return {
    nodes: nodes.length,
    availableNodes: available.length,
    capacityBytes: available.reduce((sum, node) => sum + node.realMemoryBytes, 0),
    allocatedBytes: available.reduce((sum, node) => sum + node.allocatedBytes, 0),
    usedBytes:
      reporting.length === 0
        ? null
        : reporting.reduce((sum, node) => sum + Math.max(0, node.realMemoryBytes - (node.freeBytes ?? 0)), 0),
  };
}
