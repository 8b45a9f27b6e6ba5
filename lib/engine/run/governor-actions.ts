// Carrying out the governor's decisions. Each of the five track actions is recorded first, then acted on, and
// only while the track is still in the state the governor decided on (it may have changed while the action
// waited for the track's lock): one table of rules instead of a switch of near-copies.
import type { GovernorDecisionDetails } from "../../domain/event-kinds";
import type { GovernorAction } from "../../domain/governor/governor-types";
import { buildZoneNotice } from "../../domain/governor/zone-notice";
import { isActive } from "../../domain/phases/track-lifecycle";
import type { Actor, MemorySample, Severity } from "../../domain/types";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import type { AttemptSystem } from "./attempts";
import type { RunContext } from "./context";
import { runNotifier } from "./run-notifier";
import type { SignalSystem } from "./signals";

/** Grace of the governor's stops (requeue, model swap): it needs the memory back soon. */
const GOVERNOR_STOP_GRACE_MS = 2_000;

type TrackAction = Exclude<GovernorAction, { kind: "alert" }>;
type ActionOf<K extends TrackAction["kind"]> = Extract<TrackAction, { kind: K }>;

type ActionRule<K extends TrackAction["kind"]> = {
  /** The track's state the action was decided for. */
  applies(t: TrackRuntime): boolean;
  severity(t: TrackRuntime): Severity;
  /** Details beyond the sample and the reason. */
  details?(action: ActionOf<K>): Record<string, unknown>;
  carryOut(run: ActiveRun, t: TrackRuntime, action: ActionOf<K>, actor: Actor): Promise<void>;
};

export class GovernorActions {
  private readonly rules: { [K in TrackAction["kind"]]: ActionRule<K> };

  constructor(
    private readonly ctx: RunContext,
    attempts: AttemptSystem,
    signals: SignalSystem,
  ) {
    // A stop is not awaited: its exit handlers queue on the same track's lock, which this action holds.
    const endInBackground = (run: ActiveRun, t: TrackRuntime, work: Promise<void>, what: string) =>
      ctx.background(`${what} track ${t.plan.key} for the governor`, work, run, t.plan.key);
    this.rules = {
      start: {
        applies: (t) => t.status === "ready" && t.budgetHold === null,
        // Without an estimate the track is admitted on observed use only: worth a warning.
        severity: (t) => (t.plan.ramBytes === null ? "medium" : "info"),
        carryOut: (run, t, action, actor) => attempts.start(run, t, actor, action.reason),
      },
      pause: {
        applies: (t) => t.status === "running",
        severity: () => "high",
        carryOut: (run, t, action) => signals.signalTrack(run, t, "pause", "governor", action.reason),
      },
      resume: {
        // A track the lead (or a conflict) paused is not the governor's to resume.
        applies: (t) => t.status === "paused" && t.pausedBy === "governor",
        severity: () => "info",
        carryOut: (run, t, action) => signals.signalTrack(run, t, "resume", "governor", action.reason),
      },
      "stop-requeue": {
        applies: (t) => isActive(t.status),
        severity: () => "critical",
        carryOut: async (run, t, action) =>
          endInBackground(
            run,
            t,
            attempts.endOnPurpose(run, t, { kind: "requeue", reason: action.reason }, GOVERNOR_STOP_GRACE_MS),
            "stopping and requeueing",
          ),
      },
      "swap-model": {
        applies: (t) => t.status === "running",
        severity: () => "high",
        details: (action) => ({ toModel: action.toModel }),
        carryOut: async (run, t, action) =>
          endInBackground(
            run,
            t,
            attempts.endOnPurpose(
              run,
              t,
              { kind: "swap", reason: action.reason, toModel: action.toModel },
              GOVERNOR_STOP_GRACE_MS,
            ),
            "swapping the model of",
          ),
      },
    };
  }

  /** Records the action with the sample it was decided on, then carries it out. */
  async carryOut(
    run: ActiveRun,
    action: GovernorAction,
    sample: MemorySample,
    usedPercent: number,
  ): Promise<void> {
    const { ctx } = this;
    const base: GovernorDecisionDetails = {
      zone: sample.zone,
      usedPercent,
      action: action.kind,
      reason: action.reason,
    };
    if (action.kind === "alert") {
      await ctx.record(run, "governor:alert", base, {
        severity: action.zone === "red" ? "critical" : action.zone === "orange" ? "high" : "medium",
        message: action.reason,
        actor: "governor",
      });
      // The seed's "alert team to resource pressure": the lead may not be looking at the dashboard.
      runNotifier(ctx, run)?.notify(
        buildZoneNotice({
          run: { id: run.id, name: run.name },
          zone: action.zone,
          usedPercent,
          reason: action.reason,
          at: new Date(ctx.now()),
          url: ctx.baseUrl() ? `${ctx.baseUrl()}/` : null,
        }),
      );
      return;
    }
    const t = run.tracks.get(action.trackKey);
    // A track being ended (a stop, requeue or swap whose agents' trees are still going away) is not acted on again;
    // its exit handler holds its lock until they are gone, and the governor must not wait on it.
    if (!t || t.ending !== null) return;
    const applied = await ctx.withLock(t, () => this.apply(run, t, action, base));
    // For the Red→signal reaction (lib/metrics): the pause is verified in /proc by now.
    if (applied && action.kind === "pause" && t.status === "paused")
      ctx.bus.emit("governorPaused", {
        runId: run.id,
        trackKey: t.plan.key,
        zone: sample.zone,
        sampleAt: sample.at,
        pausedAt: ctx.now(),
      });
  }

  private async apply<K extends TrackAction["kind"]>(
    run: ActiveRun,
    t: TrackRuntime,
    action: ActionOf<K>,
    base: GovernorDecisionDetails,
  ): Promise<boolean> {
    const rule = this.rules[action.kind as K] as ActionRule<K>;
    if (!rule.applies(t)) return false;
    // In manual mode the concurrency limit, not the governor, starts tracks.
    const actor: Actor = this.ctx.state.governorEnabled ? "governor" : "system";
    const details = { ...base, ...rule.details?.(action) };
    await this.ctx.record(
      run,
      `governor:${action.kind}`,
      details as GovernorDecisionDetails & { toModel: string },
      {
        severity: rule.severity(t),
        message: action.reason,
        actor,
        trackKey: t.plan.key,
      },
    );
    await rule.carryOut(run, t, action, actor);
    return true;
  }
}
