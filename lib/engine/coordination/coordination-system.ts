// Coordination of the tracks (issue 13), composed over the run context: the repository and a worktree per track,
// the change poller and the seed's conflict protocol, the blockers board, handoffs, daily statuses and the
// integration phase. One loop of its own (chained setTimeout, never overlapping the governor's sampling: git runs
// in child processes). The run systems call it at a run's start and a track's start; it hears the rest on the bus.
import type { BlockerEntry } from "../../domain/coordination/blockers";
import type { LeadResolution } from "../../domain/coordination/conflict-lifecycle";
import type {
  ConflictRecord,
  DailyStatusView,
  HandoffView,
  IntegrationView,
} from "../../domain/coordination/coordination-views";
import type { DailyStatusDocument } from "../../domain/coordination/daily-status";
import type { Plan } from "../../domain/types";
import type { GitRunner } from "../../git/git-runner";
import { createThreadedGit } from "../../git/git-thread";
import { ConflictError, NotFoundError } from "../errors";
import type { RunContext } from "../run/context";
import type { SignalSystem } from "../run/signals";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import { BlockerBoard } from "./blocker-board";
import { ChangePoller } from "./change-poller";
import { ConflictProtocol } from "./conflict-protocol";
import { restartCutOffIntegration, restoreCoordination } from "./coordination-resume";
import type { CoordinationRun } from "./coordination-state";
import { DailyStatusSystem } from "./daily-status-system";
import { GitWorkspace, type RepositoryCheck } from "./git-workspace";
import { HandoffSystem } from "./handoff-system";
import { IntegrationSystem } from "./integration-system";

/** How often the worktrees are read: a conflict is seen (and its tracks paused) within about two of these. */
export const COORDINATION_POLL_MS = 1_000;
/** How often the daily status cadence is looked at. */
const CADENCE_CHECK_MS = 30_000;

/** What the API and the CLI ask of coordination in the live run. */
export type CoordinationApi = {
  resolveConflict(id: number, choice: LeadResolution): Promise<ConflictRecord>;
  resolveBlocker(id: number): Promise<BlockerEntry>;
  acknowledgeHandoff(from: string, to: string): Promise<HandoffView>;
  /** Builds and stores the day's documents now (default: today). */
  generateStatus(date?: string): Promise<DailyStatusView[]>;
  /** One track's document for a day, built from its reports and telemetry; null when the track is unknown. */
  buildStatus(key: string, date: string): Promise<DailyStatusDocument | null>;
  /** The server's local day. */
  today(): string;
  integrate(): Promise<IntegrationView>;
  /** The live run's latest integration, or null before the first. */
  latestIntegration(): Promise<IntegrationView | null>;
  /** A fresh poll of the worktrees now (tests; the lead's "check now"). */
  pollNow(): Promise<void>;
};

export class CoordinationSystem {
  private readonly git: GitRunner;
  private readonly workspace: GitWorkspace;
  private readonly protocol: ConflictProtocol;
  private readonly poller: ChangePoller;
  private readonly board: BlockerBoard;
  private readonly handoffs: HandoffSystem;
  private readonly statuses: DailyStatusSystem;
  private readonly integration: IntegrationSystem;
  private current: CoordinationRun | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastCadenceCheck = 0;
  private loopRunning: Promise<void> | null = null;
  private loopGeneration = 0;
  private catchUpHandoffs = false;
  /** Set by stop(): the server is shutting down. */
  private stopped = false;
  /** The run that ended and whose last day is not written yet. */
  private lastDayDue: string | null = null;
  /** That write while under way: a shutdown waits for it (a headless run ends right after its run). */
  private lastDayWrite: Promise<unknown> | null = null;

  constructor(
    private readonly ctx: RunContext,
    signals: SignalSystem,
    afterChange: (run: ActiveRun) => Promise<void>,
  ) {
    // Spawned from a worker thread: a spawn blocks its thread until the child has exec'd (bench/coordination.ts).
    this.git = ctx.git ?? createThreadedGit();
    this.workspace = new GitWorkspace(ctx, this.git);
    this.protocol = new ConflictProtocol(ctx, signals);
    this.poller = new ChangePoller(ctx, this.git, this.workspace, signals, this.protocol, () => this.current);
    this.board = new BlockerBoard(ctx);
    this.handoffs = new HandoffSystem(ctx, this.workspace, afterChange);
    this.statuses = new DailyStatusSystem(ctx, this.git);
    this.integration = new IntegrationSystem(ctx, this.git);
    ctx.bus.on("trackStatusChanged", (e) => this.onStatusChanged(e.runId, e.trackKey, e.from, e.to));
    ctx.bus.on("reportApplied", (e) => {
      const found = this.live(e.runId, e.trackKey);
      if (found) return this.board.observe(found.run, found.coordination, e.trackKey, e.report, e.source);
    });
    // The cadence writes nothing once the run is over: the run's last day gets its statuses at its end, once the
    // last quality gate has given its verdict (not when the server, stopping, ends the run: its database closes).
    ctx.bus.on("runEnded", (e) => {
      this.lastDayDue = e.runId;
      return this.writeLastDay();
    });
    ctx.bus.on("trackGateFinished", () => this.writeLastDay());
    ctx.bus.on("trackGateFinished", (e) => {
      const found = this.live(e.runId, e.trackKey);
      if (!found) return;
      const gate = e.outcome === "skipped" ? "no-test" : e.outcome === "cancelled" ? "not-run" : e.outcome;
      return this.handoffs.onGateFinished(found.run, found.coordination, found.track, gate);
    });
  }

  /** Before the run is stored: the plan's repository (refused with the problem named when it is not one). */
  checkRepository(plan: Plan, source: { fileName: string; text: string }): Promise<RepositoryCheck | null> {
    return this.workspace.checkRepository(plan, source);
  }

  /** The run is stored and started: its coordination state, the repository's warnings as events, the loop. */
  async startRun(run: ActiveRun, check: RepositoryCheck | null): Promise<void> {
    const { ctx } = this;
    this.current = {
      runId: run.id,
      branchId: run.id.slice(0, 8),
      setup: check,
      tracks: new Map(),
      predictions: [],
      conflicts: [],
      board: [],
      handoffs: this.handoffs.initial(run),
      integration: null,
    };
    for (const h of this.current.handoffs.values())
      await ctx.save(`store the handoff ${h.from}→${h.to}`, () => ctx.store.saveHandoff(h));
    // The base as the commit it named now ("HEAD" moves): a restarted server branches new tracks from the same one.
    if (check && run.plan.repo && run.plan.repo.base !== check.baseCommit) {
      run.plan.repo = { ...run.plan.repo, base: check.baseCommit };
      await ctx.save(`store the base of run ${run.id}`, () => ctx.store.saveRunPlan(run.id, run.plan));
    }
    for (const warning of check?.warnings ?? [])
      await ctx.record(
        run,
        "git:problem",
        { problem: warning, trackKey: null },
        { severity: "medium", message: `Repository: ${warning}`, actor: "system" },
      );
    this.startLoop();
  }

  /**
   * After a restart, the run the recovery takes over: its coordination as stored (worktrees, conflicts and holds,
   * blockers, handoffs; an integration the restart cut off is ended), each track's worktree as its workdir, the loop;
   * then an integration the server's death cut off starts again.
   */
  async resumeRun(run: ActiveRun): Promise<void> {
    this.current = await restoreCoordination(this.ctx, this.workspace, this.handoffs, run);
    // Handoffs whose sender's gate ended while no server ran: delivered at the first tick, once the run is taken over.
    this.catchUpHandoffs = true;
    this.startLoop();
    await restartCutOffIntegration(this.ctx, this.integration, run, this.current);
  }

  /** Before a track's agents start: its worktree, and the acknowledgement of handoffs it received. */
  async prepareTrack(run: ActiveRun, t: TrackRuntime): Promise<string | null> {
    const coordination = this.current;
    if (!coordination || coordination.runId !== run.id) return null;
    const problem = await this.workspace.prepare(run, coordination, t);
    if (problem) return problem;
    await this.handoffs.acknowledgeOnStart(run, coordination, t);
    return null;
  }

  /** Why a ready track may not start yet (a handoff not delivered or not acknowledged), or null. */
  holdReason(run: ActiveRun, key: string): string | null {
    const coordination = this.current;
    if (!coordination || coordination.runId !== run.id) return null;
    return this.handoffs.holdReason(run, coordination, key);
  }

  /** The API of the live run. */
  api(): CoordinationApi {
    return {
      resolveConflict: (id, choice) =>
        this.withLive((run, c) => this.protocol.resolve(run, c, id, choice, "lead")),
      resolveBlocker: (id) => this.withLive((run, c) => this.board.resolve(run, c, id)),
      acknowledgeHandoff: (from, to) =>
        this.withLive((run, c) => this.handoffs.acknowledge(run, c, from, to)),
      generateStatus: (date) =>
        this.withLive((run, c) => {
          // Its documents were written when it ended: written again "on demand" they would lose that label.
          if (run.finished)
            throw new ConflictError(
              `run ${run.id} has ended: its documents were written at its end (GET /api/runs/${run.id}/status lists them)`,
            );
          return this.statuses.generate(run, c, date ?? this.statuses.today(), "demand");
        }),
      buildStatus: (key, date) =>
        this.withLive(async (run, c) => {
          const t = run.tracks.get(key);
          return t ? this.statuses.build(run, c, t, date) : null;
        }),
      today: () => this.statuses.today(),
      integrate: () => this.withLive((run, c) => this.integration.start(run, c)),
      latestIntegration: () => this.withLive((run) => this.ctx.store.latestIntegrationRun(run.id)),
      // A poll under way may have read the worktrees before the change the caller wants seen: wait, then read.
      pollNow: async () => {
        await this.poller.stop();
        await this.poller.pollNow(true);
      },
    };
  }

  /** Shutdown: the loop ends, a running integration test is cancelled. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.lastDayWrite?.catch(() => {}); // its failure is logged where it was started
    this.loopGeneration++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.loopRunning;
    await this.poller.stop();
    await this.integration.cancel(this.current);
  }

  private startLoop() {
    this.stopped = false;
    if (this.timer) clearTimeout(this.timer);
    // A tick still under way from an earlier run's loop must not start a second chain of timers.
    const generation = ++this.loopGeneration;
    const next = () => {
      this.timer = setTimeout(() => {
        this.loopRunning = this.tick().finally(() => {
          this.loopRunning = null;
          if (generation === this.loopGeneration) next();
        });
      }, COORDINATION_POLL_MS);
      this.timer.unref();
    };
    next();
  }

  private async tick(): Promise<void> {
    const run = this.ctx.state.active;
    const coordination = this.current;
    if (!run || !coordination || coordination.runId !== run.id) return;
    if (this.catchUpHandoffs) {
      this.catchUpHandoffs = false;
      await this.handoffs
        .catchUp(run, coordination)
        .catch((error: unknown) => this.ctx.logger.error({ err: error }, "the handoffs' catch-up failed"));
    }
    try {
      await this.poller.pollNow();
    } catch (error) {
      this.ctx.logger.error({ err: error }, "the change poll failed");
    }
    if (this.ctx.now() - this.lastCadenceCheck >= CADENCE_CHECK_MS) {
      this.lastCadenceCheck = this.ctx.now();
      await this.statuses
        .tickCadence(run, coordination)
        .catch((error: unknown) => this.ctx.logger.error({ err: error }, "the daily status cadence failed"));
    }
  }

  private async onStatusChanged(runId: string, key: string, from: string, to: string) {
    const found = this.live(runId, key);
    if (!found) return;
    const { run, coordination, track } = found;
    const state = coordination.tracks.get(key);
    const ended = to === "completed" || to === "failed" || to === "stopped";
    if (ended && state) {
      state.readAfterEnd = true;
      coordination.detectAgain = true;
      await this.workspace.release(coordination, key);
    }
    if (to === "failed" || to === "stopped") await this.handoffs.onSenderEnded(run, coordination, track);
    // The lead resumed a track a ruling held until it rebased: it is no longer held.
    if (from === "paused" && to === "running" && coordination.conflicts.some((c) => c.held.includes(key)))
      await this.protocol.forgetHold(run, coordination, key);
  }

  private live(runId: string, key: string) {
    const run = this.ctx.state.active;
    const coordination = this.current;
    const track = run?.tracks.get(key);
    if (!run || run.id !== runId || !coordination || coordination.runId !== runId || !track) return null;
    return { run, coordination, track };
  }

  private async writeLastDay(): Promise<void> {
    const run = this.ctx.state.active;
    const coordination = this.current;
    if (this.stopped || !run || run.id !== this.lastDayDue || !run.finished) return;
    if (!coordination || coordination.runId !== run.id) return;
    if ([...run.tracks.values()].some((t) => t.testStatus === "running")) return;
    this.lastDayDue = null;
    this.lastDayWrite = this.statuses.generate(run, coordination, this.statuses.today(), "run-end");
    try {
      await this.lastDayWrite;
    } finally {
      this.lastDayWrite = null;
    }
  }

  private async withLive<T>(work: (run: ActiveRun, coordination: CoordinationRun) => Promise<T>): Promise<T> {
    const run = this.ctx.state.active;
    const coordination = this.current;
    if (!run || !coordination || coordination.runId !== run.id)
      throw new NotFoundError("no run is live in this server: start one first");
    return work(run, coordination);
  }
}
