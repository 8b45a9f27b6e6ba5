// Track rows: the lasting state of a run's tracks, written by the engine as they change, read for past runs.
import { NO_SPEND } from "../domain/agents/agent-cost";
import { checkBudget } from "../domain/agents/budget";
import { NO_USAGE, toUsageView, type UsageTotals } from "../domain/agents/usage-totals";
import type { PausedBy, Plan, ReportStatus, TrackStatus } from "../domain/types";
import type { TrackView } from "../domain/views";
import type { PrismaClient, Track as TrackRow } from "./generated/client";

/** A track as stored. */
export type StoredTrack = {
  id: string;
  runId: string;
  key: string;
  name: string;
  position: number;
  status: TrackStatus;
  pausedBy: PausedBy | null;
  pauseReason: string | null;
  progress: number;
  reportStatus: ReportStatus | null;
  modelInForce: string | null;
  attempts: number;
  queuedAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  currentBytes: number;
  peakBytes: number;
  memoryMethod: TrackView["memoryMethod"];
  exitSummary: string | null;
  testStatus: TrackView["testStatus"];
  /** "checkpoint" when paused by stopping its agents (memory freed); null for a frozen (SIGSTOP) or no pause. */
  pauseMode: "checkpoint" | null;
  /** Why its agents are being ended (JSON, see EndingIntent), stored before they are signalled; null otherwise. */
  endingIntent: string | null;
  /** TrackView's progressAtAttemptStart; null when not known. */
  progressAtAttemptStart: number | null;
};

/** What the engine writes whenever a live track changes (times in epoch ms). */
export type TrackState = {
  status: TrackStatus;
  pausedBy: PausedBy | null;
  pauseReason: string | null;
  progress: number;
  reportStatus: ReportStatus | null;
  modelInForce: string | null;
  attempts: number;
  queuedAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  currentBytes: number;
  peakBytes: number;
  memoryMethod: TrackView["memoryMethod"];
  exitSummary: string | null;
  testStatus: TrackView["testStatus"];
  /** "checkpoint" when paused by stopping its agents (memory freed); null for a frozen (SIGSTOP) or no pause. */
  pauseMode?: "checkpoint" | null;
  endingIntent?: string | null;
  progressAtAttemptStart?: number | null;
};

function toStoredTrack(row: TrackRow): StoredTrack {
  return {
    id: row.id,
    runId: row.runId,
    key: row.key,
    name: row.name,
    position: row.position,
    status: row.status as TrackStatus,
    pausedBy: row.pausedBy as PausedBy | null,
    pauseReason: row.pauseReason,
    progress: row.progress,
    reportStatus: row.reportStatus as StoredTrack["reportStatus"],
    modelInForce: row.modelInForce,
    attempts: row.attempts,
    queuedAt: row.queuedAt,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    currentBytes: row.currentBytes,
    peakBytes: row.peakBytes,
    memoryMethod: row.memoryMethod as StoredTrack["memoryMethod"],
    exitSummary: row.exitSummary,
    testStatus: row.testStatus as StoredTrack["testStatus"],
    pauseMode: row.pauseMode === "checkpoint" ? "checkpoint" : null,
    endingIntent: row.endingIntent,
    progressAtAttemptStart: row.progressAtAttemptStart,
  };
}

const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The run's tracks in plan order. */
export async function listTracks(db: PrismaClient, runId: string): Promise<StoredTrack[]> {
  const rows = await db.track.findMany({ where: { runId }, orderBy: { position: "asc" } });
  return rows.map(toStoredTrack);
}

export async function getTrack(db: PrismaClient, runId: string, key: string): Promise<StoredTrack | null> {
  const row = await db.track.findUnique({ where: { runId_key: { runId, key } } });
  return row ? toStoredTrack(row) : null;
}

/** Stores a live track's whole state, so a write that failed is made good by the next one. */
export async function saveTrackState(db: PrismaClient, trackId: string, state: TrackState): Promise<void> {
  await db.track.update({
    where: { id: trackId },
    data: {
      ...state,
      queuedAt: toDate(state.queuedAt),
      startedAt: toDate(state.startedAt),
      endedAt: toDate(state.endedAt),
    },
  });
}

/** The quality gate's output (capped by the gate runner). */
export async function saveTestOutput(db: PrismaClient, trackId: string, output: string): Promise<void> {
  await db.track.update({ where: { id: trackId }, data: { testOutput: output } });
}

/**
 * TrackView of a stored track, for runs not running in this process (past runs, after a restart); `usage` is the
 * sum of its agents' rows (lib/db/agents usageByTrack).
 */
export function trackViewFromStored(
  track: StoredTrack,
  plan: Plan,
  usage: UsageTotals = NO_USAGE,
): TrackView {
  const tp = plan.tracks.find((t) => t.key === track.key);
  const maxCostUsd = tp?.maxCostUsd ?? null;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    runId: track.runId,
    key: track.key,
    name: track.name,
    position: track.position,
    priority: tp?.priority ?? "standard",
    tier: tp?.tier ?? "primary",
    status: track.status,
    pausedBy: track.pausedBy,
    pauseReason: track.pauseReason,
    progress: track.progress,
    progressAtAttemptStart: track.progressAtAttemptStart,
    reportStatus: track.reportStatus,
    model: tp?.model ?? { local: null, cloud: null },
    modelInForce: track.modelInForce,
    estimateBytes: tp?.ramBytes ?? null,
    duration: tp?.duration ?? null,
    dependsOn: tp?.dependsOn ?? [],
    scope: tp?.scope ?? [],
    attempts: track.attempts,
    startedAt: iso(track.startedAt),
    endedAt: iso(track.endedAt),
    currentBytes: track.status === "running" || track.status === "paused" ? track.currentBytes : 0,
    peakBytes: track.peakBytes,
    memoryMethod: track.memoryMethod,
    exitSummary: track.exitSummary,
    testStatus: track.testStatus,
    waitReason: null,
    waitKind: null,
    blockers: [],
    activity: null,
    usage: toUsageView(usage, maxCostUsd, checkBudget(usage.spend ?? NO_SPEND, maxCostUsd).level),
    attention: null,
    modelMemory: null,
    budgetHold: null,
  };
}
