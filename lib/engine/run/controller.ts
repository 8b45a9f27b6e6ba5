// Runs a plan: the composition point of the run systems (trigger.dev's run engine): one context of shared
// resources, one class per system, and the controller's API over them.
import type { ReportSource } from "../../domain/event-kinds";
import type { PlanIssue } from "../../domain/plan-validate";
import type { LeadAction } from "../../domain/track-lifecycle";
import type { Actor, MemorySample, ProgressReport } from "../../domain/types";
import type { GovernorView, TrackView } from "../../domain/views";
import { sameSecret } from "../../security/secret";
import { type CoordinationApi, CoordinationSystem } from "../coordination/coordination-system";
import { type ActiveRun, type AgentSlot, toTrackView } from "../track-runtime";
import { AttemptSystem } from "./attempts";
import type { RunBusEvent, RunBusEvents } from "./bus";
import { ConflictSystem } from "./conflicts";
import { createRunContext, type RunControllerDeps } from "./context";
import { GovernorActions } from "./governor-actions";
import { GovernorLoop } from "./governor-loop";
import { LeadActionSystem } from "./lead-actions";
import { QualityGateSystem } from "./quality-gates";
import { RecoverySystem } from "./recovery";
import { ReportSystem } from "./reports";
import { RunStartSystem, type StartRunInput } from "./run-start";
import { ShutdownSystem } from "./shutdown";
import { SignalSystem } from "./signals";
import { TrackMemorySystem } from "./track-memory";

export type { RunControllerDeps } from "./context";
export type { StartRunInput } from "./run-start";

/** The running orchestrator of one run at a time, as the engine, the API and the CLI use it. */
export type RunController = {
  /** Measures every live agent's process tree in one /proc scan; returns the agents' total. */
  measureAgents(): number;
  /** Each memory sample: the tracks' memory stored and pushed, then one governor pass. */
  onSample(sample: MemorySample): Promise<void>;
  /** Marks runs left "running" by a previous server process as stopped: their agents are gone. */
  recoverAfterRestart(): Promise<void>;
  startRun(input: StartRunInput): Promise<{ runId: string; warnings: PlanIssue[] }>;
  /** The run of this process (also once it has ended, until the next starts). */
  activeRun(): ActiveRun | null;
  /** True for the current run's report-only token (agents report with it; it opens nothing else). */
  isReportToken(token: string): boolean;
  isGovernorEnabled(): boolean;
  governorView(): GovernorView;
  setGovernorEnabled(enabled: boolean, actor: Actor): Promise<void>;
  /** The live run's tracks in plan order; empty before the first run. */
  trackViews(): TrackView[];
  /** The agents of the current attempt of a track of the live run. */
  agentSlots(key: string): AgentSlot[];
  leadAction(key: string, action: LeadAction): Promise<TrackView>;
  report(key: string, report: ProgressReport, source: ReportSource): Promise<TrackView>;
  /** Ends every agent (SIGCONT first: never leave a child frozen) and marks the run stopped. */
  shutdown(reason: string): Promise<void>;
  /** Worktrees, conflicts from real changes, blockers, handoffs, daily status, integration (issue 13). */
  coordination: CoordinationApi;
  /** Listens to the run's own events (track status changes, the run's end); returns the unsubscribe. */
  on<E extends RunBusEvent>(event: E, listener: (...args: RunBusEvents[E]) => unknown): () => void;
};

export function createRunController(deps: RunControllerDeps): RunController {
  const ctx = createRunContext(deps);
  const signals = new SignalSystem(ctx);
  // Issue 13: worktrees, conflicts from real changes, blockers, handoffs, daily status, integration.
  const coordination = new CoordinationSystem(
    ctx,
    signals,
    (run): Promise<void> => attempts.afterChange(run),
  );
  const conflicts = new ConflictSystem(ctx, signals);
  const reports = new ReportSystem(ctx, conflicts);
  const gates = new QualityGateSystem(ctx);
  const attempts = new AttemptSystem(ctx, reports, gates, coordination);
  const governor = new GovernorLoop(ctx, new GovernorActions(ctx, attempts, signals));
  const trackMemory = new TrackMemorySystem(ctx);
  const leadActions = new LeadActionSystem(ctx, attempts, signals);
  const runStart = new RunStartSystem(ctx, attempts, gates, coordination);
  const recovery = new RecoverySystem(ctx);
  const shutdown = new ShutdownSystem(ctx, attempts, gates);

  return {
    measureAgents: () => trackMemory.measure(),
    async onSample(sample) {
      await trackMemory.recordSample(sample);
      await governor.pass(sample);
    },
    recoverAfterRestart: () => recovery.recoverAfterRestart(),
    startRun: (input) => runStart.startRun(input),
    activeRun: () => ctx.state.active,
    isReportToken: (token) => ctx.state.active !== null && sameSecret(token, ctx.state.active.reportToken),
    isGovernorEnabled: () => ctx.state.governorEnabled,
    governorView: () => governor.view(),
    setGovernorEnabled: (enabled, actor) => governor.setEnabled(enabled, actor),
    trackViews() {
      const run = ctx.state.active;
      if (!run) return [];
      return [...run.tracks.values()]
        .sort((a, b) => a.position - b.position)
        .map((t) => toTrackView(run.id, t));
    },
    agentSlots: (key) => ctx.trackOf(key).track.agents,
    leadAction: (key, action) => leadActions.leadAction(key, action),
    report: (key, report, source) => reports.report(key, report, source),
    coordination: coordination.api(),
    async shutdown(reason) {
      await coordination.stop();
      await shutdown.shutdown(reason);
    },
    on: (event, listener) => ctx.bus.on(event, listener),
  };
}
