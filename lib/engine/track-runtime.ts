// The engine's in-memory state of a run and its tracks, and how it is shown.
import type { TrackGitView } from "../domain/coordination-views";
import type { GovernorMemory } from "../domain/governor-types";
import type { BlockerReport, PausedBy, Plan, ProgressReport, TrackPlan, TrackStatus } from "../domain/types";
import type { TrackView } from "../domain/views";
import type { AgentExit, AgentProcess } from "./agent-port";

export type AgentSlot = {
  id: string;
  name: string;
  command: string;
  attempt: number;
  handle: AgentProcess | null;
  exit: AgentExit | null;
  startedAt: number;
  currentBytes: number;
  peakBytes: number;
  /** How the last measurement counted: PSS, RSS, or both across the tree. */
  method: "pss" | "rss" | "mixed" | null;
  pids: number[];
};

/** How the current attempt should end once its agents have exited, when the engine ended it on purpose. */
export type EndingIntent = {
  kind: "stop" | "requeue" | "restart" | "swap";
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
  blockers: BlockerReport[];
  agents: AgentSlot[];
  ending: EndingIntent | null;
  /** Paths already reported as conflicts in this attempt, so a repeated ::touch is logged once. */
  conflictPaths: Set<string>;
  /** Where the agents and the quality gate run: the plan's workdir, or its place in the track's git worktree. */
  workdir: string;
  /** The track's worktree and its changes (plans with repo); null without one. */
  git: TrackGitView | null;
};

export type ActiveRun = {
  id: string;
  name: string;
  plan: Plan;
  startedAt: number;
  tracks: Map<string, TrackRuntime>;
  governorMemory: GovernorMemory;
  finished: boolean;
  /** Given to the run's agents (PARATRACK_REPORT_TOKEN): accepted by the report route only. */
  reportToken: string;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function initialTrackRuntime(id: string, plan: TrackPlan, position: number): TrackRuntime {
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
    blockers: [],
    agents: [],
    ending: null,
    conflictPaths: new Set(),
    workdir: plan.workdir,
    git: null,
  };
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
    blockers: t.blockers.map((b) => ({ blocker: b.blocker, severity: b.severity })),
    git: t.git,
  };
}
