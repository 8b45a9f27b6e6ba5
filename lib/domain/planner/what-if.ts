// The what-if planner: the same plan scheduled for the seed's 16 / 32 / 64 GB tiers and this machine. Pure.

import { tierFor } from "../governor/zones";
import type { PlanIssue } from "../plan/plan-validate";
import type { MemorySample, Plan, RamTier, TrackPlan } from "../types";
import { formatBytes } from "../units";
import { planCapacityBytes } from "./plan-capacity";
import { planTracks, type TrackSchedule } from "./planner";

const GIB = 1024 ** 3;

/** Machine sizes the panel compares, in GiB. */
export const WHAT_IF_TIER_SIZES_GIB = [16, 32, 64] as const;

/** Tracks without a duration are planned at one hour, as the engine plans runs. */
export const WHAT_IF_DEFAULT_DURATION_MS = 3_600_000;

export type WhatIfMachine = {
  id: string;
  label: string;
  /** The machine's memory (what the tier is chosen from). */
  totalBytes: number;
  tier: RamTier;
  /** RAM the tracks may fill together. */
  capacityBytes: number;
  /** How capacityBytes was arrived at, in words. */
  capacityBasis: string;
  maxConcurrent: number;
  maxConcurrentSource: "plan" | "tier";
  isCurrent: boolean;
};

export type WhatIfColumn = WhatIfMachine & { schedule: TrackSchedule };

/** A machine of `gib` GiB: its tier's concurrency and its upper target utilisation as the capacity. */
export function tierMachine(gib: number, plan: Pick<Plan, "maxConcurrent">): WhatIfMachine {
  const totalBytes = gib * GIB;
  const tier = tierFor(totalBytes);
  return {
    id: `${gib}GiB`,
    label: `${gib} GB machine`,
    totalBytes,
    tier,
    capacityBytes: (totalBytes * tier.targetUtilization.max) / 100,
    // In the app's decimal units, as every other size: a tier's "16 GB machine" has 16 GiB, 17.2 GB.
    capacityBasis: `${tier.targetUtilization.max} % of ${formatBytes(totalBytes)} (the ${tier.label} tier's upper target)`,
    maxConcurrent: plan.maxConcurrent ?? tier.maxConcurrent,
    maxConcurrentSource: plan.maxConcurrent === null ? "tier" : "plan",
    isCurrent: false,
  };
}

/** This machine as the engine would plan a run of the plan on it now (budget and admission line included). */
export function currentMachine(
  plan: Plan,
  sample: Pick<MemorySample, "machine" | "tier">,
  /** RAM_BUDGET from the server's config, used when the plan's budget is "auto". */
  configBudgetBytes: number | null,
): WhatIfMachine {
  const budget = plan.ram.budget === "auto" ? configBudgetBytes : plan.ram.budget;
  const capacityBytes = planCapacityBytes(plan, sample, budget);
  return {
    id: "current",
    label: `This machine (${formatBytes(sample.machine.capacityBytes)})`,
    totalBytes: sample.machine.capacityBytes,
    tier: sample.tier,
    capacityBytes,
    capacityBasis:
      budget === null
        ? `${sample.tier.targetUtilization.max} % of ${formatBytes(sample.machine.capacityBytes)} (the ${sample.tier.label} tier's upper target)`
        : `the RAM budget ${formatBytes(budget)} up to the ${plan.ram.admitBelow} % admission line`,
    maxConcurrent: plan.maxConcurrent ?? sample.tier.maxConcurrent,
    maxConcurrentSource: plan.maxConcurrent === null ? "tier" : "plan",
    isCurrent: true,
  };
}

/** Plans the tracks for each machine, side by side. */
export function planWhatIf(plan: Plan, machines: readonly WhatIfMachine[], passes?: number): WhatIfColumn[] {
  return machines.map((machine) => ({
    ...machine,
    schedule: planTracks({
      tracks: plan.tracks,
      capacityBytes: machine.capacityBytes,
      maxConcurrent: machine.maxConcurrent,
      resources: plan.resources,
      defaultDurationMs: WHAT_IF_DEFAULT_DURATION_MS,
      passes,
    }),
  }));
}

/** POST /api/plan/what-if: the plan's tracks as estimated, and one column per machine. */
export type WhatIfView = {
  name: string;
  tracks: Pick<TrackPlan, "key" | "name" | "priority" | "ramBytes" | "duration" | "dependsOn">[];
  warnings: PlanIssue[];
  columns: WhatIfColumn[];
  /** Why this machine has no column (e.g. not sampled yet); null when it has one. */
  currentMissing: string | null;
};

/** GET /api/plan/what-if: a plan to start from. */
export type WhatIfSource = {
  from: "current" | "demo" | "seed";
  label: string;
  fileName: string;
  source: string;
};

/** The tracks as the panel lists them (estimates in the plan's own terms). */
export function summarisePlanTracks(plan: Plan): WhatIfView["tracks"] {
  return plan.tracks.map((t) => ({
    key: t.key,
    name: t.name,
    priority: t.priority,
    ramBytes: t.ramBytes,
    duration: t.duration,
    dependsOn: t.dependsOn,
  }));
}

// ---------------------------------------------------------------------------------------------
// Planning figures in the units plans are written in: "2.5 d", "2–3 d", "11.976 GB"
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function trim(n: number, digits: number): string {
  return n.toFixed(digits).replace(/\.?0+$/, "");
}

function unitFor(ms: number): { size: number; name: string } {
  if (ms >= DAY) return { size: DAY, name: "d" };
  if (ms >= HOUR) return { size: HOUR, name: "h" };
  if (ms >= MINUTE) return { size: MINUTE, name: "min" };
  return { size: 1000, name: "s" };
}

/** "2.5 d", "1.5 h", "3 min", "45 s". */
export function formatPlanDuration(ms: number): string {
  if (ms === 0) return "0";
  const { size, name } = unitFor(ms);
  return `${trim(ms / size, 2)} ${name}`;
}

/** "2–3 d", "3 min": both ends in the larger end's unit, as ranges are written in plans. */
export function formatPlanRange(minMs: number, maxMs: number): string {
  const { size, name } = unitFor(maxMs);
  if (minMs === maxMs) return `${trim(maxMs / size, 2)} ${name}`;
  return `${trim(minMs / size, 2)}–${trim(maxMs / size, 2)} ${name}`;
}

/** Decimal GB as plans quote RAM ("11.976 GB"); MB below a gigabyte. */
export function formatPlanBytes(bytes: number): string {
  if (bytes >= 1e9) return `${trim(bytes / 1e9, 3)} GB`;
  return `${trim(bytes / 1e6, 1)} MB`;
}
