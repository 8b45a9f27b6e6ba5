// Starting a run: validate the plan against this machine, set the budget and zones, plan the schedule (the
// Gantt's planned bars), store the run and its tracks, and let the dependencies and the governor take it on.
import { randomUUID } from "node:crypto";
import { initialGovernorMemory } from "../../domain/governor/governor";
import type { PlanIssue } from "../../domain/plan/plan-validate";
import { planCapacityBytes } from "../../domain/planner/plan-capacity";
import type { StoredSchedule } from "../../domain/reporting/gantt";
import { formatBytes } from "../../domain/units";
import { reportTokenEntries } from "../../security/report-tokens";
import { newToken } from "../../security/secret";
import type { CoordinationSystem } from "../coordination/coordination-system";
import { ConflictError, PlanRejectedError } from "../errors";
import { type ActiveRun, initialTrackRuntime, type TrackRuntime } from "../track-runtime";
import type { AttemptSystem } from "./attempts";
import type { RunContext } from "./context";
import { PreflightGate, type PreflightReport } from "./preflight-gate";
import type { QualityGateSystem } from "./quality-gates";
import { kindKeyOf, type TrackProfileSystem } from "./track-profiles";

export type StartRunInput = {
  source: string;
  fileName: string;
  baseDir: string;
  planPath: string | null;
  /** Overrides the plan's ram.budget (e.g. paratrack run --budget). */
  budgetBytes?: number | null;
  /** Starts despite failed pre-flight checks, for this reason (recorded); absent: failures block the start. */
  override?: string | null;
  /** Starts without the memory profiles earlier runs learned (the built-in demo: its growth must surprise). */
  forgetProfiles?: boolean;
};

/** The answer of an engine without pre-flight checks. */
const NO_CHECKS: PreflightReport = {
  ok: true,
  summary: { ok: true, errors: 0, warnings: 0, notes: 0, passed: 0 },
  results: [],
};

/** Planned durations of tracks whose plan gives none. */
const DEFAULT_DURATION_MS = 3_600_000;

export class RunStartSystem {
  private readonly preflightGate: PreflightGate;
  /**
   * A start under way: taken before the first await, so a second request in the meantime (two POST /api/runs at
   * once) sees it and is refused, instead of passing the check of `state.active` that the first one sets only
   * after validation, pre-flight checks and the first writes.
   */
  private starting = false;

  constructor(
    private readonly ctx: RunContext,
    private readonly attempts: AttemptSystem,
    private readonly gates: QualityGateSystem,
    private readonly profiles: TrackProfileSystem,
    private readonly coordination: Pick<CoordinationSystem, "checkRepository" | "startRun">,
  ) {
    this.preflightGate = new PreflightGate(ctx);
  }

  /** The pre-flight checks of a plan, without starting it (the start panel, paratrack check through the API). */
  async preflight(input: StartRunInput): Promise<PreflightReport> {
    const { plan, budget } = await this.validate(input);
    return (await this.preflightGate.check(plan, budget)) ?? NO_CHECKS;
  }

  /** Starts the plan as the server's run; refused (409) while another run is starting or running. */
  async startRun(input: StartRunInput): Promise<{ runId: string; warnings: PlanIssue[] }> {
    const current = this.ctx.state.active;
    if (this.starting) throw new ConflictError("a run is starting; wait for it, then stop it first");
    if (current && !current.finished)
      throw new ConflictError(
        `run "${current.name}" is still running; stop it first: stop the tracks not done yet (Stop on the overview, or paratrack track stop KEY), and it ends when none is left`,
      );
    // Synchronously after the checks: no await between them and the claim. Released once the run is the active one
    // (it then refuses the next start itself) or the start failed.
    this.starting = true;
    try {
      return await this.start(input);
    } finally {
      this.starting = false;
    }
  }

  private async start(input: StartRunInput): Promise<{ runId: string; warnings: PlanIssue[] }> {
    const { ctx } = this;
    const { plan, budget, warnings, repository } = await this.validate(input);
    const preflight = await this.preflightGate.admit(plan, budget, input.override);
    ctx.monitor.setBudget(budget);
    ctx.monitor.setThresholds(plan.ram.zones);
    const runId = randomUUID();
    const reportSecret = newToken();
    const reportTokenHashes = reportTokenEntries(
      reportSecret,
      plan.tracks.map((t) => t.key),
    );
    const schedule = await this.planRun(plan, budget);
    const tracks = new Map<string, TrackRuntime>();
    for (const [i, tp] of plan.tracks.entries())
      tracks.set(tp.key, initialTrackRuntime(randomUUID(), tp, i, kindKeyOf(tp)));
    await ctx.store.createRun({
      id: runId,
      name: plan.name,
      planSource: input.source,
      planPath: input.planPath,
      plan,
      budgetBytes: budget,
      schedule,
      reportTokenHash: reportTokenHashes.join(","),
      tracks: [...tracks.values()].map((t) => ({
        id: t.id,
        key: t.plan.key,
        name: t.plan.name,
        position: t.position,
        status: t.status,
      })),
    });
    const run: ActiveRun = {
      id: runId,
      name: plan.name,
      plan,
      planPath: input.planPath,
      startedAt: ctx.now(),
      tracks,
      governorMemory: initialGovernorMemory(),
      finished: false,
      reportSecret,
      reportTokenHashes,
      kindProfiles: new Map(),
    };
    // Before the first admission: what earlier runs learned about these tracks' memory.
    if (input.forgetProfiles !== true) await this.profiles.load(run);
    this.gates.prepareForRun();
    ctx.state.active = run;
    ctx.state.governorConcurrency = null;
    await this.preflightGate.recordForRun(run, preflight);
    await ctx.record(
      run,
      "run:started",
      { warnings: warnings.map((w) => w.message), planPath: input.planPath },
      {
        severity: "info",
        message: `Run "${plan.name}" started with ${plan.tracks.length} track(s)${budget ? `, RAM budget ${formatBytes(budget)}` : ""}`,
        actor: "lead",
      },
    );
    for (const w of warnings) {
      await ctx.record(
        run,
        "plan:warning",
        { path: w.path, line: w.line },
        { severity: "low", message: w.message, actor: "system" },
      );
    }
    await this.coordination.startRun(run, repository);
    await ctx.emitRun(run);
    for (const t of tracks.values()) ctx.emitTrack(run, t);
    await this.attempts.afterChange(run);
    return { runId, warnings };
  }

  /** The plan validated against this machine (off the event loop), and the RAM budget it runs with. */
  private async validate(input: StartRunInput) {
    const { ctx } = this;
    const capacity = (await ctx.monitor.firstSample()).machine.capacityBytes;
    // Off the event loop: a large plan must not stop the sampling of memory.
    const validation = await ctx.plans.validate(input.source, {
      fileName: input.fileName,
      baseDir: input.baseDir,
      effectiveTotalBytes: capacity,
    });
    if (!validation.ok) throw new PlanRejectedError(validation.errors, validation.warnings);
    const plan = validation.plan;
    // Issue 13: the plan's git repository (not one, or an unknown base: refused here, before anything is stored).
    const repository = await this.coordination.checkRepository(plan, {
      fileName: input.fileName,
      text: input.source,
    });
    const budget =
      input.budgetBytes !== undefined && input.budgetBytes !== null
        ? input.budgetBytes
        : plan.ram.budget === "auto"
          ? ctx.config.ramBudgetBytes
          : plan.ram.budget;
    return { plan, budget, warnings: validation.warnings, repository };
  }

  /** The planner's schedule at start: the Gantt's planned bars. Null when the machine is not sampled yet. */
  private async planRun(plan: ActiveRun["plan"], budget: number | null): Promise<StoredSchedule | null> {
    const sample = this.ctx.monitor.latest();
    if (!sample) return null;
    const capacityBytes = planCapacityBytes(plan, sample, budget);
    try {
      const schedule = await this.ctx.plans.schedule({
        tracks: plan.tracks,
        capacityBytes,
        maxConcurrent: plan.maxConcurrent ?? sample.tier.maxConcurrent,
        resources: plan.resources,
        defaultDurationMs: DEFAULT_DURATION_MS,
      });
      return { ...schedule, capacityBytes };
    } catch (error) {
      this.ctx.logger.warn({ err: error }, "planner could not schedule the plan");
      return null;
    }
  }
}
