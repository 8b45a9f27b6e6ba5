// What the gates, metrics and retrospective know about one run, gathered from the database and the live
// controller, and turned into the pure modules' inputs (GateEvidence, MetricsInput).
import { listRunAgents } from "../db/agents";
import { listConflicts } from "../db/conflicts";
import { listRunEvents } from "../db/events";
import type { PrismaClient } from "../db/generated/client";
import { latestMemorySampleAt, listUsage, type UsagePoint } from "../db/memory-samples";
import { lastReportTimes, latestBlockers } from "../db/reports";
import { getRun, latestRun, type StoredRun } from "../db/runs";
import { listRunSpans } from "../db/spans";
import { listTracks } from "../db/tracks";
import { findScopeOverlaps } from "../domain/conflicts";
import type { EventKind, TypedEvent } from "../domain/event-kinds";
import type { StoredSchedule } from "../domain/gantt";
import type {
  ActivationEvidence,
  GateEvidence,
  ScheduleEvidence,
  TrackCompletionEvidence,
  TrackMemoryEvidence,
} from "../domain/gates";
import type { MetricsInput } from "../domain/metrics";
import type {
  BlockerReport,
  BlockerSeverity,
  MemorySample,
  Plan,
  Severity,
  TrackPlan,
  TrackStatus,
} from "../domain/types";
import type { TrackView } from "../domain/views";
import { readProcStat } from "../monitor/process-tree";
import { NotFoundError } from "./errors";
import type { EventLog } from "./event-log";

export type { StoredSchedule };

/** A live agent as the run controller holds it (structural, so tests can hand in plain objects). */
export type LiveAgentSlot = {
  id: string;
  exit: unknown;
  pids: readonly number[];
  handle: { pid: number | null } | null;
  currentBytes: number;
};

/** The engine parts the phase and retrospective services read; the real Engine satisfies it. */
export type FactsEngine = {
  db: PrismaClient;
  config: { sampleIntervalMs: number };
  runs: {
    activeRun(): { id: string } | null;
    trackViews(): TrackView[];
    agentSlots(key: string): readonly LiveAgentSlot[];
  };
  monitor: { latest(): MemorySample | null };
  events: EventLog;
};

export type FactsOptions = {
  now?: () => number;
  /** Whether a process is running (not gone, not a zombie); /proc by default. */
  isPidAlive?: (pid: number) => boolean;
};

export type FactSpan = {
  attempt: number;
  kind: string;
  pausedBy: string | null;
  startedAt: Date;
  endedAt: Date | null;
  outcome: string | null;
};

export type FactAgent = {
  id: string;
  attempt: number;
  pid: number | null;
  startedAt: Date;
  endedAt: Date | null;
  exitCode: number | null;
};

export type FactTrack = {
  key: string;
  name: string;
  plan: TrackPlan | null;
  status: TrackStatus;
  progress: number;
  peakBytes: number;
  testStatus: string | null;
  attempts: number;
  /** Start of the latest attempt. */
  startedAt: Date | null;
  endedAt: Date | null;
  spans: FactSpan[];
  agents: FactAgent[];
  lastReportAt: Date | null;
  /** Blockers of the latest report that listed blockers (an empty list clears them). */
  openBlockers: BlockerReport[];
  /** The controller's agents, for the live run only. */
  liveSlots: readonly LiveAgentSlot[] | null;
};

export type RunFacts = {
  run: StoredRun;
  plan: Plan;
  schedule: StoredSchedule | null;
  isLive: boolean;
  nowMs: number;
  /** End of the run's window: its end, or now while it goes on. */
  endMs: number;
  tracks: FactTrack[];
  /** Utilisation of the view that matters, in percent: the budget when one was set, else the machine. */
  samples: UsagePoint[];
  latestSampleAt: Date | null;
  conflicts: { severity: Severity; status: string }[];
  /** The run's governor decisions, pauses, resumes and phase changes, oldest first. */
  events: TypedEvent<FactEventKind>[];
  hasReports: boolean;
};

/** An agent counts as activated when its process was still alive this long after launch. */
export const ACTIVATION_WINDOW_MS = 10_000;
/** The seed asks for the execution gate every 24 hours, so stability is judged over that window. */
export const STABILITY_WINDOW_MS = 24 * 3_600_000;
/** The events the gates, metrics and retrospective read. */
export const FACT_EVENT_KINDS = [
  "governor:alert",
  "governor:start",
  "governor:pause",
  "governor:resume",
  "governor:stop-requeue",
  "governor:swap-model",
  "governor:enabled",
  "governor:disabled",
  "track:paused",
  "track:resumed",
  "phase:advanced",
] as const satisfies readonly EventKind[];
export type FactEventKind = (typeof FACT_EVENT_KINDS)[number];

export function defaultIsPidAlive(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat !== null && stat.state !== "Z" && stat.state !== "X";
}

/** The run a request names: an id, or "current" (the live run, else the newest). */
export async function resolveRun(engine: FactsEngine, runId: string | undefined): Promise<StoredRun> {
  const wantsCurrent = runId === undefined || runId === "current";
  const id = wantsCurrent ? (engine.runs.activeRun()?.id ?? (await latestRun(engine.db))?.id) : runId;
  const run = id ? await getRun(engine.db, id) : null;
  if (!run) throw new NotFoundError(wantsCurrent ? "no run has started yet" : `no run "${runId}"`);
  return run;
}

/** Reads everything the gates and metrics need about the run, in a handful of queries. */
export async function loadRunFacts(
  engine: FactsEngine,
  runId: string | undefined,
  opts: FactsOptions = {},
): Promise<RunFacts> {
  const run = await resolveRun(engine, runId);
  const { db } = engine;
  const nowMs = (opts.now ?? Date.now)();
  const isLive = engine.runs.activeRun()?.id === run.id;
  // A run that ended stays the controller's active run until the next starts; its end still closes the window.
  const endMs = run.endedAt ? run.endedAt.getTime() : nowMs;

  const [storedTracks, spans, agents, lastReports, blockers, samples, conflicts, events] = await Promise.all([
    listTracks(db, run.id),
    listRunSpans(db, run.id),
    listRunAgents(db, run.id),
    lastReportTimes(db, run.id),
    latestBlockers(db, run.id),
    listUsage(db, run.startedAt, new Date(endMs)),
    listConflicts(db, run.id),
    listRunEvents(db, run.id, FACT_EVENT_KINDS),
  ]);

  const liveViews = isLive ? new Map(engine.runs.trackViews().map((v) => [v.key, v])) : null;
  const latestSample = engine.monitor.latest();
  const latestSampleAt = latestSample ? new Date(latestSample.at) : await latestMemorySampleAt(db);

  const tracks: FactTrack[] = storedTracks.map((stored) => {
    const view = liveViews?.get(stored.key);
    return {
      key: stored.key,
      name: stored.name,
      plan: run.plan.tracks.find((t) => t.key === stored.key) ?? null,
      status: view?.status ?? stored.status,
      progress: view?.progress ?? stored.progress,
      peakBytes: view?.peakBytes ?? stored.peakBytes,
      testStatus: view ? view.testStatus : stored.testStatus,
      attempts: view?.attempts ?? stored.attempts,
      startedAt: view ? toDate(view.startedAt) : stored.startedAt,
      endedAt: view ? toDate(view.endedAt) : stored.endedAt,
      spans: spans.filter((s) => s.trackId === stored.id),
      agents: agents.filter((a) => a.trackId === stored.id),
      lastReportAt: lastReports.get(stored.id) ?? null,
      openBlockers: blockers.get(stored.id) ?? [],
      liveSlots: isLive ? safeSlots(engine, stored.key) : null,
    };
  });

  return {
    run,
    plan: run.plan,
    schedule: run.schedule,
    isLive,
    nowMs,
    endMs,
    tracks,
    samples,
    latestSampleAt,
    conflicts: conflicts.map((c) => ({ severity: c.severity as Severity, status: c.status })),
    events,
    hasReports: lastReports.size > 0,
  };
}

function isAlive(pid: number | null, isPidAlive: (pid: number) => boolean): boolean {
  return pid !== null && isPidAlive(pid);
}

function toDate(iso: string | null): Date | null {
  return iso === null ? null : new Date(iso);
}

function safeSlots(engine: FactsEngine, key: string): readonly LiveAgentSlot[] {
  try {
    return engine.runs.agentSlots(key);
  } catch {
    return [];
  }
}

/** Running time of a track over all attempts (pauses excluded); open spans run to the window's end. */
export function activeMsOf(track: FactTrack, endMs: number): number {
  return track.spans
    .filter((s) => s.kind === "running")
    .reduce((sum, s) => sum + Math.max(0, (s.endedAt?.getTime() ?? endMs) - s.startedAt.getTime()), 0);
}

/** Tracks whose key or name says they integrate the others; their tests stand for the integration tests. */
export function integrationTracks(tracks: readonly FactTrack[]): FactTrack[] {
  return tracks.filter((t) => /integrat/i.test(t.key) || /integrat/i.test(t.name));
}

// ---- gate evidence ------------------------------------------------------------------------------------

/** The facts as the gates read them; `metrics` is passed in so it is computed once per request. */
export function buildGateEvidence(
  f: RunFacts,
  extra: Pick<GateEvidence, "manualTicks" | "metrics">,
  opts: { sampleIntervalMs: number; isPidAlive: (pid: number) => boolean },
): GateEvidence {
  const tracks = f.plan.tracks ?? [];
  return {
    ...extra,
    // The run controller refuses a plan with errors, so a stored plan was valid when the run started.
    plan: {
      valid: true,
      errorCount: 0,
      trackCount: tracks.length,
      tracksWithoutScope: tracks.filter((t) => t.scope.length === 0).map((t) => t.key),
      scopeOverlaps: findScopeOverlaps(tracks),
    },
    resourcePlan: f.schedule
      ? {
          peakPlannedBytes: f.schedule.peakPlannedBytes,
          capacityBytes: f.schedule.capacityBytes,
          unestimatedTracks: tracks.filter((t) => t.ramBytes === null).map((t) => t.key),
        }
      : undefined,
    activation: activationEvidence(f, opts.isPidAlive),
    trackMemory: trackMemoryEvidence(f),
    monitoring: {
      active: f.latestSampleAt !== null,
      lastSampleAgeMs: f.latestSampleAt ? Math.max(0, f.nowMs - f.latestSampleAt.getTime()) : null,
      intervalMs: opts.sampleIntervalMs,
      alertsConfigured: zonesConfigured(f.plan),
    },
    // Detected is detected: a conflict resolved on the spot still happened, and the lead may override.
    conflicts: {
      total: f.conflicts.length,
      critical: f.conflicts.filter((c) => c.severity === "critical").length,
    },
    schedule: f.tracks.map((t) => scheduleEvidence(t, f.endMs)),
    stability: stabilityEvidence(f),
    blockers: f.hasReports ? blockerCounts(f.tracks) : undefined,
    qualityGates: qualityGatesOf(f.tracks),
    completion: f.tracks.map((t) => completionEvidence(t, f.isLive, opts.isPidAlive)),
    integration: integrationEvidence(f.tracks),
  };
}

function zonesConfigured(plan: Plan): boolean {
  const z = plan.ram?.zones;
  return !!z && z.yellow > 0 && z.yellow < z.orange && z.orange < z.red && z.red < 100;
}

/**
 * The first attempt's agents of every track that has started. An agent passes when it was alive
 * ACTIVATION_WINDOW_MS after launch (still running, ran that long, or finished cleanly); agents younger
 * than the window are not judged yet.
 */
function activationEvidence(
  f: RunFacts,
  isPidAlive: (pid: number) => boolean,
): ActivationEvidence | undefined {
  let expected = 0;
  let alive = 0;
  const failed = new Set<string>();
  for (const t of f.tracks) {
    for (const a of t.agents.filter((x) => x.attempt === 1)) {
      const started = a.startedAt.getTime();
      let ok: boolean;
      if (a.endedAt !== null) {
        ok = a.exitCode === 0 || a.endedAt.getTime() - started >= ACTIVATION_WINDOW_MS;
      } else {
        if (f.endMs - started < ACTIVATION_WINDOW_MS) continue;
        const slot = t.liveSlots?.find((s) => s.id === a.id);
        ok = f.isLive
          ? slot
            ? slot.exit === null && isAlive(slot.handle?.pid ?? null, isPidAlive)
            : a.pid !== null && isPidAlive(a.pid)
          : true; // a past run's open agent row lived until the run ended (or the server stopped)
      }
      expected++;
      if (ok) alive++;
      else failed.add(t.key);
    }
  }
  if (expected === 0) return undefined;
  return { expected, alive, afterMs: ACTIVATION_WINDOW_MS, failedTracks: [...failed] };
}

function trackMemoryEvidence(f: RunFacts): TrackMemoryEvidence[] | undefined {
  const measured = f.tracks.filter((t) => t.peakBytes > 0);
  if (measured.length === 0) return undefined;
  return measured.map((t) => ({
    key: t.key,
    peakBytes: t.peakBytes,
    estimateBytes: t.plan?.ramBytes ?? null,
  }));
}

/** Progress resets with each attempt, so only the latest attempt's running time and reports count. */
function scheduleEvidence(t: FactTrack, endMs: number): ScheduleEvidence {
  const attemptSpans = t.spans.filter((s) => s.kind === "running" && s.attempt === t.attempts);
  const elapsedMs = attemptSpans.reduce(
    (sum, s) => sum + Math.max(0, (s.endedAt?.getTime() ?? endMs) - s.startedAt.getTime()),
    0,
  );
  const reported =
    t.lastReportAt !== null && (t.startedAt === null || t.lastReportAt.getTime() >= t.startedAt.getTime());
  return {
    key: t.key,
    status: t.status,
    elapsedMs,
    planned: t.plan?.duration ?? null,
    progressPercent: reported ? t.progress : null,
  };
}

function stabilityEvidence(f: RunFacts): GateEvidence["stability"] {
  const from = Math.max(f.run.startedAt.getTime(), f.endMs - STABILITY_WINDOW_MS);
  const inWindow = f.samples.filter((s) => s.at.getTime() >= from);
  if (inWindow.length === 0) return undefined;
  const governorPauses = f.events.filter(
    (e) => (e.kind === "governor:pause" || e.kind === "governor:stop-requeue") && Date.parse(e.at) >= from,
  ).length;
  return {
    windowMs: f.endMs - from,
    peakUsedPercent: Math.max(...inWindow.map((s) => s.usedPercent)),
    redLine: f.plan.ram?.zones.red ?? 85,
    governorPauses,
  };
}

/** Finished tracks' blockers no longer block anything. */
function blockerCounts(tracks: readonly FactTrack[]): Record<BlockerSeverity, number> {
  const counts: Record<BlockerSeverity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const t of tracks) {
    if (t.status === "completed") continue;
    for (const b of t.openBlockers) if (b.severity in counts) counts[b.severity]++;
  }
  return counts;
}

export function qualityGatesOf(tracks: readonly FactTrack[]): { trackKey: string; passed: boolean }[] {
  return tracks
    .filter((t) => t.testStatus === "passed" || t.testStatus === "failed")
    .map((t) => ({ trackKey: t.key, passed: t.testStatus === "passed" }));
}

function completionEvidence(
  t: FactTrack,
  isLive: boolean,
  isPidAlive: (pid: number) => boolean,
): TrackCompletionEvidence {
  let liveProcesses = 0;
  let liveBytes = 0;
  if (isLive && t.liveSlots) {
    for (const slot of t.liveSlots) {
      if (slot.exit !== null) continue;
      const pids = slot.pids.length > 0 ? slot.pids : [slot.handle?.pid ?? null];
      const alive = pids.filter((pid) => isAlive(pid, isPidAlive)).length;
      liveProcesses += alive;
      if (alive > 0) liveBytes += slot.currentBytes;
    }
  } else {
    liveProcesses = t.agents.filter((a) => a.endedAt === null && a.pid !== null && isPidAlive(a.pid)).length;
  }
  return {
    key: t.key,
    status: t.status,
    testConfigured: !!t.plan?.test,
    testPassed: t.testStatus === "passed" ? true : t.testStatus === "failed" ? false : null,
    liveProcesses,
    liveBytes,
  };
}

/**
 * Plans have no integration-test field: a track whose key or name says "integration" and has a test
 * command stands for them. Without one the item falls back to the lead's tick.
 */
function integrationEvidence(tracks: readonly FactTrack[]): GateEvidence["integration"] {
  const candidates = integrationTracks(tracks).filter((t) => !!t.plan?.test);
  if (candidates.length === 0) return { configured: false, passed: null };
  const failed = candidates.filter((t) => t.testStatus === "failed");
  const passed = candidates.filter((t) => t.testStatus === "passed");
  const names = candidates.map((t) => `${t.key} (${t.name})`).join(", ");
  if (failed.length > 0) return { configured: true, passed: false, summary: `test of ${names} failed` };
  if (passed.length === candidates.length)
    return { configured: true, passed: true, summary: `test of ${names}: \`${candidates[0]?.plan?.test}\`` };
  return { configured: true, passed: null, summary: names };
}

// ---- metrics --------------------------------------------------------------------------------------------

/** computeRunMetrics' input from the run's tracks, spans, samples, tests and conflicts. */
export function buildMetricsInput(f: RunFacts): MetricsInput {
  return {
    tracks: f.tracks.map((t) => ({
      key: t.key,
      startedAt: t.spans[0]?.startedAt ?? t.startedAt,
      endedAt: t.endedAt,
      activeMs: t.spans.length > 0 ? activeMsOf(t, f.endMs) : null,
      status: t.status,
    })),
    runStartedAt: f.run.startedAt,
    runEndedAt: f.run.endedAt,
    now: f.nowMs,
    memorySamples: f.samples,
    qualityGates: qualityGatesOf(f.tracks),
    conflicts: f.conflicts.map((c) => ({ severity: c.severity })),
  };
}
