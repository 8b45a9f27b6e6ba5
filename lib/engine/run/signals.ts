// Pausing and resuming a track: SIGSTOP/SIGCONT to every process of its agents, verified in /proc by the
// supervisor; the track's spans, its state, each agent's state (stored, for the viewers) and the events follow, and
// a signal that did not take is an event too.
import { describeSignalHeadline } from "../../domain/governor/signal-wording";
import type { Actor, PausedBy } from "../../domain/types";
import type { SignalCheck } from "../agent-port";
import type { ActiveRun, AgentSlot, TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";
import { resumeClock, stopClock } from "./running-clock";

export class SignalSystem {
  constructor(private readonly ctx: RunContext) {}

  /** Pauses or resumes every live agent of the track; `pausedBy` defaults to the actor's side. */
  async signalTrack(
    run: ActiveRun,
    t: TrackRuntime,
    kind: "pause" | "resume",
    actor: Actor,
    reason: string,
    pausedBy: PausedBy = actor === "lead" ? "lead" : "governor",
  ): Promise<void> {
    const { ctx } = this;
    const checks: SignalCheck[] = [];
    const signalled: AgentSlot[] = [];
    for (const slot of t.agents) {
      if (!slot.handle || slot.exit) continue;
      const check = kind === "pause" ? await slot.handle.pause() : await slot.handle.resume();
      checks.push(check);
      signalled.push(slot);
      // Paused once every process of it is verified stopped (as the owner's track page reads it in /proc).
      slot.state = kind === "pause" && check.outcome === "signalled" && check.ok ? "paused" : "running";
    }
    await ctx.save(`store the agents' state of ${t.plan.key}`, () =>
      ctx.store.saveAgentLive(
        signalled.map((slot) => ({
          id: slot.id,
          state: slot.state,
          memory: { currentBytes: slot.currentBytes, peakBytes: slot.peakBytes, method: slot.method },
        })),
      ),
    );
    const unchanged = checks.flatMap((c) => c.unchanged);
    const errors = checks.flatMap((c) => c.errors);
    const pids = checks.flatMap((c) => c.pids);
    const at = new Date(ctx.now());
    await ctx.save(`close the span of ${t.plan.key}`, () =>
      ctx.store.closeOpenSpan(t.id, at, kind === "pause" ? "paused" : "resumed"),
    );
    if (kind === "pause") {
      t.status = "paused";
      t.pausedBy = pausedBy;
      t.pauseReason = reason;
      stopClock(t.clock, at.getTime());
    } else {
      t.status = "running";
      t.pausedBy = null;
      t.pauseReason = null;
      resumeClock(t.clock, at.getTime());
    }
    await ctx.save(`open a span of ${t.plan.key}`, () =>
      ctx.store.openSpan({
        trackId: t.id,
        attempt: t.attempts,
        kind: kind === "pause" ? "paused" : "running",
        pausedBy: t.pausedBy,
        at,
      }),
    );
    await ctx.persistTrack(run, t);
    // Issue 16: a Slurm track is suspended as a job; its memory stays reserved on the node (say so).
    const job = t.slurm && t.plan.executor?.kind === "slurm" ? t.slurm.jobId : null;
    const verb = job
      ? kind === "pause"
        ? `suspended in Slurm (scontrol suspend, job ${job}; its memory stays reserved on the node)`
        : `resumed in Slurm (scontrol resume, job ${job})`
      : kind === "pause"
        ? "paused (SIGSTOP)"
        : "resumed (SIGCONT)";
    const headline = describeSignalHeadline(t.plan.key, verb, actor, reason);
    await ctx.record(
      run,
      kind === "pause" ? "track:paused" : "track:resumed",
      { pids, unchanged, errors, reason },
      {
        severity: kind === "pause" ? "medium" : "info",
        message: job
          ? `${headline}${unchanged.length || errors.length ? " — Slurm did not confirm it" : " — confirmed by scontrol"}`
          : `${headline} — ${pids.length} process(es)${unchanged.length ? `, ${unchanged.length} did not change state` : ", all verified in /proc"}`,
        actor,
        trackKey: t.plan.key,
      },
    );
    if (unchanged.length > 0 || errors.length > 0) {
      const left = unchanged
        .map((u) => `pid ${u.pid} in state ${u.state}`)
        .concat(errors.map((e) => `pid ${e.pid}: ${e.code}`))
        .join(", ");
      await ctx.record(
        run,
        "signal:failed",
        { unchanged, errors },
        {
          severity: "high",
          message: `Track ${t.plan.key}: ${kind} left ${left}`,
          actor: "system",
          trackKey: t.plan.key,
        },
      );
    }
  }
}
