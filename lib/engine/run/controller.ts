// Runs a plan: the composition point of the run systems (trigger.dev's run engine): one context of shared
// resources, one class per system, and the controller's API over them.
import type { Reporter, ReportSource } from "../../domain/event-kinds";
import type { LeadAction } from "../../domain/phases/track-lifecycle";
import type { PlanIssue } from "../../domain/plan/plan-validate";
import type { Actor, MemorySample, ProgressReport } from "../../domain/types";
import type { GovernorView, TrackView } from "../../domain/views";
import { type ReportTokenScope, reportTokenScope } from "../../security/report-tokens";
import { type CoordinationApi, CoordinationSystem } from "../coordination/coordination-system";
import { ClusterGovernor } from "../executors/cluster-governor";
import { type ActiveRun, type AgentSlot, toTrackView } from "../track-runtime";
import { AgentLineSystem } from "./agent-lines";
import { AgentWatch } from "./agent-watch";
import { AttemptSystem } from "./attempts";
import type { RunBusEvent, RunBusEvents } from "./bus";
import { ConflictSystem } from "./conflicts";
import { createRunContext, type RunControllerDeps } from "./context";
import { GovernorActions } from "./governor-actions";
import { GovernorLoop } from "./governor-loop";
import { type LeadActionOptions, LeadActionSystem } from "./lead-actions";
import type { PreflightReport } from "./preflight-gate";
import { QualityGateSystem } from "./quality-gates";
import { type RecoverySummary, RecoverySystem } from "./recovery";
import { ReportSystem } from "./reports";
import { RunStartSystem, type StartRunInput } from "./run-start";
import { type ShutdownMode, ShutdownSystem } from "./shutdown";
import { SignalSystem } from "./signals";
import { TrackMemorySystem } from "./track-memory";
import { TrackProfileSystem } from "./track-profiles";

export type { RunControllerDeps } from "./context";
export type { PreflightReport } from "./preflight-gate";
export type { StartRunInput } from "./run-start";

/** The running orchestrator of one run at a time, as the engine, the API and the CLI use it. */
export type RunController = {
  /** Measures every live agent's process tree in one /proc scan; returns the agents' total. */
  measureAgents(): number;
  /** Each memory sample: the tracks' memory stored and pushed, then one governor pass. */
  onSample(sample: MemorySample): Promise<void>;
  /** Takes over the run a previous server process left running: its agents are re-attached, ended or interrupted. */
  recoverAfterRestart(): Promise<RecoverySummary | null>;
  /** Failed pre-flight checks block the start (409 with the results) unless `input.override` gives a reason. */
  startRun(input: StartRunInput): Promise<{ runId: string; warnings: PlanIssue[] }>;
  /** The pre-flight checks of a plan without starting it. */
  preflight(input: StartRunInput): Promise<PreflightReport>;
  /** The run of this process (also once it has ended, until the next starts). */
  activeRun(): ActiveRun | null;
  /** Which track an agent's report token reports for (track null: any, a run stored before); null: not one. */
  reportTokenScope(token: string): ReportTokenScope | null;
  isGovernorEnabled(): boolean;
  governorView(): GovernorView;
  setGovernorEnabled(enabled: boolean, actor: Actor): Promise<void>;
  /** The live run's tracks in plan order; empty before the first run. */
  trackViews(): TrackView[];
  /** The agents of the current attempt of a track of the live run. */
  agentSlots(key: string): AgentSlot[];
  leadAction(key: string, action: LeadAction, options?: LeadActionOptions): Promise<TrackView>;
  report(key: string, report: ProgressReport, source: ReportSource, reporter: Reporter): Promise<TrackView>;
  /** The lead saw that the track needs them: its attention clears and its idle clock starts again. */
  acknowledgeAttention(key: string): Promise<TrackView>;
  /** The lead's new dollar budget (null: none) for a track, or for the run when `trackKey` is null. */
  setBudget(trackKey: string | null, maxCostUsd: number | null): Promise<void>;
  /**
   * "stop": ends every agent (SIGCONT first: never leave a child frozen) and marks the run stopped; "detach": leaves
   * them running for the next start to re-attach. Answers how many agents were ended or left running.
   */
  shutdown(reason: string, mode?: ShutdownMode): Promise<number>;
  /**
   * The process goes away without a word (tests simulating kill -9): the controller's own loops stop; no agent is
   * signalled and nothing is stored.
   */
  halt(): Promise<void>;
  /** Worktrees, conflicts from real changes, blockers, handoffs, daily status, integration (issue 13). */
  coordination: CoordinationApi;
  /** Listens to the run's own events (track status changes, the run's end); returns the unsubscribe. */
  on<E extends RunBusEvent>(event: E, listener: (...args: RunBusEvents[E]) => unknown): () => void;
};

/** How often the governor's memory may be stored while it changes. */
const GOVERNOR_MEMORY_SAVE_MS = 2_000;

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
  // What agents say, spend and need: adapters, usage and budgets, attention, local models' memory.
  const watch = new AgentWatch(ctx, signals);
  const reports = new ReportSystem(ctx, conflicts, watch.output);
  const lines = new AgentLineSystem(ctx, reports);
  const gates = new QualityGateSystem(ctx);
  const profiles = new TrackProfileSystem(ctx);
  const attempts = new AttemptSystem(ctx, lines, gates, profiles, coordination);
  const governor = new GovernorLoop(ctx, new GovernorActions(ctx, attempts, signals));
  // Issue 16: Slurm tracks are admitted by Slurm and paused for their node's memory, not this machine's.
  const cluster = new ClusterGovernor(ctx, attempts, signals);
  const trackMemory = new TrackMemorySystem(ctx);
  const leadActions = new LeadActionSystem(ctx, attempts, signals);
  const runStart = new RunStartSystem(ctx, attempts, gates, profiles, coordination);
  const recovery = new RecoverySystem(ctx, attempts, lines, gates, profiles, coordination);
  const shutdown = new ShutdownSystem(ctx, attempts, lines, gates);

  // The governor's memory (who it paused, since when Red, the queue head) is stored when it changes, at most every
  // few seconds, so a restarted server carries on where this one was.
  let savedMemory = "";
  let savedAt = 0;
  const saveGovernorMemory = async () => {
    const run = ctx.state.active;
    if (!run || run.finished) return;
    const json = JSON.stringify(run.governorMemory);
    if (json === savedMemory || ctx.now() - savedAt < GOVERNOR_MEMORY_SAVE_MS) return;
    savedMemory = json;
    savedAt = ctx.now();
    await ctx.save(`store the governor's memory of run ${run.id}`, () =>
      ctx.store.saveGovernorMemory(run.id, json),
    );
  };

  return {
    measureAgents: () => trackMemory.measure() + watch.extraAgentBytes(),
    async onSample(sample) {
      await trackMemory.recordSample(sample);
      const run = ctx.state.active;
      if (run && !run.finished) profiles.observe(run);
      await watch.onSample();
      await governor.pass(sample);
      await saveGovernorMemory();
    },
    recoverAfterRestart: () => recovery.recoverAfterRestart(),
    startRun: (input) => runStart.startRun(input),
    preflight: (input) => runStart.preflight(input),
    activeRun: () => ctx.state.active,
    reportTokenScope: (token) => {
      const run = ctx.state.active;
      return run ? reportTokenScope(token, run.reportTokenHashes) : null;
    },
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
    leadAction: (key, action, options) => leadActions.leadAction(key, action, options),
    report: (key, report, source, reporter) => reports.report(key, report, source, reporter),
    acknowledgeAttention: (key) => watch.acknowledgeAttention(key),
    setBudget: (trackKey, maxCostUsd) => watch.setBudget(trackKey, maxCostUsd),
    coordination: coordination.api(),
    async halt() {
      watch.stop();
      await coordination.stop();
    },
    async shutdown(reason, mode) {
      watch.stop();
      cluster.stop();
      await coordination.stop();
      return shutdown.shutdown(reason, mode);
    },
    on: (event, listener) => ctx.bus.on(event, listener),
  };
}
