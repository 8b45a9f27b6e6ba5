// Validation gates: checks each phase's checklist against the facts the engine collected, and decides whether the
// phase may advance. Pure; the checks themselves live in gate-checks.ts and gate-track-items.ts.
import {
  checkActivation,
  checkBlockers,
  checkConflicts,
  checkIntegration,
  checkMerges,
  checkMetrics,
  checkMonitoring,
  checkQualityGates,
  checkResourcePlan,
  checkSchedule,
  checkStability,
  checkTrackMemory,
  checkTracksIdentified,
} from "./gate-checks";
import type { GateEvidence, ManualTick, ManualTicks, TrackCompletionEvidence } from "./gate-evidence";
import { type GateItemStatus, manual, type Outcome } from "./gate-outcome";
import { aggregateTracks, completedNote, evaluateTrackItem, TRACK_ITEM_KEYS } from "./gate-track-items";
import { type GateItem, type GateItemKey, type GateMode, getPhase, type PhaseNumber } from "./phases";

/** "pending": an auto item without data yet; "manual": waiting for the lead's tick. */
export type { GateItemStatus };

/** One checked item, as the dashboard shows it and the database keeps it. */
export type GateItemResult = {
  key: GateItemKey;
  label: string;
  mode: GateMode;
  status: GateItemStatus;
  /** The facts behind the status, with numbers. */
  evidence: string;
  tick: ManualTick | null;
  /** Set on per-track results from evaluateTrackGate. */
  trackKey?: string;
};

/** Evaluates every item of a phase's gate; phase 4 aggregates the per-track gate over all tracks. */
export function evaluateGate(phase: PhaseNumber, evidence: GateEvidence): GateItemResult[] {
  const ticks = evidence.manualTicks ?? {};
  return getPhase(phase).gate.map((item) => toResult(item, evaluateItem(item, evidence, ticks)));
}

/** The phase 4 gate for one track (the seed's "Validation Gate (Per Track)"). */
export function evaluateTrackGate(
  track: TrackCompletionEvidence,
  manualTicks: ManualTicks = {},
): GateItemResult[] {
  return TRACK_ITEM_KEYS.map((key) => ({
    ...toResult(gateItem(4, key), evaluateTrackItem(key, track, manualTicks)),
    trackKey: track.key,
  }));
}

function gateItem(phase: PhaseNumber, key: GateItemKey): GateItem {
  const item = getPhase(phase).gate.find((i) => i.key === key);
  if (!item) throw new Error(`gate item ${key} is not in phase ${phase}`);
  return item;
}

/** Whether a phase may advance, and what held it (or was overridden), for the lead and the audit trail. */
export type AdvanceDecision = {
  ok: boolean;
  /** Items not passed; empty when every item passed. */
  blocking: GateItemResult[];
  overridden: boolean;
  reason: string | null;
};

/** A phase advances when every item passes (manual items ticked), or when the lead overrides with a reason. */
export function canAdvance(
  results: readonly GateItemResult[],
  override?: { reason: string },
): AdvanceDecision {
  const blocking = results.filter((r) => r.status !== "pass");
  if (blocking.length === 0) return { ok: true, blocking, overridden: false, reason: null };
  const reason = override?.reason.trim() ?? "";
  if (reason !== "") return { ok: true, blocking, overridden: true, reason };
  return { ok: false, blocking, overridden: false, reason: null };
}

function toResult(item: GateItem, outcome: Outcome): GateItemResult {
  return {
    key: item.key,
    label: item.label,
    mode: item.mode,
    status: outcome.status,
    evidence: outcome.evidence,
    tick: outcome.tick ?? null,
  };
}

function evaluateItem(item: GateItem, e: GateEvidence, ticks: ManualTicks): Outcome {
  switch (item.key) {
    case "tracks-identified":
      return checkTracksIdentified(e.plan);
    case "resource-plan-validated":
      return checkResourcePlan(e.resourcePlan);
    case "coordination-protocol-documented":
    case "risk-mitigation-defined":
    case "final-quality-review-complete":
      return manual(ticks[item.key]);
    case "agents-activated":
      return checkActivation(e.activation);
    case "resource-usage-within-limits":
      return checkTrackMemory(e.trackMemory, ticks[item.key]);
    case "monitoring-active":
      return checkMonitoring(e.monitoring);
    case "no-scope-conflicts":
      return checkConflicts(e.conflicts);
    case "tracks-on-schedule":
      return checkSchedule(e.schedule);
    case "resource-usage-stable":
      return checkStability(e.stability);
    case "no-critical-blockers":
      return checkBlockers(e.blockers);
    case "quality-gates-passing":
      return checkQualityGates(e.qualityGates);
    case "track-deliverables-complete":
    case "track-quality-gates-passed":
    case "handoff-documentation-ready":
    case "resources-released":
      return aggregateTracks(item.key, item.mode, e.completion, ticks);
    case "tracks-integrated":
      return checkMerges(e.integration, ticks[item.key], completedNote(e.completion));
    case "integration-tests-passing":
      return checkIntegration(e.integration, ticks[item.key]);
    case "success-metrics-achieved":
      return checkMetrics(e.metrics);
  }
}
