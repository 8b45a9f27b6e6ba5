// The dollar budgets of the tracks and the run (maxCostUsd), checked whenever an agent reports usage: at 80 % an
// alert, at 100 % the running tracks are paused (pausedBy "budget", with the reason) and held: the governor does
// not start a held track again until the lead raises the budget or resumes or restarts the track explicitly.
import { addSpend, NO_SPEND, type Spend } from "../../domain/agents/agent-cost";
import {
  type BudgetAction,
  type BudgetLevel,
  checkBudget,
  decideBudgetActions,
} from "../../domain/agents/budget";
import { isActive, isFinished } from "../../domain/phases/track-lifecycle";
import type { Actor } from "../../domain/types";
import { ConflictError } from "../errors";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";
import type { SignalSystem } from "./signals";

type HoldScope = "track" | "run";

export class BudgetSystem {
  private runLevel: { runId: string; level: BudgetLevel } | null = null;
  /** Why each held track (by id) is held: its own budget, the run's, or both. */
  private readonly holds = new Map<string, Map<HoldScope, string>>();

  constructor(
    private readonly ctx: RunContext,
    private readonly signals: SignalSystem,
  ) {
    ctx.bus.on("leadActed", ({ runId, trackKey, action }) => {
      const t = ctx.state.active?.id === runId ? ctx.state.active.tracks.get(trackKey) : undefined;
      if (t && (action === "resume" || action === "restart")) this.release(t, ["track", "run"]);
    });
  }

  /** After the tracks' usage changed: levels updated, alerts and pauses for levels first reached. */
  check(run: ActiveRun): void {
    const { ctx } = this;
    const tracks = [...run.tracks.values()];
    const previousRun = this.runLevel?.runId === run.id ? this.runLevel.level : "ok";
    const decision = decideBudgetActions({
      run: { spend: runSpend(run), maxCostUsd: run.plan.maxCostUsd ?? null, previous: previousRun },
      tracks: tracks.map((t) => ({
        key: t.plan.key,
        spend: t.usage.spend ?? NO_SPEND,
        maxCostUsd: t.plan.maxCostUsd ?? null,
        previous: t.budgetLevel,
        // A paused track still holds its agents: a governor pause must not turn into a resume past the budget.
        isRunning: isActive(t.status),
      })),
    });
    this.runLevel = { runId: run.id, level: decision.levels.run };
    for (const t of tracks) {
      t.budgetLevel = decision.levels.tracks[t.plan.key] ?? "ok";
      // The lead raised a budget: its hold goes (a paused track stays paused until the lead resumes it).
      if (t.budgetLevel !== "exceeded") this.release(t, ["track"]);
      if (decision.levels.run !== "exceeded") this.release(t, ["run"]);
    }
    for (const action of decision.actions)
      ctx.background(`budget action on ${action.scope}`, this.carryOut(run, action), run);
  }

  /** The lead changes a budget while the run goes on (null: none); held tracks the change frees may start. */
  async setBudget(trackKey: string | null, maxCostUsd: number | null, actor: Actor = "lead"): Promise<void> {
    const { ctx } = this;
    const run = ctx.state.active;
    if (!run || run.finished) throw new ConflictError("no run is going on");
    const t = trackKey === null ? null : ctx.trackOf(trackKey).track;
    const previous = t ? (t.plan.maxCostUsd ?? null) : (run.plan.maxCostUsd ?? null);
    // The plan objects are shared by the run and its tracks: change them in place.
    if (t) t.plan.maxCostUsd = maxCostUsd;
    else run.plan.maxCostUsd = maxCostUsd;
    const money = (usd: number | null) => (usd === null ? "none" : `$${usd}`);
    await ctx.record(
      run,
      "budget:changed",
      { scope: t ? "track" : "run", maxCostUsd, previous },
      {
        severity: "medium",
        message: `${t ? `Track ${t.plan.key}` : "The run"}: budget ${money(previous)} → ${money(maxCostUsd)}`,
        actor,
        trackKey: t?.plan.key ?? null,
      },
    );
    this.check(run);
    for (const track of run.tracks.values()) ctx.emitTrack(run, track);
    ctx.bus.emit("tracksReady", { runId: run.id });
  }

  private async carryOut(run: ActiveRun, action: BudgetAction): Promise<void> {
    const { ctx } = this;
    const check = (scope: "track" | "run", t: TrackRuntime | null) =>
      scope === "run"
        ? checkBudget(runSpend(run), run.plan.maxCostUsd ?? null)
        : checkBudget(t?.usage.spend ?? NO_SPEND, t?.plan.maxCostUsd ?? null);
    if (action.kind === "budget-alert") {
      const t = action.trackKey === null ? null : (run.tracks.get(action.trackKey) ?? null);
      const now = check(action.scope, t);
      // A budget reached while the track (or every track) was not running: nothing to pause, but it is held.
      if (now.level === "exceeded") this.hold(run, action.scope, t ? [t] : unfinished(run), action.reason);
      await ctx.record(
        run,
        "budget:alert",
        {
          scope: action.scope,
          spentUsd: now.spentUsd,
          maxCostUsd: now.maxCostUsd,
          unknownParts: now.unknownParts,
          reason: action.reason,
        },
        {
          severity: now.level === "exceeded" ? "high" : "medium",
          message: action.reason,
          actor: "system",
          trackKey: action.trackKey,
        },
      );
      return;
    }
    const targets = action.trackKeys.flatMap((key) => run.tracks.get(key) ?? []);
    this.hold(run, action.scope, action.scope === "run" ? unfinished(run) : targets, action.reason);
    const now = check(action.scope, targets[0] ?? null);
    await ctx.record(
      run,
      "budget:exceeded",
      {
        scope: action.scope,
        spentUsd: now.spentUsd,
        maxCostUsd: now.maxCostUsd,
        unknownParts: now.unknownParts,
        reason: action.reason,
        pausedTracks: targets.map((t) => t.plan.key),
      },
      {
        severity: "high",
        message: action.reason,
        actor: "system",
        trackKey: action.scope === "track" ? (targets[0]?.plan.key ?? null) : null,
      },
    );
    await Promise.all(targets.map((t) => ctx.withLock(t, () => this.pause(run, t, action.reason))));
  }

  /** SIGSTOP a running track; a track someone else paused becomes the budget's (only the lead resumes it). */
  private async pause(run: ActiveRun, t: TrackRuntime, reason: string): Promise<void> {
    if (t.status === "running") {
      await this.signals.signalTrack(run, t, "pause", "system", reason, "budget");
    } else if (t.status === "paused" && t.pausedBy !== "lead") {
      t.pausedBy = "budget";
      t.pauseReason = reason;
      await this.ctx.persistTrack(run, t);
    }
  }

  private hold(run: ActiveRun, scope: HoldScope, tracks: readonly TrackRuntime[], reason: string): void {
    for (const t of tracks) {
      const reasons = this.holds.get(t.id) ?? new Map<HoldScope, string>();
      reasons.set(scope, reason);
      this.holds.set(t.id, reasons);
      this.showHold(t);
      this.ctx.emitTrack(run, t);
    }
  }

  private release(t: TrackRuntime, scopes: readonly HoldScope[]): void {
    const reasons = this.holds.get(t.id);
    if (!reasons) return;
    for (const scope of scopes) reasons.delete(scope);
    if (reasons.size === 0) this.holds.delete(t.id);
    this.showHold(t);
  }

  private showHold(t: TrackRuntime): void {
    const reasons = this.holds.get(t.id);
    t.budgetHold =
      reasons && reasons.size > 0
        ? `${[...reasons.values()].join("; ")}: raise the budget, or resume or restart the track`
        : null;
  }
}

/** Every track's known dollars, with the parts of unknown cost. */
function runSpend(run: ActiveRun): Spend {
  let spend = NO_SPEND;
  for (const t of run.tracks.values()) if (t.usage.spend) spend = addSpend(spend, t.usage.spend);
  return spend;
}

function unfinished(run: ActiveRun): TrackRuntime[] {
  return [...run.tracks.values()].filter((t) => !isFinished(t.status));
}
