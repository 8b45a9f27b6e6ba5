// A track's attempts: start its agents, hear each one exit, end the attempt (completed, failed, or as the engine
// intended: stopped, requeued, restarted, swapped), then move the plan on: dependants become ready, the run ends.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { attemptOutcome } from "../../domain/phases/track-lifecycle";
import { attemptEndingOfIntent, describeAttemptEnding } from "../../domain/reporting/attempt-ending";
import type { Actor } from "../../domain/types";
import type { AgentExit, AgentProcess } from "../agent-port";
import type { CoordinationSystem } from "../coordination/coordination-system";
import { launchTrack, requeueInPlace } from "../executors/attempt-hooks";
import { startedBefore } from "../executors/track-executor";
import {
  type ActiveRun,
  type AgentSlot,
  beginAttempt,
  type EndingIntent,
  type TrackRuntime,
} from "../track-runtime";
import type { AgentLineSystem } from "./agent-lines";
import { agentRequests, newAgentSlots, storeAgentRows } from "./attempt-agents";
import type { RunContext } from "./context";
import {
  DatabaseOutageDuringLaunch,
  databaseDown,
  endFailedLaunch,
  holdStartForDatabase,
} from "./launch-guard";
import type { QualityGateSystem } from "./quality-gates";
import { commandFor } from "./resumability";
import { moveRunOn } from "./run-progress";
import { stopClock } from "./running-clock";
import type { TrackProfileSystem } from "./track-profiles";

/** Grace of the SIGTERM to agents of a launch that failed (then SIGKILL), as short as the governor's stops. */
const LAUNCH_FAILURE_GRACE_MS = 2_000;

export class AttemptSystem {
  constructor(
    private readonly ctx: RunContext,
    private readonly lines: AgentLineSystem,
    private readonly gates: QualityGateSystem,
    private readonly profiles: TrackProfileSystem,
    private readonly coordination: Pick<CoordinationSystem, "prepareTrack" | "holdReason">,
  ) {}

  /**
   * Starts a new attempt: fresh state, one agent process per agent of the plan, a running span. Total: whatever
   * throws, the attempt ends as failed with the reason and the agents it started are ended (launch-guard.ts).
   */
  async start(run: ActiveRun, t: TrackRuntime, actor: Actor, reason: string): Promise<void> {
    // Nothing is launched while the database cannot store the attempt: the track waits, ready (launch-guard.ts).
    if (databaseDown(this.ctx)) return holdStartForDatabase(this.ctx, run, t, reason);
    // A gate still testing the attempt before (a completed track restarted) does not run beside this one.
    await this.gates.cancelFor(t);
    const before = t.attempts;
    try {
      await this.launch(run, t, actor, reason);
    } catch (error) {
      const begun =
        t.attempts > before && t.agents.length > 0 && t.agents.every((a) => a.attempt === t.attempts);
      if (!begun)
        return this.refuseStart(run, t, `starting it failed: ${(error as Error)?.message ?? error}`);
      await endFailedLaunch(this.ctx, run, t, error, LAUNCH_FAILURE_GRACE_MS, {
        onAgentExit: (slot, exit) => this.onAgentExit(run, t, slot, exit),
      });
    }
  }

  private async launch(run: ActiveRun, t: TrackRuntime, actor: Actor, reason: string): Promise<void> {
    const { ctx } = this;
    // Issue 13: the track's git worktree (made, or taken up again) before its agents start there.
    const refusal = await this.coordination.prepareTrack(run, t);
    if (refusal) return this.refuseStart(run, t, refusal);
    // One directory per track: "<track>-<agent>-<attempt>.log" alone is ambiguous (track a, agent b-c and track a-b,
    // agent c would share one log and one exit file). Made before the attempt begins: a directory that cannot be
    // made (disk full, permissions) fails the start with the reason instead of leaving a "running" track without agents.
    const logDir = path.resolve(ctx.config.dataDir, "logs", run.id, t.plan.key);
    try {
      mkdirSync(logDir, { recursive: true });
    } catch (error) {
      return this.refuseStart(run, t, `cannot make its log directory ${logDir}: ${(error as Error).message}`);
    }
    const at = ctx.now();
    const resumes = t.plan.agents.some(
      (spec) => commandFor(spec, t.sessions.get(spec.name) ?? null).mode === "resume",
    );
    beginAttempt(t, at, resumes);
    t.agents = newAgentSlots(t, at);
    await this.openSpan(t, at, "running", null);
    // Issue 16: the track's executor starts the agents (local shim processes, or one Slurm job for them all).
    const requests = agentRequests(ctx, this.lines, run, t, logDir);
    // The attempt and its agents are stored before anything starts (attempt-agents.ts).
    await ctx.persistTrack(run, t);
    await storeAgentRows(ctx, t, requests, at);
    // Rows queued in memory by a database outage that began meanwhile: a crash would lose them, so nothing launches.
    if (databaseDown(ctx)) throw new DatabaseOutageDuringLaunch();
    const handles = await launchTrack(ctx, run, t, requests).catch(async (error: unknown) => {
      // The agents started before the one that failed get their slots, so the failure path ends them.
      for (const [index, handle] of startedBefore(error).entries())
        await this.takeHandle(run, t, t.agents[index]!, handle);
      throw error;
    });
    for (const [index, slot] of t.agents.entries()) await this.takeHandle(run, t, slot, handles[index]!);
    await ctx.persistTrack(run, t);
    await ctx.record(
      run,
      "track:started",
      {
        attempt: t.attempts,
        pids: t.agents.map((a) => a.handle?.pid ?? null),
        reason,
        modes: t.agents.map((a) => a.mode),
      },
      {
        severity: "info",
        message: `Track ${t.plan.key} (${t.plan.name}) started, attempt ${t.attempts}${t.modelInForce ? `, model ${t.modelInForce}` : ""}${t.agents.some((a) => a.mode === "resume") ? ", resuming its agents' sessions" : ""}: ${reason}`,
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
    // Stored before any signal: a server that dies meanwhile leaves the next one the reason for the exits it finds.
    await this.ctx.persistTrack(run, t);
    const live = t.agents.filter((a) => a.handle && a.exit === null);
    if (live.length === 0) {
      await this.endAttempt(run, t);
      return;
    }
    // Issue 16: an executor that restarts in place (Slurm: scontrol requeue) does so with the resume commands.
    const next = t.plan.agents.map((spec) => ({
      name: spec.name,
      command: commandFor(spec, t.sessions.get(spec.name) ?? null).command,
    }));
    if (await requeueInPlace(this.ctx, t, intent, live, next)) return;
    const stops = Promise.all(live.map((a) => a.handle!.stop(graceMs)));
    t.endingStopped = stops.then(
      () => undefined,
      () => undefined,
    );
    await stops;
  }

  /** Dependencies, the run's end, and a governor look at once when tracks became ready (run-progress.ts). */
  afterChange(run: ActiveRun): Promise<void> {
    return moveRunOn(this.ctx, this.coordination, run);
  }

  /** The slot's process: watched at once (a handle in a slot is always watched), then stored. */
  private async takeHandle(
    run: ActiveRun,
    t: TrackRuntime,
    slot: AgentSlot,
    handle: AgentProcess,
  ): Promise<void> {
    slot.handle = handle;
    this.watchExit(run, t, slot, handle);
    await this.ctx.save(`store the process of agent ${slot.name} of ${t.plan.key}`, () =>
      this.ctx.store.recordAgentLaunch(slot.id, {
        pid: handle.pid,
        identity: handle.identity,
        logPath: handle.logPath,
        exitPath: handle.exitPath,
      }),
    );
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

  /** Handles the agent's exit when it comes (under the track's lock). */
  watchExit(run: ActiveRun, t: TrackRuntime, slot: AgentSlot, handle: AgentProcess): void {
    this.ctx.background(
      `handling the exit of agent ${slot.name} of track ${t.plan.key}`,
      handle.exited.then((exit) => this.ctx.withLock(t, () => this.onAgentExit(run, t, slot, exit))),
      run,
      t.plan.key,
    );
  }

  /** An agent's end: recorded at the time it ended (which may precede this server, for an adopted agent). */
  async onAgentExit(run: ActiveRun, t: TrackRuntime, slot: AgentSlot, exit: AgentExit): Promise<void> {
    const { ctx } = this;
    slot.exit = exit;
    // Its final usage and session, and what its adapter could not read (run/agent-output.ts).
    await this.lines.onAgentExit(run, t, slot);
    const at = exitTime(exit, ctx.now());
    await this.lines.flush(slot);
    await ctx.save(`store the exit of agent ${slot.name} of ${t.plan.key}`, () =>
      ctx.store.recordAgentEnd(slot.id, {
        endedAt: new Date(at),
        exitCode: exit.code,
        signal: exit.signal,
        error: exit.error,
        peakBytes: slot.peakBytes,
        interrupted: exit.interrupted ? (exit.error ?? exit.message) : null,
      }),
    );
    const ok = exit.code === 0;
    const intended = t.ending !== null;
    // Ended on purpose: say so ("stopped for a restart (SIGTERM)"), not "killed by SIGTERM" like a crash.
    const how = t.ending
      ? describeAttemptEnding(attemptEndingOfIntent(t.ending.kind), {
          signal: exit.signal,
          exitCode: exit.code,
        })
      : exit.message;
    await ctx.record(
      run,
      "agent:exited",
      { code: exit.code, signal: exit.signal, error: exit.error, attempt: slot.attempt },
      {
        severity: ok || intended ? "info" : "high",
        message: `Agent ${slot.name} of track ${t.plan.key}: ${how}`,
        actor: "agent",
        trackKey: t.plan.key,
      },
    );
    if (slot.attempt !== t.attempts || !t.agents.every((a) => a.exit !== null)) return;
    // An ending on purpose ends the attempt once nothing of its agents runs: the track is not "stopped", nor its
    // next attempt started in the same workdir, while a child of a dead leader still works through its grace.
    // (The stop does not need this lock, so waiting under it cannot deadlock.)
    if (t.ending !== null && t.endingStopped) await t.endingStopped;
    await this.endAttempt(run, t);
  }

  /** Every agent of the attempt has exited: decide what the track becomes (as of the last agent's end). */
  async endAttempt(run: ActiveRun, t: TrackRuntime): Promise<void> {
    const { ctx } = this;
    const exits = t.agents.flatMap((a) => (a.exit ? [exitTime(a.exit, ctx.now())] : []));
    const at = exits.length > 0 ? Math.max(...exits) : ctx.now();
    const intent = t.ending;
    t.ending = null;
    t.endingStopped = null;
    t.currentBytes = 0;
    // The attempt's running time and memory become its profile, before a restart begins the next attempt.
    stopClock(t.clock, at);
    const completed = intent === null && attemptOutcome(t.agents.map((a) => a.exit!)).status === "completed";
    await this.profiles.attemptEnded(run, t, { intent: intent?.kind ?? null, completed });
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
        case "checkpoint":
          // Paused, with its memory freed: the lead's resume starts it again (its resume command if it has one).
          t.status = "paused";
          t.pausedBy = "lead";
          t.pauseMode = "checkpoint";
          t.pauseReason = intent.reason;
          await this.openSpan(t, at, "paused", "lead");
          break;
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
    // An agent lost while no server watched it (no exit status): start the track again, resuming where it can.
    if (outcome.status === "failed" && t.agents.some((a) => a.exit?.interrupted)) {
      await this.closeSpan(t, at, "interrupted");
      t.status = "ready";
      t.queuedAt = at;
      t.exitSummary = `interrupted: ${t.agents.find((a) => a.exit?.interrupted)?.exit?.error ?? "an agent vanished"}; queued again`;
      await ctx.persistTrack(run, t);
      await ctx.record(
        run,
        "track:interrupted",
        { attempt: t.attempts, reason: t.exitSummary },
        {
          severity: "high",
          message: `Track ${t.plan.key} ${t.exitSummary}`,
          actor: "system",
          trackKey: t.plan.key,
        },
      );
      return this.afterChange(run);
    }
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

  private openSpan(t: TrackRuntime, at: number, kind: "running" | "paused", pausedBy: "lead" | null) {
    return this.ctx.save(`open a span of ${t.plan.key}`, () =>
      this.ctx.store.openSpan({ trackId: t.id, attempt: t.attempts, kind, pausedBy, at: new Date(at) }),
    );
  }

  private closeSpan(t: TrackRuntime, at: number, outcome: string) {
    return this.ctx.save(`close the span of ${t.plan.key}`, () =>
      this.ctx.store.closeOpenSpan(t.id, new Date(at), outcome),
    );
  }
}

/** When an agent ended: as its shim recorded it (it may have ended while no server ran), else now. */
function exitTime(exit: AgentExit, now: number): number {
  const recorded = exit.endedAt ? Date.parse(exit.endedAt) : Number.NaN;
  return Number.isFinite(recorded) ? recorded : now;
}
