// A track's attempts: start its agents, hear each one exit, end the attempt (completed, failed, or as the engine
// intended: stopped, requeued, restarted, swapped), then move the plan on: dependants become ready, the run ends.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { attemptOutcome, resolveDependencies, runOutcome } from "../../domain/track-lifecycle";
import type { Actor } from "../../domain/types";
import type { AgentExit, AgentProcess } from "../agent-port";
import type { CoordinationSystem } from "../coordination/coordination-system";
import type { ActiveRun, AgentSlot, EndingIntent, TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";
import type { QualityGateSystem } from "./quality-gates";
import type { ReportSystem } from "./reports";

export class AttemptSystem {
  constructor(
    private readonly ctx: RunContext,
    private readonly reports: ReportSystem,
    private readonly gates: QualityGateSystem,
    private readonly coordination: Pick<CoordinationSystem, "prepareTrack" | "holdReason">,
  ) {}

  /** Starts a new attempt: fresh state, one agent process per agent of the plan, a running span. */
  async start(run: ActiveRun, t: TrackRuntime, actor: Actor, reason: string): Promise<void> {
    const { ctx } = this;
    // Issue 13: the track's git worktree (made, or taken up again) before its agents start there.
    const refusal = await this.coordination.prepareTrack(run, t);
    if (refusal) return this.refuseStart(run, t, refusal);
    const at = ctx.now();
    t.attempts += 1;
    t.status = "running";
    t.startedAt = at;
    t.endedAt = null;
    t.progress = 0;
    t.pausedBy = null;
    t.pauseReason = null;
    t.exitSummary = null;
    t.ending = null;
    t.waitReason = null;
    t.currentBytes = 0;
    t.testStatus = null;
    const logDir = path.resolve(ctx.config.dataDir, "logs", run.id);
    mkdirSync(logDir, { recursive: true });
    t.agents = t.plan.agents.map((spec) => ({
      id: randomUUID(),
      name: spec.name,
      command: spec.command,
      attempt: t.attempts,
      handle: null,
      exit: null,
      startedAt: at,
      currentBytes: 0,
      peakBytes: 0,
      method: null,
      pids: [],
    }));
    await ctx.save(`open a span of ${t.plan.key}`, () =>
      ctx.store.openSpan({
        trackId: t.id,
        attempt: t.attempts,
        kind: "running",
        pausedBy: null,
        at: new Date(at),
      }),
    );
    for (const slot of t.agents) {
      const spec = t.plan.agents.find((a) => a.name === slot.name)!;
      const logPath = path.join(
        logDir,
        `${t.plan.key}-${slot.name}-${slot.attempt}.log`.replace(/[^\w.-]/g, "_"),
      );
      const handle = await ctx.launch({
        trackKey: t.plan.key,
        agent: spec,
        workdir: t.workdir,
        // The run's report-only token: agents report with it; it opens nothing else (the server's token stays here).
        env: { ...t.plan.env, PARATRACK_RUN: run.id, PARATRACK_REPORT_TOKEN: run.reportToken },
        nice: t.plan.nice,
        url: ctx.baseUrl(),
        model: t.modelInForce,
        logPath,
        onLine: (line, stream) => this.reports.onAgentLine(run, t, slot, line, stream),
      });
      slot.handle = handle;
      await ctx.save(`store agent ${slot.name} of ${t.plan.key}`, () =>
        ctx.store.createAgent({
          id: slot.id,
          trackId: t.id,
          name: slot.name,
          attempt: slot.attempt,
          command: slot.command,
          pid: handle.pid,
          logPath,
          startedAt: new Date(at),
        }),
      );
      this.watchExit(run, t, slot, handle);
    }
    await ctx.persistTrack(run, t);
    await ctx.record(
      run,
      "track:started",
      { attempt: t.attempts, pids: t.agents.map((a) => a.handle?.pid ?? null), reason },
      {
        severity: "info",
        message: `Track ${t.plan.key} (${t.plan.name}) started, attempt ${t.attempts}${t.modelInForce ? `, model ${t.modelInForce}` : ""}: ${reason}`,
        actor,
        trackKey: t.plan.key,
      },
    );
  }

  /**
   * Ends the current attempt on purpose: SIGCONT + SIGTERM to every live agent, SIGKILL after the grace. Resolves
   * when the agents have been stopped; the exit handlers then end the attempt as `intent` says.
   */
  async endOnPurpose(run: ActiveRun, t: TrackRuntime, intent: EndingIntent, graceMs: number): Promise<void> {
    t.ending = intent;
    const live = t.agents.filter((a) => a.handle && a.exit === null);
    if (live.length === 0) {
      await this.endAttempt(run, t);
      return;
    }
    await Promise.all(live.map((a) => a.handle!.stop(graceMs)));
  }

  /** Dependencies, the run's end, and a governor look at once when tracks became ready. */
  async afterChange(run: ActiveRun): Promise<void> {
    const { ctx } = this;
    const list = [...run.tracks.values()];
    const { ready, blocked } = resolveDependencies(
      list.map((t) => ({ key: t.plan.key, status: t.status, dependsOn: t.plan.dependsOn })),
    );
    for (const key of ready) {
      const t = run.tracks.get(key)!;
      // Issue 13: a receiver waits for its handoffs (delivered, and acknowledged when the plan asks the lead to).
      const hold = this.coordination.holdReason(run, key);
      if (hold) {
        if (t.waitReason !== hold) {
          t.waitReason = hold;
          ctx.emitTrack(run, t);
        }
        continue;
      }
      t.status = "ready";
      t.queuedAt = ctx.now();
      t.waitReason = null;
      await ctx.persistTrack(run, t);
    }
    for (const b of blocked) {
      const t = run.tracks.get(b.key)!;
      if (t.waitReason !== `waiting forever: ${b.reason}`) {
        t.waitReason = `waiting forever: ${b.reason}`;
        ctx.emitTrack(run, t);
      }
    }
    const outcome = runOutcome(
      list.map((t) => ({ key: t.plan.key, status: t.status, dependsOn: t.plan.dependsOn })),
    );
    if (outcome && !run.finished) {
      run.finished = true;
      await ctx.save(`store the end of run ${run.id}`, () =>
        ctx.store.setRunStatus(run.id, outcome, new Date(ctx.now())),
      );
      await ctx.record(
        run,
        "run:ended",
        { status: outcome, reason: null },
        {
          severity: outcome === "completed" ? "info" : "high",
          message: `Run "${run.name}" ${outcome}`,
          actor: "system",
        },
      );
      await ctx.emitRun(run);
      ctx.bus.emit("runEnded", { runId: run.id, status: outcome });
      return;
    }
    if (ready.length > 0) ctx.bus.emit("tracksReady", { runId: run.id });
  }

  /** The track cannot start where it must work (its worktree): failed, with the reason; the lead may restart it. */
  private async refuseStart(run: ActiveRun, t: TrackRuntime, reason: string): Promise<void> {
    t.status = "failed";
    t.endedAt = this.ctx.now();
    t.exitSummary = `not started: ${reason}`;
    t.waitReason = null;
    await this.ctx.persistTrack(run, t);
    await this.afterChange(run);
  }

  private watchExit(run: ActiveRun, t: TrackRuntime, slot: AgentSlot, handle: AgentProcess) {
    this.ctx.background(
      `handling the exit of agent ${slot.name} of track ${t.plan.key}`,
      handle.exited.then((exit) => this.ctx.withLock(t, () => this.onAgentExit(run, t, slot, exit))),
      run,
      t.plan.key,
    );
  }

  private async onAgentExit(run: ActiveRun, t: TrackRuntime, slot: AgentSlot, exit: AgentExit) {
    const { ctx } = this;
    slot.exit = exit;
    const at = ctx.now();
    await ctx.save(`store the exit of agent ${slot.name} of ${t.plan.key}`, () =>
      ctx.store.recordAgentEnd(slot.id, {
        endedAt: new Date(at),
        exitCode: exit.code,
        signal: exit.signal,
        error: exit.error,
        peakBytes: slot.peakBytes,
      }),
    );
    const ok = exit.code === 0;
    const intended = t.ending !== null;
    await ctx.record(
      run,
      "agent:exited",
      { code: exit.code, signal: exit.signal, error: exit.error, attempt: slot.attempt },
      {
        severity: ok || intended ? "info" : "high",
        message: `Agent ${slot.name} of track ${t.plan.key}: ${exit.message}`,
        actor: "agent",
        trackKey: t.plan.key,
      },
    );
    if (slot.attempt !== t.attempts || !t.agents.every((a) => a.exit !== null)) return;
    await this.endAttempt(run, t);
  }

  /** Every agent of the attempt has exited: decide what the track becomes. */
  private async endAttempt(run: ActiveRun, t: TrackRuntime) {
    const { ctx } = this;
    const at = ctx.now();
    const intent = t.ending;
    t.ending = null;
    t.currentBytes = 0;
    if (intent) {
      await this.closeSpan(t, at, intent.kind === "stop" ? "stopped" : intent.kind);
      switch (intent.kind) {
        case "stop":
          t.status = "stopped";
          t.endedAt = at;
          t.pausedBy = null;
          t.exitSummary = `stopped: ${intent.reason}`;
          break;
        case "requeue":
          t.status = "ready";
          t.queuedAt = at;
          t.pausedBy = null;
          t.exitSummary = `requeued: ${intent.reason}`;
          break;
        case "restart":
          await this.start(run, t, "lead", intent.reason);
          return this.afterChange(run);
        case "swap":
          t.modelInForce = intent.toModel ?? t.modelInForce;
          await this.start(run, t, "governor", intent.reason);
          return this.afterChange(run);
        default: {
          const unreachable: never = intent.kind;
          return unreachable;
        }
      }
      await ctx.persistTrack(run, t);
      return this.afterChange(run);
    }
    const outcome = attemptOutcome(t.agents.map((a) => a.exit!));
    t.status = outcome.status;
    t.endedAt = at;
    t.exitSummary = outcome.summary;
    if (outcome.status === "completed") t.progress = 100;
    await this.closeSpan(t, at, outcome.status);
    await ctx.persistTrack(run, t);
    await ctx.record(
      run,
      outcome.status === "completed" ? "track:completed" : "track:failed",
      { attempt: t.attempts, exits: t.agents.map((a) => a.exit) },
      {
        severity: outcome.status === "completed" ? "info" : "high",
        message: `Track ${t.plan.key} ${outcome.status}: ${outcome.summary}`,
        actor: "system",
        trackKey: t.plan.key,
      },
    );
    if (outcome.status === "completed") this.gates.start(run, t);
    await this.afterChange(run);
  }

  private closeSpan(t: TrackRuntime, at: number, outcome: string) {
    return this.ctx.save(`close the span of ${t.plan.key}`, () =>
      this.ctx.store.closeOpenSpan(t.id, new Date(at), outcome),
    );
  }
}
