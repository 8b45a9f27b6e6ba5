// Validation gates: checks each phase's checklist against the facts the engine collected. Pure.
import type { ScopeOverlap } from "./conflicts";
import { listMetrics, type RunMetrics } from "./metrics";
import { type GateItem, type GateItemKey, type GateMode, getPhase, type PhaseNumber } from "./phases";
import type { BlockerSeverity, DurationRange, TrackStatus } from "./types";
import { formatBytes, formatDuration } from "./units";

/** A track may use up to 110 % of its RAM estimate before "Resource usage within planned limits" fails. */
export const RESOURCE_TOLERANCE_PERCENT = 110;
/** A track is on schedule while its progress is no more than 10 points behind its share of planned time. */
export const SCHEDULE_TOLERANCE_POINTS = 10;
/** Monitoring counts as active while the last sample is no older than 3 sampling intervals. */
export const MONITORING_STALE_INTERVALS = 3;

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

export type PlanEvidence = {
  valid: boolean;
  errorCount: number;
  trackCount: number;
  tracksWithoutScope: readonly string[];
  scopeOverlaps: readonly ScopeOverlap[];
};

export type ResourcePlanEvidence = {
  /** Highest planned concurrent RAM over the schedule. */
  peakPlannedBytes: number;
  capacityBytes: number;
  /** Tracks with no RAM estimate (admitted on observed use). */
  unestimatedTracks: readonly string[];
};

export type ActivationEvidence = {
  expected: number;
  alive: number;
  /** How long after launch the processes were counted. */
  afterMs: number;
  /** Keys of tracks whose agents were not alive. */
  failedTracks: readonly string[];
};

export type TrackMemoryEvidence = { key: string; peakBytes: number; estimateBytes: number | null };

export type MonitoringEvidence = {
  active: boolean;
  lastSampleAgeMs: number | null;
  intervalMs: number;
  /** Zone thresholds configured, so crossing one raises an alert. */
  alertsConfigured: boolean;
};

export type ScheduleEvidence = {
  key: string;
  status: TrackStatus;
  /** Running time so far. */
  elapsedMs: number;
  planned: DurationRange | null;
  /** Last reported progress; null when the track has not reported. */
  progressPercent: number | null;
};

export type StabilityEvidence = {
  windowMs: number;
  peakUsedPercent: number;
  /** Where the Red zone begins, in percent. */
  redLine: number;
  /** Tracks the governor paused for memory pressure in the window. */
  governorPauses: number;
};

export type TrackCompletionEvidence = {
  key: string;
  status: TrackStatus;
  testConfigured: boolean;
  /** null until the track's test has run. */
  testPassed: boolean | null;
  liveProcesses: number;
  liveBytes: number;
};

export type IntegrationEvidence = {
  configured: boolean;
  passed: boolean | null;
  summary?: string | null;
  /** Phase 5's merges of the track branches (issue 13), when they have run: all merged, or where they stopped. */
  merges?: { allMerged: boolean; summary: string } | null;
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
  /** Open blockers by severity. */
  blockers?: Record<BlockerSeverity, number>;
  qualityGates?: readonly { trackKey: string; passed: boolean }[];
  completion?: readonly TrackCompletionEvidence[];
  integration?: IntegrationEvidence;
  metrics?: RunMetrics;
};

/** "pending": an auto item without data yet; "manual": waiting for the lead's tick. */
export type GateItemStatus = "pass" | "fail" | "pending" | "manual";

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

type Outcome = { status: GateItemStatus; evidence: string; tick?: ManualTick | null };

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

type TrackItemKey =
  | "track-deliverables-complete"
  | "track-quality-gates-passed"
  | "handoff-documentation-ready"
  | "resources-released";
const TRACK_ITEM_KEYS: readonly TrackItemKey[] = [
  "track-deliverables-complete",
  "track-quality-gates-passed",
  "handoff-documentation-ready",
  "resources-released",
];

function gateItem(phase: PhaseNumber, key: GateItemKey): GateItem {
  const item = getPhase(phase).gate.find((i) => i.key === key);
  if (!item) throw new Error(`gate item ${key} is not in phase ${phase}`);
  return item;
}

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

function manual(tick: ManualTick | undefined, context?: string): Outcome {
  if (tick) {
    const note = tick.note?.trim() ? `: ${tick.note.trim()}` : "";
    return { status: "pass", evidence: `ticked by ${tick.by} at ${tick.at}${note}`, tick };
  }
  return { status: "manual", evidence: `waiting for the lead's tick${context ? ` (${context})` : ""}` };
}

/** An auto item whose data cannot exist (e.g. no test configured) falls back to the lead's tick. */
function fallBackToManual(tick: ManualTick | undefined, why: string): Outcome {
  const outcome = manual(tick, why);
  return outcome.status === "pass" ? { ...outcome, evidence: `${why}; ${outcome.evidence}` } : outcome;
}

const pending = (evidence: string): Outcome => ({ status: "pending", evidence });
const pct = (v: number): string => `${Math.round(v)} %`;

function checkTracksIdentified(plan: PlanEvidence | undefined): Outcome {
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

function checkResourcePlan(r: ResourcePlanEvidence | undefined): Outcome {
  if (!r) return pending("no resource plan yet");
  const fits = r.peakPlannedBytes <= r.capacityBytes;
  const unestimated =
    r.unestimatedTracks.length > 0
      ? ` (no estimate, admitted on observed use: ${r.unestimatedTracks.join(", ")})`
      : "";
  const evidence = `peak planned ${formatBytes(r.peakPlannedBytes)} ${fits ? "≤" : ">"} capacity ${formatBytes(r.capacityBytes)}${unestimated}`;
  return { status: fits ? "pass" : "fail", evidence };
}

function checkActivation(a: ActivationEvidence | undefined): Outcome {
  if (!a) return pending("agents not launched yet");
  const counted = `${a.alive}/${a.expected} processes alive after ${formatDuration(a.afterMs)}`;
  if (a.expected > 0 && a.alive >= a.expected) return { status: "pass", evidence: counted };
  const failed = a.failedTracks.length > 0 ? ` (not alive: ${a.failedTracks.join(", ")})` : "";
  return { status: "fail", evidence: `${counted}${failed}` };
}

function checkTrackMemory(
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

function checkMonitoring(m: MonitoringEvidence | undefined): Outcome {
  if (!m) return pending("monitor not started");
  if (!m.active || m.lastSampleAgeMs === null)
    return { status: "fail", evidence: "memory monitor is not sampling" };
  const limit = m.intervalMs * MONITORING_STALE_INTERVALS;
  const age = `last sample ${formatDuration(m.lastSampleAgeMs)} ago (sampling every ${formatDuration(m.intervalMs)})`;
  if (m.lastSampleAgeMs > limit) return { status: "fail", evidence: `${age}: stale` };
  if (!m.alertsConfigured) return { status: "fail", evidence: `${age}, but no alert thresholds configured` };
  return { status: "pass", evidence: `${age}; zone alerts on` };
}

function checkConflicts(c: GateEvidence["conflicts"]): Outcome {
  if (!c) return pending("scope watching not started");
  if (c.total === 0) return { status: "pass", evidence: "no scope conflicts detected" };
  return {
    status: "fail",
    evidence: `${plural(c.total, "scope conflict")} detected (${c.critical} critical)`,
  };
}

function checkSchedule(tracks: readonly ScheduleEvidence[] | undefined): Outcome {
  if (!tracks) return pending("no progress data yet");
  const behind: string[] = [];
  const unreported: string[] = [];
  const unplanned: string[] = [];
  let onSchedule = 0;
  for (const t of tracks) {
    switch (t.status) {
      case "pending":
      case "ready":
        continue;
      case "completed":
        onSchedule++;
        continue;
      case "failed":
      case "stopped":
        behind.push(`${t.key} ${t.status}`);
        continue;
      case "running":
      case "paused":
        break;
    }
    if (t.planned === null) {
      unplanned.push(t.key);
      continue;
    }
    if (t.elapsedMs > t.planned.maxMs) {
      behind.push(`${t.key} past its planned ${formatDuration(t.planned.maxMs)}`);
      continue;
    }
    if (t.progressPercent === null) {
      unreported.push(t.key);
      continue;
    }
    const expected = Math.min(100, (t.elapsedMs / t.planned.maxMs) * 100);
    if (t.progressPercent < expected - SCHEDULE_TOLERANCE_POINTS) {
      behind.push(`${t.key} ${pct(t.progressPercent)} done at ${pct(expected)} of its planned time`);
    } else {
      onSchedule++;
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

function checkStability(s: StabilityEvidence | undefined): Outcome {
  if (!s) return pending("no memory history yet");
  const head = `peak ${s.peakUsedPercent.toFixed(1)} % over the last ${formatDuration(s.windowMs)} (Red from ${s.redLine} %)`;
  const pauses =
    s.governorPauses === 0 ? "no governor pauses" : `${plural(s.governorPauses, "governor pause")}`;
  const stable = s.peakUsedPercent < s.redLine && s.governorPauses === 0;
  return { status: stable ? "pass" : "fail", evidence: `${head}, ${pauses}` };
}

function checkBlockers(b: GateEvidence["blockers"]): Outcome {
  if (!b) return pending("no status reports yet");
  const others = (["high", "medium", "low"] as const).filter((s) => b[s] > 0).map((s) => `${b[s]} ${s}`);
  const otherText = others.length > 0 ? ` (${others.join(", ")} open)` : "";
  if (b.critical > 0)
    return { status: "fail", evidence: `${plural(b.critical, "critical blocker")} open${otherText}` };
  return { status: "pass", evidence: `no critical blockers${otherText}` };
}

function checkQualityGates(gates: GateEvidence["qualityGates"]): Outcome {
  if (!gates || gates.length === 0) return pending("no track tests have run yet");
  const failed = gates.filter((g) => !g.passed);
  const head = `${gates.length - failed.length}/${gates.length} track tests passed`;
  if (failed.length === 0) return { status: "pass", evidence: head };
  return {
    status: "fail",
    evidence: `${head}; failed: ${[...new Set(failed.map((g) => g.trackKey))].join(", ")}`,
  };
}

function evaluateTrackItem(key: TrackItemKey, t: TrackCompletionEvidence, ticks: ManualTicks): Outcome {
  const tick = ticks[trackTickKey(key, t.key)] ?? ticks[key];
  switch (key) {
    case "track-deliverables-complete":
      if (t.status === "completed") return { status: "pass", evidence: "completed" };
      if (t.status === "failed" || t.status === "stopped") return { status: "fail", evidence: t.status };
      return pending(t.status);
    case "track-quality-gates-passed":
      if (!t.testConfigured) return fallBackToManual(tick, "no test command in the plan");
      if (t.testPassed === null) return pending("test not run yet");
      return t.testPassed
        ? { status: "pass", evidence: "test passed" }
        : { status: "fail", evidence: "test failed" };
    case "handoff-documentation-ready":
      return manual(tick);
    case "resources-released":
      if (t.liveProcesses === 0) return { status: "pass", evidence: "no live processes" };
      if (t.status === "running" || t.status === "paused" || t.status === "pending" || t.status === "ready") {
        return pending(`still ${t.status}`);
      }
      return {
        status: "fail",
        evidence: `${plural(t.liveProcesses, "process", "processes")} still alive (${formatBytes(t.liveBytes)})`,
      };
  }
}

function aggregateTracks(
  key: TrackItemKey,
  mode: GateMode,
  tracks: readonly TrackCompletionEvidence[] | undefined,
  ticks: ManualTicks,
): Outcome {
  if (!tracks || tracks.length === 0) {
    return mode === "manual" ? manual(ticks[key]) : pending("no tracks have finished yet");
  }
  const outcomes = tracks.map((t) => ({ key: t.key, ...evaluateTrackItem(key, t, ticks) }));
  const order: GateItemStatus[] = ["fail", "pending", "manual", "pass"];
  const status = order.find((s) => outcomes.some((o) => o.status === s)) ?? "pass";
  const evidence = outcomes
    .map((o) => `${o.key}: ${o.status === "manual" ? "needs a tick" : o.evidence}`)
    .join("; ");
  const shared = ticks[key];
  return { status, evidence, tick: status === "pass" && shared ? shared : null };
}

function completedNote(tracks: readonly TrackCompletionEvidence[] | undefined): string | undefined {
  if (!tracks || tracks.length === 0) return undefined;
  const done = tracks.filter((t) => t.status === "completed").length;
  return `${done}/${tracks.length} tracks completed`;
}

/** The integration's merges decide when they have run (a lead's tick still passes a stopped one); else the lead. */
function checkMerges(
  i: IntegrationEvidence | undefined,
  tick: ManualTick | undefined,
  context: string | undefined,
): Outcome {
  if (!i?.merges) return manual(tick, context);
  if (i.merges.allMerged) return { status: "pass", evidence: i.merges.summary };
  if (tick) return manual(tick);
  return { status: "fail", evidence: i.merges.summary };
}

function checkIntegration(i: IntegrationEvidence | undefined, tick: ManualTick | undefined): Outcome {
  if (!i) return pending("integration tests not run yet");
  if (!i.configured) return fallBackToManual(tick, "no integration test command in the plan");
  if (i.passed === null) return pending("integration tests not run yet");
  const summary = i.summary?.trim() ? `: ${i.summary.trim()}` : "";
  return i.passed
    ? { status: "pass", evidence: `integration tests passed${summary}` }
    : { status: "fail", evidence: `integration tests failed${summary}` };
}

/** Met when no metric crosses the seed's threshold; metrics only near their target are named but do not fail. */
function checkMetrics(metrics: RunMetrics | undefined): Outcome {
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

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
