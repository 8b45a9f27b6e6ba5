// Turns one memory reading into the three views (system, machine, budget) and the zone that drives the governor. Pure.
import type { MemorySample, Zone, ZoneSource, ZoneThresholds } from "../types";
import { classifyZone, tierFor } from "./zones";

const MIB = 1024 ** 2;
const DEFAULT_FLOOR_FRACTION = 0.05;
const DEFAULT_FLOOR_MIN_BYTES = 512 * MIB;

export type MemorySampleInput = {
  /** ISO time of the reading. */
  at: string;
  meminfo: { totalBytes: number; availableBytes: number; swapTotalBytes: number; swapFreeBytes: number };
  cgroup: { limitBytes: number | null; usageBytes: number | null } | null;
  /** Memory used by Paratrack's agents right now. */
  agentsBytes: number;
  /** RAM_BUDGET in bytes; null = no budget, the machine view drives the zone. */
  budgetBytes: number | null;
  /** Minimum available memory before the zone is forced Red; null = resolveHardFloor's default. */
  hardFloorBytes: number | null;
  thresholds: ZoneThresholds;
  previousZone: Zone | null;
  psi: { some10: number; full10: number } | null;
};

/** The hard floor in bytes: the configured one, or max(5 % of capacity, 512 MiB) like a kubelet hard-eviction line. */
export function resolveHardFloor(capacityBytes: number, configured: number | null): number {
  if (configured !== null) return Math.max(0, configured);
  return Math.max(capacityBytes * DEFAULT_FLOOR_FRACTION, DEFAULT_FLOOR_MIN_BYTES);
}

const percentOf = (used: number, total: number): number => (total > 0 ? (used / total) * 100 : 0);

function machineView(input: MemorySampleInput, systemUsed: number): MemorySample["machine"] {
  const physical = input.meminfo.totalBytes;
  const limit = input.cgroup?.limitBytes ?? null;
  const usage = input.cgroup?.usageBytes ?? null;
  // A cgroup limit only matters when it is tighter than the box; without its usage we cannot place us in it.
  if (limit !== null && usage !== null && limit > 0 && limit < physical) {
    return {
      capacityBytes: limit,
      usedBytes: usage,
      usedPercent: percentOf(usage, limit),
      capacitySource: "cgroup",
    };
  }
  return {
    capacityBytes: physical,
    usedBytes: systemUsed,
    usedPercent: percentOf(systemUsed, physical),
    capacitySource: "physical",
  };
}

/** One MemorySample: the views, the tier of the effective capacity, and the zone with what set it. */
export function computeMemorySample(input: MemorySampleInput): MemorySample {
  const { meminfo } = input;
  const systemUsed = Math.max(0, meminfo.totalBytes - meminfo.availableBytes);
  const system = {
    totalBytes: meminfo.totalBytes,
    availableBytes: meminfo.availableBytes,
    usedBytes: systemUsed,
    usedPercent: percentOf(systemUsed, meminfo.totalBytes),
  };
  const machine = machineView(input, systemUsed);
  const budget =
    input.budgetBytes !== null && input.budgetBytes > 0
      ? {
          bytes: input.budgetBytes,
          usedBytes: input.agentsBytes,
          usedPercent: percentOf(input.agentsBytes, input.budgetBytes),
        }
      : null;

  // Inside a cgroup the host can still run dry around us, so the floor watches whichever headroom is smaller.
  const machineAvailable = machine.capacityBytes - machine.usedBytes;
  const headroom =
    machine.capacitySource === "cgroup"
      ? Math.min(machineAvailable, meminfo.availableBytes)
      : machineAvailable;
  const floor = resolveHardFloor(machine.capacityBytes, input.hardFloorBytes);

  let zone: Zone;
  let zoneSource: ZoneSource;
  if (headroom < floor) {
    // The floor protects the machine whatever the budget says: a calm budget must not hide a box running dry.
    zone = "red";
    zoneSource = "hard-floor";
  } else if (budget) {
    zone = classifyZone(budget.usedPercent, input.thresholds, input.previousZone);
    zoneSource = "budget";
  } else {
    zone = classifyZone(machine.usedPercent, input.thresholds, input.previousZone);
    zoneSource = "machine";
  }

  return {
    at: input.at,
    zone,
    zoneSource,
    // The tier follows the capacity we may really use: a 64 GB host that gives us an 8 GB cgroup is an 8 GB machine.
    tier: tierFor(machine.capacityBytes),
    system,
    machine,
    budget,
    swap: {
      totalBytes: meminfo.swapTotalBytes,
      usedBytes: Math.max(0, meminfo.swapTotalBytes - meminfo.swapFreeBytes),
    },
    psi: input.psi,
  };
}
