// The automatic checks of the phase 1–3 and 5 gate items: each reads its slice of the evidence and says pass, fail
// or pending, with the numbers behind it. Pure.

import { listMetrics, type RunMetrics } from "../reporting/metrics";
import { describeRamLine } from "../reporting/ram-line";
import { formatBytes, formatDuration } from "../units";
import type {
  ActivationEvidence,
  GateEvidence,
  IntegrationEvidence,
  ManualTick,
  MonitoringEvidence,
  PlanEvidence,
  ResourcePlanEvidence,
  ScheduleEvidence,
  StabilityEvidence,
  TrackMemoryEvidence,
} from "./gate-evidence";
import { fallBackToManual, manual, type Outcome, pct, pending, plural } from "./gate-outcome";
import { SCHEDULE_TOLERANCE_POINTS, scheduleStanding } from "./schedule-standing";

/** A track may use up to 110 % of its RAM estimate before "Resource usage within planned limits" fails. */
export const RESOURCE_TOLERANCE_PERCENT = 110;
/** Monitoring counts as active while the last sample is no older than 3 sampling intervals. */
export const MONITORING_STALE_INTERVALS = 3;

/** Phase 1: a valid plan whose every track has a scope contract and no two contracts overlap. */
export function checkTracksIdentified(plan: PlanEvidence | undefined): Outcome {
  if (!plan) return pending("no validated plan yet");
  const problems: string[] = [];
  if (!plan.valid) problems.push(`plan has ${plural(plan.errorCount, "error")}`);
  if (plan.trackCount === 0) problems.push("plan has no tracks");
  if (plan.tracksWithoutScope.length > 0)
    problems.push(`no scope contract: ${plan.tracksWithoutScope.join(", ")}`);
  if (plan.scopeOverlaps.length > 0) {
    const pairs = plan.scopeOverlaps.map((o) => `${o.a}↔${o.b} (${o.globA} ∩ ${o.globB})`);
    problems.push(`${plural(plan.scopeOverlaps.length, "scope overlap")}: ${pairs.join(", ")}`);
  }
  if (problems.length > 0) return { status: "fail", evidence: problems.join("; ") };
  return {
    status: "pass",
    evidence: `${plural(plan.trackCount, "track")}, each with a scope contract; no scope overlaps`,
  };
}

/** Phase 1: the plan's peak concurrent RAM fits below the line it was planned for (the admission line). */
export function checkResourcePlan(r: ResourcePlanEvidence | undefined): Outcome {
  if (!r) return pending("no resource plan yet");
  const fits = r.peakPlannedBytes <= r.capacityBytes;
  const unestimated =
    r.unestimatedTracks.length > 0
      ? `; no estimate, admitted on observed use: ${r.unestimatedTracks.join(", ")}`
      : "";
  const line = describeRamLine(r.capacityBytes, r.budgetBytes);
  const evidence = `peak planned ${formatBytes(r.peakPlannedBytes)} ${fits ? "≤" : ">"} ${line.name} ${formatBytes(r.capacityBytes)}, ${line.basis}${unestimated}`;
  return { status: fits ? "pass" : "fail", evidence };
}

/** Phase 2: every launched agent process is still alive after launch. */
export function checkActivation(a: ActivationEvidence | undefined): Outcome {
  if (!a) return pending("agents not launched yet");
  const counted = `${a.alive}/${a.expected} processes alive after ${formatDuration(a.afterMs)}`;
  if (a.expected > 0 && a.alive >= a.expected) return { status: "pass", evidence: counted };
  const failed = a.failedTracks.length > 0 ? ` (not alive: ${a.failedTracks.join(", ")})` : "";
  return { status: "fail", evidence: `${counted}${failed}` };
}

/** Phase 2: no track's peak goes past its RAM estimate by more than the tolerance. */
export function checkTrackMemory(
  tracks: readonly TrackMemoryEvidence[] | undefined,
  tick: ManualTick | undefined,
): Outcome {
  if (!tracks || tracks.length === 0) return pending("no per-track memory readings yet");
  const rated = tracks
    .filter(
      (t): t is TrackMemoryEvidence & { estimateBytes: number } =>
        t.estimateBytes !== null && t.estimateBytes > 0,
    )
    .map((t) => ({
      ...t,
      percent: (t.peakBytes / t.estimateBytes) * 100,
      // Compared in bytes so exactly 110 % is not lost to floating point.
      isOver: t.peakBytes * 100 > t.estimateBytes * RESOURCE_TOLERANCE_PERCENT,
    }));
  if (rated.length === 0) return fallBackToManual(tick, "no track has a RAM estimate to compare against");
  const worst = rated.reduce((a, b) => (b.percent > a.percent ? b : a));
  const over = rated.filter((t) => t.isOver).map((t) => `${t.key} ${pct(t.percent)}`);
  const head = `max track ${pct(worst.percent)} of estimate (${worst.key}: ${formatBytes(worst.peakBytes)} of ${formatBytes(worst.estimateBytes)}); limit ${RESOURCE_TOLERANCE_PERCENT} %`;
  if (over.length > 0) return { status: "fail", evidence: `${head}; over: ${over.join(", ")}` };
  return { status: "pass", evidence: head };
}

/** Phase 2: the memory monitor samples on time and zone alerts are configured. */
export function checkMonitoring(m: MonitoringEvidence | undefined): Outcome {
  if (!m) return pending("monitor not started");
  if (!m.active || m.lastSampleAgeMs === null)
    return { status: "fail", evidence: "memory monitor is not sampling" };
  const limit = m.intervalMs * MONITORING_STALE_INTERVALS;
  const age = `last sample ${formatDuration(m.lastSampleAgeMs)} ago (sampling every ${formatDuration(m.intervalMs)})`;
  if (m.lastSampleAgeMs > limit) return { status: "fail", evidence: `${age}: stale` };
  if (!m.alertsConfigured) return { status: "fail", evidence: `${age}, but no alert thresholds configured` };
  return { status: "pass", evidence: `${age}; zone alerts on` };
}

/** Phase 2: no scope conflict has been detected. */
export function checkConflicts(c: GateEvidence["conflicts"]): Outcome {
  if (!c) return pending("scope watching not started");
  if (c.total === 0) return { status: "pass", evidence: "no scope conflicts detected" };
  return {
    status: "fail",
    evidence: `${plural(c.total, "scope conflict")} detected (${c.critical} critical)`,
  };
}

/** Phase 3: each running track's progress keeps up with its share of the planned time. */
export function checkSchedule(tracks: readonly ScheduleEvidence[] | undefined): Outcome {
  if (!tracks) return pending("no progress data yet");
  const behind: string[] = [];
  const unreported: string[] = [];
  const unplanned: string[] = [];
  let onSchedule = 0;
  for (const t of tracks) {
    const standing = scheduleStanding(t);
    switch (standing.kind) {
      case "waiting":
        break;
      case "completed":
      case "on-schedule":
        onSchedule++;
        break;
      case "ended":
      case "behind":
        behind.push(standing.detail);
        break;
      case "unplanned":
        unplanned.push(t.key);
        break;
      case "unreported":
        unreported.push(t.key);
        break;
    }
  }
  const notes: string[] = [];
  if (unreported.length > 0) notes.push(`no progress reported: ${unreported.join(", ")}`);
  if (unplanned.length > 0) notes.push(`no planned duration: ${unplanned.join(", ")}`);
  const tail = notes.length > 0 ? `; ${notes.join("; ")}` : "";
  if (behind.length > 0) return { status: "fail", evidence: `behind schedule: ${behind.join(", ")}${tail}` };
  if (unreported.length > 0 || onSchedule === 0) {
    return pending(`${onSchedule} ${onSchedule === 1 ? "track" : "tracks"} on schedule${tail}`);
  }
  return {
    status: "pass",
    evidence: `${onSchedule} ${onSchedule === 1 ? "track" : "tracks"} on schedule (within ${SCHEDULE_TOLERANCE_POINTS} points of planned progress)${tail}`,
  };
}

/** Phase 3: memory stayed below Red with no governor pauses over the window. */
export function checkStability(s: StabilityEvidence | undefined): Outcome {
  if (!s) return pending("no memory history yet");
  const head = `peak ${s.peakUsedPercent.toFixed(1)} % over the last ${formatDuration(s.windowMs)} (Red from ${s.redLine} %)`;
  const pauses =
    s.governorPauses === 0 ? "no governor pauses" : `${plural(s.governorPauses, "governor pause")}`;
  const stable = s.peakUsedPercent < s.redLine && s.governorPauses === 0;
  return { status: stable ? "pass" : "fail", evidence: `${head}, ${pauses}` };
}

/** Phase 3: no critical blocker is open on the board, completed tracks' included (see countOpenForGate). */
export function checkBlockers(b: GateEvidence["blockers"]): Outcome {
  if (!b) return pending("no status reports yet");
  const n = b.bySeverity;
  const others = (["high", "medium", "low"] as const).filter((s) => n[s] > 0).map((s) => `${n[s]} ${s}`);
  const otherText = others.length > 0 ? ` (${others.join(", ")} open)` : "";
  if (n.critical === 0) return { status: "pass", evidence: `no critical blockers${otherText}` };
  return {
    status: "fail",
    evidence: `${plural(n.critical, "critical blocker")} open${otherText}${onCompletedTracks(n.critical, b.criticalOnCompleted)}`,
  };
}

/** "; 1 of them is on completed track billing: resolve it on the blockers board if it no longer applies". */
function onCompletedTracks(
  critical: number,
  onCompleted: NonNullable<GateEvidence["blockers"]>["criticalOnCompleted"],
): string {
  const count = onCompleted.reduce((sum, t) => sum + t.count, 0);
  if (count === 0) return "";
  const one = count === 1;
  const which = count >= critical ? (one ? "it is" : "all are") : `${count} of them ${one ? "is" : "are"}`;
  const tracks = `completed ${onCompleted.length === 1 ? "track" : "tracks"} ${onCompleted.map((t) => t.trackKey).join(", ")}`;
  return `; ${which} on ${tracks}: resolve ${one ? "it" : "them"} on the blockers board if ${one ? "it no longer applies" : "they no longer apply"}`;
}

/** Phase 3: every track test that has run passed. */
export function checkQualityGates(gates: GateEvidence["qualityGates"]): Outcome {
  if (!gates || gates.length === 0) return pending("no track tests have run yet");
  const failed = gates.filter((g) => !g.passed);
  const head = `${gates.length - failed.length}/${gates.length} track tests passed`;
  if (failed.length === 0) return { status: "pass", evidence: head };
  return {
    status: "fail",
    evidence: `${head}; failed: ${[...new Set(failed.map((g) => g.trackKey))].join(", ")}`,
  };
}

/** Phase 5: the integration's merges decide when they have run (a lead's tick still passes a stopped one); else the lead. */
export function checkMerges(
  i: IntegrationEvidence | undefined,
  tick: ManualTick | undefined,
  context: string | undefined,
): Outcome {
  if (!i?.merges) return manual(tick, context);
  if (i.merges.allMerged) return { status: "pass", evidence: i.merges.summary };
  if (tick) return manual(tick);
  return { status: "fail", evidence: i.merges.summary };
}

/** Phase 5: the integration test command passed (the lead ticks when the plan has none). */
export function checkIntegration(i: IntegrationEvidence | undefined, tick: ManualTick | undefined): Outcome {
  if (!i) return pending("integration tests not run yet");
  if (!i.configured) return fallBackToManual(tick, "no integration test command in the plan");
  if (i.interrupted) return pending(`integration tests did not run to their end: ${i.interrupted}`);
  if (i.passed === null) return pending("integration tests not run yet");
  const summary = i.summary?.trim() ? `: ${i.summary.trim()}` : "";
  if (i.passed) return { status: "pass", evidence: `integration tests passed${summary}` };
  return {
    status: "fail",
    evidence: `integration tests ${i.testRan === false ? "not run" : "failed"}${summary}`,
  };
}

/** Phase 5: met when no metric crosses the seed's threshold; metrics only near their target are named but do not fail. */
export function checkMetrics(metrics: RunMetrics | undefined): Outcome {
  if (!metrics) return pending("metrics not computed yet");
  const all = listMetrics(metrics);
  const by = (s: string) => all.filter((m) => m.status === s);
  const failed = by("fail");
  const warned = by("warn");
  const met = by("met");
  const noData = by("no-data");
  if (met.length + warned.length + failed.length === 0) return pending("no metric has data yet");
  const describeList = (list: typeof all) =>
    list.map((m) => `${m.label} ${formatValue(m.value, m.unit)}`).join(", ");
  const parts = [`${met.length} met`];
  if (warned.length > 0) parts.push(`${warned.length} near target (${describeList(warned)})`);
  parts.push(`${failed.length} failed${failed.length > 0 ? ` (${describeList(failed)})` : ""}`);
  if (noData.length > 0) parts.push(`no data: ${noData.map((m) => m.label).join(", ")}`);
  return { status: failed.length > 0 ? "fail" : "pass", evidence: parts.join(", ") };
}

function formatValue(value: number | null, unit: "%" | "count"): string {
  if (value === null) return "—";
  return unit === "%" ? `${value.toFixed(1)} %` : String(value);
}
