// The governor loop: on each memory sample (and whenever tracks become ready), one decision of the pure governor
// on the tracks as they are, its wait reasons and queue pushed, and its actions carried out. Passes never overlap.
import { describeConcurrency } from "../../domain/governor/concurrency";
import { decideGovernorActions } from "../../domain/governor/governor";
import type { GovernorAction, GovernorDecision, GovernorTrack } from "../../domain/governor/governor-types";
import type { Actor, MemorySample } from "../../domain/types";
import type { GovernorView } from "../../domain/views";
import { isSlurmTrack } from "../executors/cluster-governor";
import type { ActiveRun } from "../track-runtime";
import type { RunContext } from "./context";
import type { GovernorActions } from "./governor-actions";
import { DATABASE_WAIT_REASON, databaseDown } from "./launch-guard";
import { resumabilityOf } from "./resumability";
import { growthFeed } from "./track-profiles";

/** The sampling interval above Green (or the configured one, when shorter). */
export const FAST_INTERVAL_MS = 250;

export class GovernorLoop {
  private passInFlight: Promise<void> | null = null;

  constructor(
    private readonly ctx: RunContext,
    private readonly actions: GovernorActions,
  ) {
    ctx.bus.on("tracksReady", () => this.pass());
    // An attempt that ends frees its memory: sample (and so decide) now, not up to an interval later.
    const holds = (status: string) => status === "running" || status === "paused";
    ctx.bus.on("trackStatusChanged", ({ from, to }) => {
      if (holds(from) && !holds(to)) ctx.monitor.sampleSoon();
    });
  }

  /** One decision on `sample` (default: the monitor's latest), carried out; joins a pass already under way. */
  pass(sample?: MemorySample): Promise<void> {
    if (this.passInFlight) return this.passInFlight;
    this.passInFlight = this.decideAndAct(sample ?? this.ctx.monitor.latest()).finally(() => {
      this.passInFlight = null;
    });
    return this.passInFlight;
  }

  view(sample: MemorySample | null = this.ctx.monitor.latest()): GovernorView {
    const { ctx } = this;
    const { yellow, orange, red } = ctx.monitor.thresholds();
    return {
      enabled: ctx.state.governorEnabled,
      zone: sample?.zone ?? "green",
      zoneLines: { yellow, orange, red },
      sampleIntervalMs: sample && sample.zone !== "green" ? FAST_INTERVAL_MS : ctx.config.sampleIntervalMs,
      queue: ctx.state.governorQueue,
      ordering: ctx.state.governorOrdering,
      ...(ctx.state.governorConcurrency ?? {}),
      ...(ctx.state.cluster ? { cluster: ctx.state.cluster } : {}),
    };
  }

  /** Manual mode (off): tracks start within the concurrency limit and nothing is paused for memory. */
  async setEnabled(enabled: boolean, actor: Actor): Promise<void> {
    const { ctx } = this;
    if (ctx.state.governorEnabled === enabled) return;
    ctx.state.governorEnabled = enabled;
    const header = {
      severity: "medium" as const,
      actor,
      runId: ctx.state.active?.id ?? null,
      trackKey: null,
    };
    if (enabled)
      await ctx.events.record(
        "governor:enabled",
        { enabled },
        { ...header, message: "Governor switched on: RAM zones drive admission, pauses and requeues" },
      );
    else
      await ctx.events.record(
        "governor:disabled",
        { enabled },
        {
          ...header,
          message:
            "Governor switched off (manual mode): tracks start within the concurrency limit; no memory-driven pauses",
        },
      );
    ctx.emitter.emit("governor:updated", this.view());
  }

  private async decideAndAct(sample: MemorySample | null): Promise<void> {
    const { ctx } = this;
    const run = ctx.state.active;
    if (!run || run.finished || !sample) return;
    // A sample taken before the run set its budget (or under an earlier run's) describes the wrong view: wait for
    // the next one.
    const budgetBytes = ctx.monitor.budgetBytes();
    if ((budgetBytes === null) !== (sample.budget === null)) return;
    if (sample.budget !== null && sample.budget.bytes !== budgetBytes) return;
    const view =
      sample.zoneSource === "budget" && sample.budget
        ? { used: sample.budget.usedBytes, capacity: sample.budget.bytes, percent: sample.budget.usedPercent }
        : {
            used: sample.machine.usedBytes,
            capacity: sample.machine.capacityBytes,
            percent: sample.machine.usedPercent,
          };
    const maxConcurrent = run.plan.maxConcurrent ?? sample.tier.maxConcurrent;
    const enabled = ctx.state.governorEnabled;
    const decision: GovernorDecision = decideGovernorActions(
      {
        now: ctx.now(),
        zone: sample.zone,
        usedPercent: view.percent,
        usedBytes: view.used,
        capacityBytes: view.capacity,
        thresholds: ctx.monitor.thresholds(),
        policy: {
          admitBelow: run.plan.ram.admitBelow,
          graceSeconds: run.plan.ram.graceSeconds,
          settleSeconds: run.plan.ram.settleSeconds,
          backfillSeconds: run.plan.ram.backfillSeconds,
          ...(run.plan.ram.victimOrder ? { victimOrder: run.plan.ram.victimOrder } : {}),
          maxConcurrent,
          // The RAM tier's number is the machine's default: once every track's size is known, memory decides.
          maxConcurrentIsDefault: run.plan.maxConcurrent === null,
          baseIntervalMs: ctx.config.sampleIntervalMs,
          fastIntervalMs: Math.min(FAST_INTERVAL_MS, ctx.config.sampleIntervalMs),
        },
        enabled,
        tracks: governorTracks(run, ctx.now()),
      },
      run.governorMemory,
    );
    run.governorMemory = decision.memory;
    ctx.monitor.setIntervalMs(
      decision.sampleIntervalMs === ctx.config.sampleIntervalMs ? null : decision.sampleIntervalMs,
    );

    // Manual mode's decision is alerts and starts within the plan's or the tier's limit, whatever memory knows.
    // Nothing starts while the database is in an outage (run/launch-guard.ts): the starts wait, and say why.
    const held = databaseDown(ctx);
    const actions = held ? decision.actions.filter((a) => a.kind !== "start") : decision.actions;
    this.showQueue(run, decision, held);
    ctx.state.governorConcurrency = {
      maxConcurrent,
      concurrency: describeConcurrency(decision.concurrencyLimit, run.plan.maxConcurrent, sample.tier),
    };
    ctx.emitter.emit("governor:updated", this.view(sample));
    // Shedding load first and all at once: each action waits only on its own track's lock, and in Red the
    // time from the sample to the last SIGSTOP would otherwise grow with the number of tracks.
    const sheds = (a: GovernorAction) => a.kind === "pause" || a.kind === "stop-requeue";
    await Promise.all(
      actions.filter(sheds).map((action) => this.actions.carryOut(run, action, sample, view.percent)),
    );
    for (const action of actions.filter((a) => !sheds(a)))
      await this.actions.carryOut(run, action, sample, view.percent);
  }

  /** Why each ready track waits, on its card, and the queue in order. */
  private showQueue(run: ActiveRun, decision: GovernorDecision, databaseHeld: boolean) {
    const { ctx } = this;
    const queued = new Map(decision.queue.map((q) => [q.trackKey, q]));
    for (const t of run.tracks.values()) {
      if (t.status !== "ready") continue;
      // A track held by its budget is not the governor's to start (run/budget.ts): its card says why.
      const entry = queued.get(t.plan.key);
      const reason = databaseHeld ? DATABASE_WAIT_REASON : (entry?.reason ?? t.budgetHold ?? null);
      const kind = databaseHeld ? "database" : (entry?.waitsFor ?? null);
      if (reason !== t.waitReason || kind !== t.waitKind) {
        t.waitReason = reason;
        t.waitKind = kind;
        ctx.emitTrack(run, t);
      }
    }
    ctx.state.governorQueue = decision.queue.map((q) => ({
      trackKey: q.trackKey,
      waitsFor: databaseHeld ? "database" : q.waitsFor,
      reason: databaseHeld ? DATABASE_WAIT_REASON : q.reason,
    }));
    // The tracks it would have started wait too, and the queue says so.
    if (databaseHeld)
      for (const t of run.tracks.values())
        if (t.status === "ready" && t.budgetHold === null && !queued.has(t.plan.key))
          ctx.state.governorQueue.push({
            trackKey: t.plan.key,
            waitsFor: "database",
            reason: DATABASE_WAIT_REASON,
          });
    const ordering = decision.ordering ?? null;
    ctx.state.governorOrdering =
      ordering === null
        ? null
        : {
            method: ordering.method,
            source: ordering.source,
            // JSON has no Infinity (it would arrive as null): "never" is said as null outright.
            firstFitFinishMs: finiteOrNull(ordering.firstFitFinishMs),
            replannedFinishMs: finiteOrNull(ordering.replannedFinishMs),
          };
  }
}

function governorTracks(run: ActiveRun, now: number): GovernorTrack[] {
  const list = [...run.tracks.values()];
  // A ready track whose budget is spent is not admitted until the lead raises the budget or starts it.
  // Issue 16: Slurm tracks are not this machine's memory: the cluster governor (executors/cluster-governor.ts) has them.
  return list
    .filter((t) => !(t.status === "ready" && t.budgetHold) && !isSlurmTrack(t))
    .map((t) => ({
      key: t.plan.key,
      position: t.position,
      priority: t.plan.priority,
      tier: t.plan.tier,
      status: t.status,
      pausedBy: t.pausedBy,
      estimateBytes: t.plan.ramBytes,
      observedPeakBytes: t.peakBytes > 0 ? t.peakBytes : null,
      currentBytes: t.currentBytes,
      startedAt: t.startedAt,
      progress: t.progress,
      dependantsWaiting: list.filter(
        (o) => o.plan.dependsOn.includes(t.plan.key) && (o.status === "pending" || o.status === "ready"),
      ).length,
      model: t.plan.model,
      modelInForce: t.modelInForce,
      // Issue 15: the stop-requeue reason says whether the track will resume or start over.
      resumability: resumabilityOf(t),
      ...growthFeed(run, t, now),
    }));
}

function finiteOrNull(ms: number | null): number | null {
  return ms !== null && Number.isFinite(ms) ? ms : null;
}
