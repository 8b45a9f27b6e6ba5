// The facts a validation gate is checked against, as the engine collects them, and the lead's ticks on manual items.
// Types only, apart from the tick key helper.

import type { OpenBlockerCounts } from "../coordination/blockers";
import type { ScopeOverlap } from "../coordination/scope-overlaps";
import type { RunMetrics } from "../reporting/metrics";
import type { DurationRange, TrackStatus } from "../types";
import type { GateItemKey } from "./phases";

/** The lead's tick on a manual item. */
export type ManualTick = { by: string; note?: string | null; at: string };

/**
 * Ticks by item key. Per-track items (phase 4) also accept "<itemKey>:<trackKey>" for one track;
 * a bare item key then counts for every track.
 */
export type ManualTicks = Readonly<Record<string, ManualTick | undefined>>;

/** The tick key for one track's per-track item. */
export function trackTickKey(itemKey: GateItemKey, trackKey: string): string {
  return `${itemKey}:${trackKey}`;
}

/** The validated plan's tracks and scope contracts, for "All tracks identified with clear boundaries". */
export type PlanEvidence = {
  valid: boolean;
  errorCount: number;
  trackCount: number;
  tracksWithoutScope: readonly string[];
  scopeOverlaps: readonly ScopeOverlap[];
};

/** The planned peak against capacity, for "Resource allocation plan validated". */
export type ResourcePlanEvidence = {
  /** Highest planned concurrent RAM over the schedule. */
  peakPlannedBytes: number;
  /** The line the plan was made to stay below (see plan-capacity.ts). */
  capacityBytes: number;
  /** The run's RAM budget, which the line is a share of; null when the run had none (the machine's target). */
  budgetBytes: number | null;
  /** Tracks with no RAM estimate (admitted on observed use). */
  unestimatedTracks: readonly string[];
};

/** Agent processes counted alive after launch, for "All agents successfully activated". */
export type ActivationEvidence = {
  expected: number;
  alive: number;
  /** How long after launch the processes were counted. */
  afterMs: number;
  /** Keys of tracks whose agents were not alive. */
  failedTracks: readonly string[];
};

/** One track's peak RAM against its estimate, for "Resource usage within planned limits". */
export type TrackMemoryEvidence = { key: string; peakBytes: number; estimateBytes: number | null };

/** The memory monitor's freshness and alerts, for "Monitoring and alerting active". */
export type MonitoringEvidence = {
  active: boolean;
  lastSampleAgeMs: number | null;
  intervalMs: number;
  /** Zone thresholds configured, so crossing one raises an alert. */
  alertsConfigured: boolean;
};

/** One track's time and progress against its plan, for "All tracks progressing on schedule". */
export type ScheduleEvidence = {
  key: string;
  status: TrackStatus;
  /** Running time so far. */
  elapsedMs: number;
  planned: DurationRange | null;
  /** Last reported progress; null when the track has not reported. */
  progressPercent: number | null;
};

/** Memory pressure over a recent window, for "Resource usage stable and sustainable". */
export type StabilityEvidence = {
  windowMs: number;
  peakUsedPercent: number;
  /** Where the Red zone begins, in percent. */
  redLine: number;
  /** Tracks the governor paused for memory pressure in the window. */
  governorPauses: number;
};

/** How one track ended and what it left running, for the phase 4 per-track gate. */
export type TrackCompletionEvidence = {
  key: string;
  status: TrackStatus;
  testConfigured: boolean;
  /** null until the track's test has run. */
  testPassed: boolean | null;
  liveProcesses: number;
  liveBytes: number;
};

/** The integration's test and merges, for phase 5. */
export type IntegrationEvidence = {
  configured: boolean;
  passed: boolean | null;
  summary?: string | null;
  /** Phase 5's merges of the track branches (issue 13), when they have run: all merged, or where they stopped. */
  merges?: { allMerged: boolean; summary: string } | null;
  /** Why the latest integration did not run to its end (a stop or crash of the server cut it off); no verdict. */
  interrupted?: string | null;
  /** False when the integration ended without running its test (its merges stopped): failed, but not by a test. */
  testRan?: boolean;
};

/** The facts the engine collects for the gates; a missing field leaves its auto items pending. */
export type GateEvidence = {
  manualTicks?: ManualTicks;
  plan?: PlanEvidence;
  resourcePlan?: ResourcePlanEvidence;
  activation?: ActivationEvidence;
  trackMemory?: readonly TrackMemoryEvidence[];
  monitoring?: MonitoringEvidence;
  conflicts?: { total: number; critical: number };
  schedule?: readonly ScheduleEvidence[];
  stability?: StabilityEvidence;
  /** Open blockers on the board, by severity and (critical ones) on completed tracks. */
  blockers?: OpenBlockerCounts;
  qualityGates?: readonly { trackKey: string; passed: boolean }[];
  completion?: readonly TrackCompletionEvidence[];
  integration?: IntegrationEvidence;
  metrics?: RunMetrics;
};
