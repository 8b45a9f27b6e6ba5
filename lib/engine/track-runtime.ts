// The engine's in-memory state of a run and its tracks, and how it is shown.
import type { BudgetLevel } from "../domain/agents/budget";
import { NO_USAGE, toUsageView, type UsageTotals } from "../domain/agents/usage-totals";
import type { TrackGitView } from "../domain/coordination/coordination-views";
import type { GovernorMemory, WaitKind } from "../domain/governor/governor-types";
import type { AttemptObservation, MemoryProfile } from "../domain/governor/memory-profile";
import type { ProgressPoint } from "../domain/governor/progress-pace";
import type { BlockerReport, PausedBy, Plan, ProgressReport, TrackPlan, TrackStatus } from "../domain/types";
import type {
  AgentLiveState,
  AttentionView,
  MemoryMethod,
  ModelMemoryView,
  SlurmJobView,
  TrackView,
} from "../domain/views";
import type { AgentExit, AgentProcess } from "./agent-port";
import { idleClock, type RunningClock, runningMsOf, startClock } from "./run/running-clock";

export type AgentSlot = {
  id: string;
  name: string;
  /** What was run: the plan's command, or its resume command with the agent's session. */
  command: string;
  mode: "start" | "resume";
  attempt: number;
  /** The agent's conversation or thread, once it said (::session, Claude Code's session_id, Codex's thread_id). */
  sessionId: string | null;
  /** Key of the last log line handled: a line read again after a restart is passed over. */
  lastLineKey: number;
  handle: AgentProcess | null;
  exit: AgentExit | null;
  startedAt: number;
  currentBytes: number;
  peakBytes: number;
  /** How the last measurement counted: PSS, RSS, or both across the tree. */
  method: MemoryMethod | null;
  pids: number[];
  /** Paused: its processes were stopped (and the stop verified); what the track page and the viewers show. */
  state: AgentLiveState;
};

/** How the current attempt should end once its agents have exited, when the engine ended it on purpose. */
export type EndingIntent = {
  /** checkpoint: the lead's "pause (free memory)": the agents end, the track stays paused and resumes later. */
  kind: "stop" | "requeue" | "restart" | "swap" | "checkpoint";
  reason: string;
  toModel?: string;
};

export type TrackRuntime = {
  id: string;
  plan: TrackPlan;
  position: number;
  status: TrackStatus;
  pausedBy: PausedBy | null;
  pauseReason: string | null;
  progress: number;
  reportStatus: ProgressReport["status"] | null;
  modelInForce: string | null;
  attempts: number;
  queuedAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  currentBytes: number;
  peakBytes: number;
  memoryMethod: "pss" | "rss" | "mixed" | null;
  exitSummary: string | null;
  testStatus: TrackView["testStatus"];
  waitReason: string | null;
  /** What it waits for, as a category (the governor's queue); pending tracks wait for their dependencies. */
  waitKind: WaitKind | null;
  blockers: BlockerReport[];
  agents: AgentSlot[];
  // ---- What growth-aware admission is fed (run/track-profiles.ts).
  /** Running time of the current attempt, pauses excluded. */
  clock: RunningClock;
  /** Running time of the earlier attempts the current one carries on (it resumed their sessions); else 0. */
  carriedRunningMs: number;
  /** The progress the current attempt started from (TrackView's); null when not known. */
  progressAtAttemptStart: number | null;
  /** The current attempt's memory samples folded with observeMemory; null before its first sample. */
  observation: AttemptObservation | null;
  /**
   * When the current attempt first reported each progress figure; null when it was not watched from its start
   * (adopted after a restart), so its pace and curve stay unknown.
   */
  progressCurve: ProgressPoint[] | null;
  /** Epoch ms of the governor's stop-requeues of this track in this run (requeues are capped per hour). */
  requeuedAt: number[];
  /** Its learned profile: from the database at the run's start, then learned again at the end of each attempt. */
  profile: MemoryProfile | null;
  /** The kind of agent it runs (trackKindKey of its commands); its profile is filed under it too. */
  kindKey: string;
  ending: EndingIntent | null;
  /**
   * While an ending on purpose runs: settles once every agent's process tree is gone. An agent's leader (sh) may
   * die of the SIGTERM while a child that ignores it works on until the SIGKILL; the attempt ends after that.
   */
  endingStopped: Promise<void> | null;
  /** "checkpoint": paused with its agents ended (their memory freed); resuming starts them again. */
  pauseMode: "checkpoint" | null;
  /** The latest session id of each agent (by name) over all attempts: the next start resumes it. */
  sessions: Map<string, string>;
  /** Paths already reported as conflicts in this attempt, so a repeated ::touch is logged once. */
  conflictPaths: Set<string>;
  /** The agents' latest activity line (run/agent-output.ts). */
  activity: string | null;
  /** Tokens and dollars of every attempt so far, and where they stand against the track's budget. */
  usage: UsageTotals;
  budgetLevel: BudgetLevel;
  /** Set while the track's (or the run's) budget is spent: the governor does not start it again. */
  budgetHold: string | null;
  attention: AttentionView | null;
  modelMemory: ModelMemoryView | null;
  /** Where the agents and the quality gate run: the plan's workdir, or its place in the track's git worktree. */
  workdir: string;
  /** The track's worktree and its changes (plans with repo); null without one. */
  git: TrackGitView | null;
  /** Its latest Slurm job (executor: slurm), as the executor last saw it; absent for local tracks. */
  slurm?: SlurmJobView | null;
};

export type ActiveRun = {
  id: string;
  name: string;
  plan: Plan;
  /** The plan file it was started from; null for a plan sent as text. */
  planPath: string | null;
  startedAt: number;
  tracks: Map<string, TrackRuntime>;
  governorMemory: GovernorMemory;
  finished: boolean;
  /** This server's secret for the run's report tokens: each track's agents get one derived from it (report-tokens.ts). */
  reportSecret: string;
  /**
   * "<track>:<SHA-256 hex>" of every report token this run's agents may hold (a restart mints a new secret; agents
   * started before keep their tokens); a bare digest is a run-wide token of a run stored before per-track tokens.
   */
  reportTokenHashes: string[];
  /** Learned profiles of completed attempts by kind key, newest first (earlier runs' and this one's). */
  kindProfiles: Map<string, KindProfile[]>;
};

/** A learned profile as a track of the same kind may borrow it. */
export type KindProfile = { planName: string; trackKey: string; profile: MemoryProfile };

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function initialTrackRuntime(
  id: string,
  plan: TrackPlan,
  position: number,
  kindKey: string,
): TrackRuntime {
  return {
    id,
    plan,
    position,
    status: "pending",
    pausedBy: null,
    pauseReason: null,
    progress: 0,
    reportStatus: null,
    modelInForce: plan.model.local ?? plan.model.cloud,
    attempts: 0,
    queuedAt: null,
    startedAt: null,
    endedAt: null,
    currentBytes: 0,
    peakBytes: 0,
    memoryMethod: null,
    exitSummary: null,
    testStatus: null,
    waitReason: null,
    waitKind: null,
    blockers: [],
    agents: [],
    ending: null,
    endingStopped: null,
    pauseMode: null,
    sessions: new Map(),
    conflictPaths: new Set(),
    clock: idleClock(),
    carriedRunningMs: 0,
    progressAtAttemptStart: 0,
    observation: null,
    progressCurve: null,
    requeuedAt: [],
    profile: null,
    kindKey,
    activity: null,
    usage: NO_USAGE,
    budgetLevel: "ok",
    budgetHold: null,
    attention: null,
    modelMemory: null,
    workdir: plan.workdir,
    git: null,
  };
}

/**
 * A new attempt of `t` begins at `at` (epoch ms): running, its clock started, and what the last attempt left (its
 * end, pause, wait, memory, progress and what admission observed of it) cleared. Its agent slots are the caller's.
 * An attempt that resumes its agents' sessions keeps the progress they made (until they report anew).
 */
export function beginAttempt(t: TrackRuntime, at: number, resumesSessions = false): void {
  t.attempts += 1;
  t.status = "running";
  t.startedAt = at;
  t.endedAt = null;
  if (!resumesSessions) t.progress = 0;
  t.progressAtAttemptStart = t.progress;
  t.pausedBy = null;
  t.pauseReason = null;
  t.exitSummary = null;
  t.ending = null;
  t.endingStopped = null;
  t.waitReason = null;
  t.waitKind = null;
  t.currentBytes = 0;
  t.testStatus = null;
  t.pauseMode = null;
  // Before the clock starts again: the work an attempt that resumes its sessions carries on.
  t.carriedRunningMs = resumesSessions ? t.carriedRunningMs + runningMsOf(t.clock, at) : 0;
  t.clock = startClock(at);
  t.observation = null;
  t.progressCurve = [];
}

export function toTrackView(runId: string, t: TrackRuntime): TrackView {
  return {
    runId,
    key: t.plan.key,
    name: t.plan.name,
    position: t.position,
    priority: t.plan.priority,
    tier: t.plan.tier,
    status: t.status,
    pausedBy: t.pausedBy,
    pauseReason: t.pauseReason,
    progress: t.progress,
    progressAtAttemptStart: t.progressAtAttemptStart,
    reportStatus: t.reportStatus ?? null,
    model: t.plan.model,
    modelInForce: t.modelInForce,
    estimateBytes: t.plan.ramBytes,
    duration: t.plan.duration,
    dependsOn: t.plan.dependsOn,
    scope: t.plan.scope,
    attempts: t.attempts,
    startedAt: iso(t.startedAt),
    endedAt: iso(t.endedAt),
    currentBytes: t.currentBytes,
    peakBytes: t.peakBytes,
    memoryMethod: t.memoryMethod,
    exitSummary: t.exitSummary,
    testStatus: t.testStatus,
    waitReason: t.waitReason,
    waitKind: t.status === "pending" ? "dependency" : t.status === "ready" ? t.waitKind : null,
    blockers: t.blockers.map((b) => ({ blocker: b.blocker, severity: b.severity })),
    activity: t.activity,
    usage: toUsageView(t.usage, t.plan.maxCostUsd ?? null, t.budgetLevel),
    attention: t.attention,
    modelMemory: t.modelMemory,
    budgetHold: t.budgetHold,
    git: t.git,
    ...(t.slurm ? { slurm: t.slurm } : {}),
  };
}
