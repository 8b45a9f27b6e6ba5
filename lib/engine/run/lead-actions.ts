// The lead's buttons on a track: pause, resume, stop and restart, refused when the track's state does not allow
// them (a resume or a restart that would make it run also when every slot of the concurrency limit is taken), serialised with the governor and the
// agents' exits on the track's lock.
import { refuseForSlot, takesSlot } from "../../domain/governor/concurrency";
import { isActive, type LeadAction, refuseLeadAction } from "../../domain/phases/track-lifecycle";
import type { TrackView } from "../../domain/views";
import { ConflictError } from "../errors";
import { isSlurmTrack } from "../executors/cluster-governor";
import { type ActiveRun, type TrackRuntime, toTrackView } from "../track-runtime";
import type { AttemptSystem } from "./attempts";
import type { RunContext } from "./context";
import { commandFor } from "./resumability";
import type { SignalSystem } from "./signals";

/** An attempt being ended on the lead's word: the stop under way, and the exits of its agents. */
type Ending = { stopped: Promise<void>; exits: Promise<unknown>[] };

/** How the lead pauses: freeze (SIGSTOP; memory stays) or free memory (the agents end and resume later). */
export type LeadActionOptions = {
  pauseMode?: "freeze" | "free-memory";
  /** A free-memory pause of agents that cannot resume their sessions starts them over on resume: asked for. */
  startOver?: boolean;
};

/** The lead's stop: SIGTERM, then SIGKILL after this grace. */
export const STOP_GRACE_MS = 10_000;

export class LeadActionSystem {
  constructor(
    private readonly ctx: RunContext,
    private readonly attempts: AttemptSystem,
    private readonly signals: SignalSystem,
  ) {}

  /**
   * Carries out the lead's action and answers with the track as it then is: a stop once the agents have exited,
   * a restart once the new attempt has started.
   */
  async leadAction(key: string, action: LeadAction, options: LeadActionOptions = {}): Promise<TrackView> {
    const { ctx } = this;
    const { run, track: t } = ctx.trackOf(key);
    // Issue 15: a finished run stays finished (its outcome and retrospective are written); a restart would silently
    // reopen it, so it is refused with the way forward.
    if (run.finished)
      throw new ConflictError(
        action === "restart"
          ? `the run has ended; track ${key} is ${t.status}: restarting it would reopen a finished run, so start the plan again as a new run`
          : `the run has ended; track ${key} is ${t.status}`,
      );
    const depsDone = t.plan.dependsOn.every((d) => run.tracks.get(d)?.status === "completed");
    const refusal = refuseLeadAction(
      { status: t.status, pausedBy: t.pausedBy, dependenciesDone: depsDone },
      action,
    );
    if (refusal) throw new ConflictError(refusal);
    // A resume, or a restart of a track not running, takes a slot as a start does: past the limit in force it is
    // refused, saying who holds the slots. (Slurm tracks are the cluster governor's, outside this machine's count.)
    if ((action === "resume" || action === "restart") && takesSlot(action, t.status) && !isSlurmTrack(t)) {
      const runningKeys = [...run.tracks.values()]
        .filter((o) => o.status === "running" && !isSlurmTrack(o))
        .map((o) => o.plan.key);
      const noSlot = refuseForSlot(
        key,
        action,
        ctx.state.governorConcurrency?.concurrency ?? null,
        runningKeys,
      );
      if (noSlot) throw new ConflictError(noSlot);
    }
    /** The reason of a pause that ends the agents to free their memory, said once they have ended. */
    let freedMemory: string | null = null;
    const ending = await ctx.withLock(t, async (): Promise<Ending | null> => {
      switch (action) {
        case "pause":
          if (options.pauseMode === "free-memory" && t.status === "running") {
            // SIGSTOP keeps every page in memory; ending the agents frees it, and the resume picks the work up.
            // An agent without a resume command or a session would start over: its work is lost unless asked for.
            const startOver = cannotResume(t);
            if (startOver.length > 0 && !options.startOver)
              throw new ConflictError(
                `track ${key}: pausing to free memory ends its agents, and ${startOver.join("; ")}: resuming would ` +
                  `start over from the beginning (${Math.round(t.progress)} % done now). Pause without freeing ` +
                  `memory (SIGSTOP keeps the work), or ask for the start over: {"mode":"free-memory","startOver":true} ` +
                  `(paratrack track pause ${key} --free-memory --start-over)`,
              );
            freedMemory = `paused by the lead, memory freed: its agents ended; resuming starts them again${t.plan.agents.some((a) => a.resume) ? " with their resume command" : ""}`;
            return this.end(run, t, { kind: "checkpoint", reason: freedMemory });
          }
          if (t.status === "paused") await this.takeOverPause(run, t);
          else await this.signals.signalTrack(run, t, "pause", "lead", "paused by the lead");
          return null;
        case "resume":
          if (t.pauseMode === "checkpoint") {
            await this.closeCheckpointSpan(t);
            await this.attempts.start(
              run,
              t,
              "lead",
              "resumed by the lead after a pause that freed its memory",
            );
            return null;
          }
          await this.signals.signalTrack(run, t, "resume", "lead", "resumed by the lead");
          return null;
        case "stop":
          if (!isActive(t.status)) {
            await this.stopBeforeStart(run, t);
            return null;
          }
          await ctx.record(
            run,
            "track:stopping",
            { graceMs: STOP_GRACE_MS },
            {
              severity: "medium",
              message: `Track ${key}: stopping (SIGTERM, SIGKILL after ${STOP_GRACE_MS / 1000} s)`,
              actor: "lead",
              trackKey: key,
            },
          );
          return this.end(run, t, { kind: "stop", reason: "stopped by the lead" });
        case "restart":
          if (!isActive(t.status)) {
            await this.attempts.start(run, t, "lead", "restarted by the lead");
            return null;
          }
          return this.end(run, t, { kind: "restart", reason: "restarted by the lead" });
        default: {
          const unreachable: never = action;
          return unreachable;
        }
      }
    });
    if (ending) {
      await ending.stopped;
      // The exit handlers (queued on the same lock) end the attempt, and a restart starts the next one, before
      // the answer. Wait for the exits of the attempt that was ended, not of the one a restart started.
      await Promise.all(ending.exits);
      await ctx.withLock(t, async () => undefined);
    }
    // Recorded when the paused span has begun (the agents may take the grace to end), so the two meet in the
    // retrospective.
    if (freedMemory !== null)
      await ctx.record(
        run,
        "track:paused",
        { pids: [], unchanged: [], errors: [], reason: freedMemory },
        {
          severity: "medium",
          message: `Track ${key} ${freedMemory}`,
          actor: "lead",
          trackKey: key,
        },
      );
    // A stop may block dependants for ever; a restart undoes that: their wait reasons are recomputed at once.
    if (action === "stop" || action === "restart") await this.attempts.afterChange(run);
    ctx.bus.emit("leadActed", { runId: run.id, trackKey: key, action });
    return toTrackView(run.id, t);
  }

  /** Starts ending the attempt (not awaited under the lock: the exit handlers need it). */
  private end(
    run: ActiveRun,
    t: TrackRuntime,
    intent: { kind: "stop" | "restart" | "checkpoint"; reason: string },
  ): Ending {
    const exits = t.agents.map((a) => a.handle?.exited ?? Promise.resolve());
    return { stopped: this.attempts.endOnPurpose(run, t, intent, STOP_GRACE_MS), exits };
  }

  /** The governor (or a conflict) paused it: the lead takes the pause over, so only the lead resumes it. */
  private async takeOverPause(run: ActiveRun, t: TrackRuntime) {
    t.pausedBy = "lead";
    t.pauseReason = "paused by the lead";
    await this.ctx.persistTrack(run, t);
    await this.ctx.record(
      run,
      "track:paused",
      {
        pids: [],
        unchanged: [],
        errors: [],
        reason: "taken over by the lead: stays paused until the lead resumes it",
      },
      {
        severity: "medium",
        message: `Track ${t.plan.key} taken over by the lead: stays paused until the lead resumes it`,
        actor: "lead",
        trackKey: t.plan.key,
      },
    );
  }

  private closeCheckpointSpan(t: TrackRuntime) {
    const at = new Date(this.ctx.now()); // now, not when a write that waited for the database is made
    return this.ctx.save(`close the span of ${t.plan.key}`, () =>
      this.ctx.store.closeOpenSpan(t.id, at, "resumed"),
    );
  }

  private async stopBeforeStart(run: ActiveRun, t: TrackRuntime) {
    t.status = "stopped";
    t.endedAt = this.ctx.now();
    t.exitSummary = "stopped by the lead before it started";
    await this.ctx.persistTrack(run, t);
    await this.ctx.record(
      run,
      "track:stopped",
      { reason: "stopped by the lead before it started" },
      {
        severity: "medium",
        message: `Track ${t.plan.key} stopped by the lead before it started`,
        actor: "lead",
        trackKey: t.plan.key,
      },
    );
  }
}

/** The agents of `t` that would start over after their end (no resume command, or no session to resume), said why. */
function cannotResume(t: TrackRuntime): string[] {
  return t.plan.agents.flatMap((spec) => {
    if (commandFor(spec, t.sessions.get(spec.name) ?? null).mode === "resume") return [];
    return [`${spec.name} ${spec.resume ? "has reported no session yet" : "has no resume command"}`];
  });
}
