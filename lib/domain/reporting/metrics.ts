// The seed's success metrics (time efficiency, RAM utilisation, quality, coordination) computed from a run. Pure.
import type { Severity, TrackStatus } from "../types";
import { formatDuration } from "../units";

/** A point in time as callers hold it: ISO string, epoch milliseconds or Date. */
export type Instant = string | number | Date;

/** Epoch milliseconds of an Instant; NaN when a string does not parse. */
export function toEpochMs(instant: Instant): number {
  if (typeof instant === "number") return instant;
  if (instant instanceof Date) return instant.getTime();
  return Date.parse(instant);
}

/** "met": inside the seed's target; "warn": outside it but short of the seed's threshold; "fail": past the threshold. */
export type MetricStatus = "met" | "warn" | "fail" | "no-data";

export type MetricKey = "timeSaved" | "averageRam" | "peakRam" | "qualityPassRate" | "criticalConflicts";

export type Metric = {
  key: MetricKey;
  label: string;
  /** Percent for the percentage metrics, a count for conflicts; null when the run has no data for it. */
  value: number | null;
  unit: "%" | "count";
  /** The seed's target, e.g. "30–70 %". */
  target: string;
  /** The seed's threshold and what it means, e.g. "< 25 % → review strategy". */
  threshold: string;
  status: MetricStatus;
  /** How the value was obtained, with the numbers behind it. */
  note: string;
};

export type MetricsTrack = {
  key: string;
  startedAt: Instant | null;
  endedAt: Instant | null;
  /**
   * Running time of the track's latest attempt (the successful one of a completed track) and of the attempts it
   * resumed, pauses excluded: what it would take run alone. Preferred over activeMs and the wall time (see
   * workRunningMs).
   */
  runningMs?: number | null;
  /** Sum of the spans the track was running over all attempts (excludes pauses, includes requeued attempts). */
  activeMs?: number | null;
  status: TrackStatus;
};

/** A span of a track's timeline as the engine stores it. */
export type MetricsSpan = { attempt: number; kind: string; startedAt: Instant; endedAt: Instant | null };

/** Running time of the given attempt (pauses excluded); an open span runs to `endMs`. */
export function latestAttemptRunningMs(
  spans: readonly MetricsSpan[],
  attempt: number,
  endMs: number,
): number {
  return spans
    .filter((span) => span.kind === "running" && span.attempt === attempt)
    .reduce((sum, span) => {
      const end = span.endedAt === null ? endMs : toEpochMs(span.endedAt);
      return sum + Math.max(0, end - toEpochMs(span.startedAt));
    }, 0);
}

/**
 * Running time of the work attempt `attempt` of a track finishes: its own, plus that of the attempts it carried on.
 * An attempt in `resumed` (its agents resumed their sessions) continues the attempt before it, so that one's running
 * time is work too; an attempt that started over begins the count again. Pauses are excluded, as in
 * latestAttemptRunningMs.
 */
export function workRunningMs(
  spans: readonly MetricsSpan[],
  attempt: number,
  resumed: ReadonlySet<number>,
  endMs: number,
): number {
  let total = 0;
  for (let a = attempt; a >= 1; a--) {
    total += latestAttemptRunningMs(spans, a, endMs);
    if (!resumed.has(a)) break;
  }
  return total;
}

/**
 * The attempts that resumed: one of their agents at least started with its resume command and session. The same
 * rule as the engine's when the attempt starts (it keeps the track's progress then): the work goes on.
 */
export function resumedAttempts(
  agents: readonly { attempt: number; mode: "start" | "resume" }[],
): Set<number> {
  return new Set(agents.filter((agent) => agent.mode === "resume").map((agent) => agent.attempt));
}

export type MetricsInput = {
  tracks: MetricsTrack[];
  runStartedAt: Instant;
  /** null while the run is still going: `now` closes it. */
  runEndedAt: Instant | null;
  now: Instant;
  memorySamples: { at: Instant; usedPercent: number }[];
  qualityGates: { trackKey: string; passed: boolean }[];
  conflicts: { severity: Severity }[];
};

export type RunMetrics = {
  /** The tracks' elapsed time: the first start to the last end (see tracksMakespanMs). */
  makespanMs: number;
  /** What the tracks would have taken one after another: the completed tracks' running time (see sequentialTimeOf). */
  sequentialMs: number;
  timeSaved: Metric;
  averageRam: Metric;
  peakRam: Metric;
  qualityPassRate: Metric;
  criticalConflicts: Metric;
};

/** The metrics in display order. */
export function listMetrics(metrics: RunMetrics): Metric[] {
  return [
    metrics.timeSaved,
    metrics.averageRam,
    metrics.peakRam,
    metrics.qualityPassRate,
    metrics.criticalConflicts,
  ];
}

const pct = (value: number): string => `${value.toFixed(1)} %`;

/** Computes the seed's success metrics from a run's tracks, memory samples, quality gates and conflicts. */
export function computeRunMetrics(input: MetricsInput): RunMetrics {
  const nowMs = toEpochMs(input.now);
  const startMs = toEpochMs(input.runStartedAt);
  const endMs = input.runEndedAt === null ? nowMs : toEpochMs(input.runEndedAt);
  const makespanMs = tracksMakespanMs(
    input.tracks.map((t) => ({
      startedMs: t.startedAt === null ? null : toEpochMs(t.startedAt),
      endedMs: t.endedAt === null ? null : toEpochMs(t.endedAt),
    })),
    endMs,
  );
  const sequential = sequentialTimeOf(
    input.tracks.map((t) => ({ key: t.key, status: t.status, durationMs: trackDurationMs(t, nowMs) })),
  );
  const ram = summariseMemory(input.memorySamples, startMs, endMs);
  return {
    makespanMs,
    sequentialMs: sequential.sequentialMs,
    timeSaved: rateTimeSaved(makespanMs, sequential),
    averageRam: rateAverageRam(ram),
    peakRam: ratePeakRam(ram),
    qualityPassRate: rateQuality(input.qualityGates),
    criticalConflicts: rateConflicts(input.conflicts),
  };
}

/**
 * The tracks' elapsed time: from the first track's first start to the last track's end; a track that has not ended
 * counts to `endMs` (the run's end, or now). 0 when none started. The run's own set-up before the first start
 * (pre-flight checks) and the quality gates after the last end are left out, as they are from the sequential
 * figure it is compared with: one definition for the dashboard, the retrospective and `paratrack run`'s summary.
 */
export function tracksMakespanMs(
  tracks: readonly { startedMs: number | null; endedMs: number | null }[],
  endMs: number,
): number {
  const started = tracks.filter(
    (t): t is { startedMs: number; endedMs: number | null } => t.startedMs !== null,
  );
  if (started.length === 0) return 0;
  const first = Math.min(...started.map((t) => t.startedMs));
  const last = Math.max(...started.map((t) => t.endedMs ?? endMs));
  return Math.max(0, last - first);
}

/**
 * Running time of one track: its latest attempt's running time when known, else its running time over all attempts,
 * else start → end (or now); 0 if it never started. Never the wall time when a running time is known: pauses and
 * queueing are not work, and counting them flatters the time saved.
 */
export function trackDurationMs(track: MetricsTrack, nowMs: number): number {
  if (track.runningMs !== undefined && track.runningMs !== null) return Math.max(0, track.runningMs);
  if (track.activeMs !== undefined && track.activeMs !== null) return Math.max(0, track.activeMs);
  if (track.startedAt === null) return 0;
  const end = track.endedAt === null ? nowMs : toEpochMs(track.endedAt);
  return Math.max(0, end - toEpochMs(track.startedAt));
}

/** A track as the sequential figure sees it: its status and its running time (see trackDurationMs). */
export type SequentialTrack = { key: string; status: TrackStatus; durationMs: number | null };

export type SequentialTime = {
  /** The completed tracks' running time in their successful attempt, summed; other tracks add nothing. */
  sequentialMs: number;
  /** Why there is no time-saved figure ("not every track completed: B failed"); null when there is one. */
  noFigureReason: string | null;
};

/** What an unfinished track did, said of one track and of several. */
const UNFINISHED: Record<Exclude<TrackStatus, "completed">, readonly [string, string]> = {
  failed: ["failed", "failed"],
  stopped: ["was stopped", "were stopped"],
  running: ["is running", "are running"],
  paused: ["is paused", "are paused"],
  ready: ["is queued", "are queued"],
  pending: ["has not run", "have not run"],
};

/**
 * What the tracks would take one after another: the sum of each completed track's running time in its successful
 * attempt. Failed and stopped attempts did no work that counts, so until every track has completed there is no
 * time-saved figure. The one definition for the dashboard, the retrospective and `paratrack run`'s summary.
 */
export function sequentialTimeOf(tracks: readonly SequentialTrack[]): SequentialTime {
  const sequentialMs = tracks
    .filter((t) => t.status === "completed")
    .reduce((sum, t) => sum + Math.max(0, t.durationMs ?? 0), 0);
  if (tracks.length === 0) return { sequentialMs, noFigureReason: "no track has run yet" };
  const byStatus = new Map<Exclude<TrackStatus, "completed">, string[]>();
  for (const t of tracks) {
    if (t.status === "completed") continue;
    byStatus.set(t.status, [...(byStatus.get(t.status) ?? []), t.key]);
  }
  if (byStatus.size === 0) return { sequentialMs, noFigureReason: null };
  const parts = [...byStatus].map(
    ([status, keys]) => `${listKeys(keys)} ${UNFINISHED[status][keys.length === 1 ? 0 : 1]}`,
  );
  return { sequentialMs, noFigureReason: `not every track completed: ${parts.join(", ")}` };
}

/** "A, B" or, past five, "A, B, C, D, E and 3 more". */
function listKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).join(", ");
  return keys.length > 5 ? `${shown} and ${keys.length - 5} more` : shown;
}

/** (1 − makespan / sequential) × 100; null without a figure (see sequentialTimeOf) or a makespan. */
export function timeSavedPercentOf(makespanMs: number | null, sequential: SequentialTime): number | null {
  if (makespanMs === null || sequential.noFigureReason !== null || sequential.sequentialMs <= 0) return null;
  return (1 - makespanMs / sequential.sequentialMs) * 100;
}

function rateTimeSaved(makespanMs: number, sequential: SequentialTime): Metric {
  const base = {
    key: "timeSaved" as const,
    label: "Time saved vs sequential",
    unit: "%" as const,
    target: "30–70 %",
    threshold: "< 25 % → review strategy",
  };
  const { sequentialMs } = sequential;
  const value = timeSavedPercentOf(makespanMs, sequential);
  if (value === null) {
    const note = sequential.noFigureReason ?? "no running time measured yet";
    return { ...base, value: null, status: "no-data", note };
  }
  // Above 70 % beats the target rather than missing it, so it counts as met.
  const status: MetricStatus = value >= 30 ? "met" : value >= 25 ? "warn" : "fail";
  const note = `elapsed ${formatDuration(makespanMs)} from the first track's start to the last one's end, vs ${formatDuration(sequentialMs)} of the tracks' running time (pauses and queueing excluded) run one after another`;
  return { ...base, value, status, note };
}

type MemorySummary = { averagePercent: number; peakPercent: number; sampleCount: number; spanMs: number };

/**
 * Time-weighted average by the trapezoid rule between consecutive samples, so a burst of fast samples
 * does not outweigh a long quiet stretch. Only samples inside the run window count.
 */
function summariseMemory(
  samples: MetricsInput["memorySamples"],
  startMs: number,
  endMs: number,
): MemorySummary | null {
  const points = samples
    .map((s) => ({ at: toEpochMs(s.at), value: s.usedPercent }))
    .filter((p) => Number.isFinite(p.at) && Number.isFinite(p.value) && p.at >= startMs && p.at <= endMs)
    .sort((a, b) => a.at - b.at);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return null;
  let peakPercent = first.value;
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1]!;
    const cur = points[i]!;
    area += ((prev.value + cur.value) / 2) * (cur.at - prev.at);
    peakPercent = Math.max(peakPercent, cur.value);
  }
  const spanMs = last.at - first.at;
  const averagePercent = spanMs > 0 ? area / spanMs : points.reduce((s, p) => s + p.value, 0) / points.length;
  return { averagePercent, peakPercent, sampleCount: points.length, spanMs };
}

function rateAverageRam(ram: MemorySummary | null): Metric {
  const base = {
    key: "averageRam" as const,
    label: "Average RAM utilisation",
    unit: "%" as const,
    target: "60–85 %",
    threshold: "< 50 % underutilised, > 90 % overstressed",
  };
  if (!ram) return { ...base, value: null, status: "no-data", note: "no memory samples in the run" };
  const v = ram.averagePercent;
  const status: MetricStatus = v >= 60 && v <= 85 ? "met" : v < 50 || v > 90 ? "fail" : "warn";
  const verdict = v < 50 ? "underutilised; " : v > 90 ? "overstressed; " : "";
  const note = `${verdict}time-weighted over ${ram.sampleCount} samples across ${formatDuration(ram.spanMs)}`;
  return { ...base, value: v, status, note };
}

function ratePeakRam(ram: MemorySummary | null): Metric {
  // Not a seed metric on its own: held to the Red-zone line (85 %) and the seed's "overstressed" line (90 %).
  const base = {
    key: "peakRam" as const,
    label: "Peak RAM utilisation",
    unit: "%" as const,
    target: "≤ 85 % (below Red zone)",
    threshold: "> 90 % overstressed",
  };
  if (!ram) return { ...base, value: null, status: "no-data", note: "no memory samples in the run" };
  const v = ram.peakPercent;
  const status: MetricStatus = v <= 85 ? "met" : v <= 90 ? "warn" : "fail";
  return { ...base, value: v, status, note: `highest of ${ram.sampleCount} samples` };
}

function rateQuality(gates: MetricsInput["qualityGates"]): Metric {
  const base = {
    key: "qualityPassRate" as const,
    label: "Quality gate pass rate",
    unit: "%" as const,
    target: "≥ 95 % (no degradation vs sequential)",
    threshold: "< 95 % → investigate",
  };
  if (gates.length === 0)
    return { ...base, value: null, status: "no-data", note: "no quality gates have run" };
  // Every run of a gate counts, re-runs included: a gate that needed a second try is a degradation.
  const passed = gates.filter((g) => g.passed).length;
  const value = (passed / gates.length) * 100;
  const status: MetricStatus = value >= 95 ? "met" : "fail";
  const failedTracks = [...new Set(gates.filter((g) => !g.passed).map((g) => g.trackKey))];
  const failedNote = failedTracks.length > 0 ? `; failed: ${failedTracks.join(", ")}` : "";
  return { ...base, value, status, note: `${passed}/${gates.length} passed${failedNote}` };
}

function rateConflicts(conflicts: MetricsInput["conflicts"]): Metric {
  const critical = conflicts.filter((c) => c.severity === "critical").length;
  const status: MetricStatus = critical === 0 ? "met" : critical <= 2 ? "warn" : "fail";
  return {
    key: "criticalConflicts",
    label: "Critical scope conflicts",
    unit: "count",
    value: critical,
    target: "0",
    threshold: "> 2 → process failure",
    status,
    note: `${critical} critical of ${conflicts.length} conflicts logged`,
  };
}

/** Formats a metric's value for tables: "41.7 %", "2", or "—". */
export function formatMetricValue(metric: Pick<Metric, "value" | "unit">): string {
  if (metric.value === null) return "—";
  switch (metric.unit) {
    case "%":
      return pct(metric.value);
    case "count":
      return String(metric.value);
  }
}
