// The summary of a finished run (paratrack run --json): per-track times and exits, makespan vs sequential,
// memory peaks and zones seen, and the governor's decisions. Pure: the engine hands in what it observed.
import type { GovernorActionKind } from "../governor/governor-types";
import type { MemorySample, TrackStatus, Zone } from "../types";
import { ZONES } from "../types";
import { sequentialTimeOf, timeSavedPercentOf, tracksMakespanMs } from "./metrics";

/** Memory seen while the run ran, folded sample by sample so long runs keep no history. */
export type MemoryStats = {
  samples: number;
  zonesSeen: Zone[];
  peakMachineBytes: number;
  peakMachinePercent: number;
  /** The budget of the latest sample that had one; null when the machine view drove the zones throughout. */
  budgetBytes: number | null;
  peakBudgetBytes: number | null;
  peakBudgetPercent: number | null;
  /** Highest sum of the tracks' memory at one instant (not the sum of their peaks). */
  peakAgentsBytes: number;
};

export const EMPTY_MEMORY_STATS: MemoryStats = {
  samples: 0,
  zonesSeen: [],
  peakMachineBytes: 0,
  peakMachinePercent: 0,
  budgetBytes: null,
  peakBudgetBytes: null,
  peakBudgetPercent: null,
  peakAgentsBytes: 0,
};

/** Folds one memory sample into the stats. */
export function addMemorySample(stats: MemoryStats, sample: MemorySample): MemoryStats {
  const zonesSeen = stats.zonesSeen.includes(sample.zone)
    ? stats.zonesSeen
    : ZONES.filter((z) => z === sample.zone || stats.zonesSeen.includes(z));
  const budget = sample.budget;
  return {
    samples: stats.samples + 1,
    zonesSeen,
    peakMachineBytes: Math.max(stats.peakMachineBytes, sample.machine.usedBytes),
    peakMachinePercent: Math.max(stats.peakMachinePercent, sample.machine.usedPercent),
    budgetBytes: budget ? budget.bytes : stats.budgetBytes,
    peakBudgetBytes: budget ? Math.max(stats.peakBudgetBytes ?? 0, budget.usedBytes) : stats.peakBudgetBytes,
    peakBudgetPercent: budget
      ? Math.max(stats.peakBudgetPercent ?? 0, budget.usedPercent)
      : stats.peakBudgetPercent,
    peakAgentsBytes: Math.max(stats.peakAgentsBytes, budget?.usedBytes ?? 0),
  };
}

/** Folds one per-track memory point (the tracks' bytes at one instant) into the stats. */
export function addTrackMemoryPoint(stats: MemoryStats, tracks: Record<string, number>): MemoryStats {
  const total = Object.values(tracks).reduce((sum, bytes) => sum + bytes, 0);
  return total > stats.peakAgentsBytes ? { ...stats, peakAgentsBytes: total } : stats;
}

/** The governor's decision kinds, as the events feed names them ("governor:<kind>"). */
export const GOVERNOR_DECISION_KINDS: readonly GovernorActionKind[] = [
  "start",
  "pause",
  "resume",
  "stop-requeue",
  "swap-model",
  "alert",
];

/** The decision kind of an event kind such as "governor:pause"; null for other events (e.g. "governor:enabled"). */
export function governorDecisionKind(eventKind: string): GovernorActionKind | null {
  if (!eventKind.startsWith("governor:")) return null;
  const kind = eventKind.slice("governor:".length);
  return GOVERNOR_DECISION_KINDS.find((k) => k === kind) ?? null;
}

export type TrackOutcome = {
  key: string;
  name: string;
  status: TrackStatus;
  attempts: number;
  /** Epoch ms of the first attempt's start; null when it never started. */
  startedAt: number | null;
  endedAt: number | null;
  /**
   * Running time of the attempt that ended the track (the successful one), pauses excluded: what the track would
   * take run alone. Absent or null when the engine does not know it; the wall time from the first start stands in,
   * and the summary says so (it counts pauses, queueing and requeued attempts, so it flatters the time saved).
   */
  runningMs?: number | null;
  peakBytes: number;
  /** The last attempt's agents, in plan order. */
  exits: { agent: string; code: number | null; signal: string | null }[];
  exitSummary: string | null;
  testStatus: "passed" | "failed" | "running" | "skipped" | "cancelled" | null;
  /** A failed track's last attempt: its agents' log files and the last lines they wrote to stderr. */
  failure?: TrackFailureLog;
};

/** Where to look when a track failed: the log files of its last attempt and the tail of its stderr. */
export type TrackFailureLog = { logPaths: string[]; stderrTail: string[] };

export type RunSummaryInput = {
  run: {
    id: string;
    name: string;
    status: "running" | "completed" | "failed" | "stopped";
    startedAt: number;
    endedAt: number;
    planPath: string | null;
  };
  tracks: TrackOutcome[];
  memory: MemoryStats;
  /** Event kinds of the run's events feed, in any order. */
  eventKinds: readonly string[];
};

export type TrackSummary = {
  key: string;
  name: string;
  status: TrackStatus;
  attempts: number;
  startedAt: string | null;
  endedAt: string | null;
  /** Running time of the successful attempt when known, else the wall time below. */
  durationMs: number | null;
  /** First start to end, pauses, queueing and earlier attempts included. */
  wallMs: number | null;
  peakBytes: number;
  exitCodes: (number | null)[];
  signals: (string | null)[];
  exitSummary: string | null;
  testStatus: TrackOutcome["testStatus"];
  /** Only for a failed track whose logs were read. */
  failure?: TrackFailureLog;
};

export type RunSummary = {
  /** True when every track completed: the CLI's exit status 0. */
  ok: boolean;
  run: {
    id: string;
    name: string;
    status: RunSummaryInput["run"]["status"];
    startedAt: string;
    endedAt: string;
    wallMs: number;
    planPath: string | null;
  };
  tracks: TrackSummary[];
  totals: {
    /** First start to last end of the tracks that ran; null when none ran. */
    makespanMs: number | null;
    /** One track after another: the completed tracks' running times, summed (see sequentialBasis, sequentialTimeOf). */
    sumOfTrackDurationsMs: number;
    /**
     * "running-time": every track's running time of its successful attempt was known; "wall-time": some were not,
     * and their first start → end stood in (pauses and queueing included: the time saved is then overstated).
     */
    sequentialBasis: "running-time" | "wall-time";
    /** sum − makespan: what running in parallel saved against one track after another; null unless all completed. */
    timeSavedMs: number | null;
    /** (1 − makespan / sum) × 100, one decimal; null when nothing ran or not every track completed. */
    timeSavedPercent: number | null;
    /** What the zones and the peak were measured against: the budget when one was set, else the machine. */
    memoryBasis: "budget" | "machine";
    peakMemoryBytes: number;
    /** Percent of the budget or the machine, two decimals. */
    peakMemoryPercent: number;
    budgetBytes: number | null;
    peakMachineBytes: number;
    peakAgentsBytes: number;
    zonesSeen: Zone[];
    samples: number;
  };
  governor: {
    decisions: number;
    byKind: Partial<Record<GovernorActionKind, number>>;
    /** What optimistic admission cost: pauses and stop-and-requeues (the zones correcting a projection). */
    corrections: { pauses: number; requeues: number };
  };
};

const round2 = (n: number) => Math.round(n * 100) / 100;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Builds the run's summary from its tracks' outcomes, the memory seen and its events. */
export function summarizeRun(input: RunSummaryInput): RunSummary {
  const tracks = input.tracks.map((t): TrackSummary => {
    const wallMs = t.startedAt !== null && t.endedAt !== null ? Math.max(0, t.endedAt - t.startedAt) : null;
    const runningMs = t.runningMs ?? null;
    return {
      key: t.key,
      name: t.name,
      status: t.status,
      attempts: t.attempts,
      startedAt: iso(t.startedAt),
      endedAt: iso(t.endedAt),
      durationMs: runningMs !== null && wallMs !== null ? Math.max(0, runningMs) : wallMs,
      wallMs,
      peakBytes: t.peakBytes,
      exitCodes: t.exits.map((e) => e.code),
      signals: t.exits.map((e) => e.signal),
      exitSummary: t.exitSummary,
      testStatus: t.testStatus,
      ...(t.failure ? { failure: t.failure } : {}),
    };
  });

  const ran = input.tracks.filter(
    (t): t is TrackOutcome & { startedAt: number; endedAt: number } =>
      t.startedAt !== null && t.endedAt !== null,
  );
  const sequential = sequentialTimeOf(tracks);
  const sumOfTrackDurationsMs = sequential.sequentialMs;
  const sequentialBasis = input.tracks.every(
    (t) => t.endedAt === null || t.startedAt === null || t.runningMs != null,
  )
    ? "running-time"
    : "wall-time";
  const makespanMs =
    ran.length === 0
      ? null
      : tracksMakespanMs(
          ran.map((t) => ({ startedMs: t.startedAt, endedMs: t.endedAt })),
          input.run.endedAt,
        );
  // Only a run whose every track completed did the work one after another would have done: a failed or stopped
  // one saved nothing that can be compared ("-0.3 % saved" for a run that failed at once, "48.6 %" for one stopped).
  const comparable = makespanMs !== null && sequential.noFigureReason === null;
  const timeSavedMs = comparable ? sumOfTrackDurationsMs - makespanMs : null;
  const percent = timeSavedPercentOf(makespanMs, sequential);
  const timeSavedPercent = percent === null ? null : Math.round(percent * 10) / 10;

  const m = input.memory;
  const useBudget = m.budgetBytes !== null && m.peakBudgetBytes !== null;

  const byKind: Partial<Record<GovernorActionKind, number>> = {};
  let decisions = 0;
  for (const kind of input.eventKinds) {
    const decision = governorDecisionKind(kind);
    if (decision === null) continue;
    byKind[decision] = (byKind[decision] ?? 0) + 1;
    decisions += 1;
  }

  return {
    ok: input.tracks.length > 0 && input.tracks.every((t) => t.status === "completed"),
    run: {
      id: input.run.id,
      name: input.run.name,
      status: input.run.status,
      startedAt: new Date(input.run.startedAt).toISOString(),
      endedAt: new Date(input.run.endedAt).toISOString(),
      wallMs: Math.max(0, input.run.endedAt - input.run.startedAt),
      planPath: input.run.planPath,
    },
    tracks,
    totals: {
      makespanMs,
      sumOfTrackDurationsMs,
      sequentialBasis,
      timeSavedMs,
      timeSavedPercent,
      memoryBasis: useBudget ? "budget" : "machine",
      peakMemoryBytes: useBudget ? (m.peakBudgetBytes ?? 0) : m.peakMachineBytes,
      peakMemoryPercent: round2(useBudget ? (m.peakBudgetPercent ?? 0) : m.peakMachinePercent),
      budgetBytes: m.budgetBytes,
      peakMachineBytes: m.peakMachineBytes,
      peakAgentsBytes: m.peakAgentsBytes,
      zonesSeen: m.zonesSeen,
      samples: m.samples,
    },
    governor: {
      decisions,
      byKind,
      corrections: { pauses: byKind.pause ?? 0, requeues: byKind["stop-requeue"] ?? 0 },
    },
  };
}
