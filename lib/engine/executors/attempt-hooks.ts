// The two places attempts.ts hands a track to its executor (issue 16): starting an attempt's agents, and ending
// an attempt that starts again in place (Slurm's requeue). Kept here so attempts.ts only calls them.
import type { CreateAgentProcessOptions } from "../../agents/supervisor";
import type { AgentProcess } from "../agent-port";
import type { RunContext } from "../run/context";
import type { ActiveRun, AgentSlot, EndingIntent, TrackRuntime } from "../track-runtime";
import { failedHandles } from "./slurm-job-watch";
import { type AgentRestartCommand, chooseExecutor, NO_SLURM_EXECUTOR } from "./track-executor";

/** What a job may reserve: the learned peak with a fifth more room, else the plan's estimate; null: none known. */
export function jobMemoryFor(t: TrackRuntime): number | null {
  if (t.profile?.source === "learned" && t.profile.peakBytes > 0) return Math.ceil(t.profile.peakBytes * 1.2);
  return t.plan.ramBytes;
}

/** Starts the attempt's agents with the track's executor; one handle per request, in order. */
export async function launchTrack(
  ctx: RunContext,
  run: ActiveRun,
  t: TrackRuntime,
  requests: CreateAgentProcessOptions[],
): Promise<AgentProcess[]> {
  const spec = t.plan.executor ?? { kind: "local" as const };
  const executor = chooseExecutor(spec, ctx.launch, ctx.slurm);
  if (!executor) return failedHandles(requests, NO_SLURM_EXECUTOR);
  return executor.launchTrack({
    runId: run.id,
    trackKey: t.plan.key,
    attempt: t.attempts,
    executor: spec,
    agents: requests,
    memBytes: jobMemoryFor(t),
    onPlacement: (view) => {
      t.slurm = view;
      ctx.emitTrack(run, t);
    },
  });
}

/**
 * A requeue or restart of a track whose executor restarts in place: done there (true), the agents' exits then end
 * the attempt as intended. False: the engine stops the agents itself (local tracks, or the requeue failed).
 */
export async function requeueInPlace(
  ctx: RunContext,
  t: TrackRuntime,
  intent: EndingIntent,
  live: readonly AgentSlot[],
  commands: readonly AgentRestartCommand[],
): Promise<boolean> {
  if (intent.kind !== "requeue" && intent.kind !== "restart") return false;
  const executor = chooseExecutor(t.plan.executor, ctx.launch, ctx.slurm);
  if (!executor?.requeueTrack) return false;
  try {
    await executor.requeueTrack(
      live.flatMap((slot) => (slot.handle ? [slot.handle] : [])),
      commands,
    );
    return true;
  } catch (error) {
    ctx.logger.warn(
      { err: error, track: t.plan.key },
      "requeue in place failed: stopping the agents instead",
    );
    return false;
  }
}
