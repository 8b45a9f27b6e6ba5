// After a restart (issue 16): a track on `executor: slurm` has no process of this machine to adopt, so its agents
// are found again through its job, by the job's name `paratrack-<run>-<track>`; each agent's log is read on from
// the cursor stored on its row. recovery.ts calls this instead of adopting the agents one by one.
import type { CreateAgentProcessOptions } from "../../agents/supervisor";
import { slurmJobName } from "../../executors/slurm/batch-script";
import type { SlurmJobState } from "../../executors/slurm/job-state";
import type { AgentProcess } from "../agent-port";
import type { RunContext } from "../run/context";
import type { ActiveRun, AgentSlot, TrackRuntime } from "../track-runtime";
import { jobMemoryFor } from "./attempt-hooks";
import { isRemoteAgent } from "./track-executor";

/** One recorded agent of the attempt, with what its handle needs to read its log on where it stopped. */
export type RecordedSlurmAgent = Pick<
  CreateAgentProcessOptions,
  "logPath" | "cursor" | "onLine" | "onLogNotice"
> & { slot: AgentSlot };

/** Handles in the agents' order; `gone`: Slurm knows no job of the track (or cannot be asked), with why. */
export type SlurmAdoption = { kind: "live"; handles: AgentProcess[] } | { kind: "gone"; reason: string };

export function runsOnSlurm(t: TrackRuntime): boolean {
  return t.plan.executor?.kind === "slurm";
}

/** Finds the track's job again and attaches to it (the executor's poll then reports its state and its end). */
export async function adoptSlurmTrack(
  ctx: RunContext,
  run: ActiveRun,
  t: TrackRuntime,
  agents: readonly RecordedSlurmAgent[],
): Promise<SlurmAdoption> {
  const jobName = slurmJobName(run.id, t.plan.key);
  if (!ctx.slurm) return { kind: "gone", reason: `this server has no Slurm executor to find job ${jobName}` };
  const requests: CreateAgentProcessOptions[] = agents.map(({ slot, ...log }) => {
    const spec = t.plan.agents.find((a) => a.name === slot.name);
    return {
      ...log,
      trackKey: t.plan.key,
      agent: { ...(spec ?? t.plan.agents[0]!), name: slot.name, command: slot.command },
      workdir: t.workdir,
      env: {},
    };
  });
  try {
    const handles = await ctx.slurm.adoptTrack({
      runId: run.id,
      trackKey: t.plan.key,
      executor: t.plan.executor ?? { kind: "slurm", partition: null, account: null, extraArgs: [] },
      agents: requests,
      memBytes: jobMemoryFor(t),
      onPlacement: (view) => {
        t.slurm = view;
        ctx.emitTrack(run, t);
      },
    });
    if (handles) return { kind: "live", handles };
    return { kind: "gone", reason: `Slurm no longer knows its job ${jobName}` };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: "gone", reason: `Slurm could not be asked about its job ${jobName}: ${message}` };
  }
}

/** A Slurm agent's job as process states for recovery's pause check: suspended reads as stopped ("T"). */
export function remoteJobStates(handle: AgentProcess): string[] | null {
  if (!isRemoteAgent(handle)) return null;
  const state: SlurmJobState | undefined = handle.remote.job()?.state as SlurmJobState | undefined;
  if (state === "SUSPENDED") return ["T"];
  return state === "RUNNING" ? ["R"] : [];
}
