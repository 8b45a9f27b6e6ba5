// What the gates, metrics and retrospective know about one run, gathered from the database and the live
// controller, and turned into the pure modules' inputs (GateEvidence, MetricsInput).
import { listRunAgents, usageByTrack } from "../db/agents";
import { listBlockerEntries } from "../db/blockers";
import { listConflicts } from "../db/conflicts";
import { listRunEvents } from "../db/events";
import type { PrismaClient } from "../db/generated/client";
import { latestIntegrationRun } from "../db/integration-runs";
import { latestMemorySampleAt, listUsage, type UsagePoint } from "../db/memory-samples";
import { lastReportTimes } from "../db/reports";
import { getRun, latestRun, type StoredRun } from "../db/runs";
import { listRunSpans } from "../db/spans";
import { listTracks } from "../db/tracks";
import { fromUsageView, NO_USAGE, type UsageTotals } from "../domain/agents/usage-totals";
import type { BlockerEntry } from "../domain/coordination/blockers";
import type { IntegrationView } from "../domain/coordination/coordination-views";
import type { EventKind, TypedEvent } from "../domain/event-kinds";
import type { StoredSchedule } from "../domain/reporting/gantt";
import { resumedAttempts, workRunningMs } from "../domain/reporting/metrics";
import type { MemorySample, Plan, Severity, TrackPlan, TrackStatus } from "../domain/types";
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
  /** "resume": started with its resume command, carrying on the attempt before. */
  mode: "start" | "resume";
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
  /** The controller's agents, for the live run only. */
  liveSlots: readonly LiveAgentSlot[] | null;
  /** Tokens and dollars of its agents over every attempt. */
  usage: UsageTotals;
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
  /** The run's blockers board (reports, ::blocker lines and the lead's resolutions), as the dashboard shows it. */
  blockerBoard: BlockerEntry[];
  /** Phase 5's latest integration of the track branches (plans with repo), or null. */
  integration: IntegrationView | null;
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
  "track:test",
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

  const [storedTracks, spans, agents, lastReports, blockerBoard, samples, conflicts, events, integration] =
    await Promise.all([
      listTracks(db, run.id),
      listRunSpans(db, run.id),
      listRunAgents(db, run.id),
      lastReportTimes(db, run.id),
      listBlockerEntries(db, run.id),
      listUsage(db, run.startedAt, new Date(endMs)),
      listConflicts(db, run.id),
      listRunEvents(db, run.id, FACT_EVENT_KINDS),
      latestIntegrationRun(db, run.id),
    ]);

  const liveViews = isLive ? new Map(engine.runs.trackViews().map((v) => [v.key, v])) : null;
  const storedUsage = usageByTrack(agents);
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
      liveSlots: isLive ? safeSlots(engine, stored.key) : null,
      // The live figures are ahead of the stored ones (agents' rows are written once a sample).
      usage: view ? fromUsageView(view.usage) : (storedUsage.get(stored.id) ?? NO_USAGE),
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
    blockerBoard,
    integration,
  };
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

/**
 * Running time of the track's latest attempt (the successful one of a completed track) and of the attempts it
 * resumed, pauses excluded: what it would take run alone; null when it never ran. Open spans run to the window's end.
 */
export function latestRunningMsOf(track: FactTrack, endMs: number): number | null {
  if (track.spans.length === 0 || track.attempts === 0) return null;
  return workRunningMs(track.spans, track.attempts, resumedAttempts(track.agents), endMs);
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
