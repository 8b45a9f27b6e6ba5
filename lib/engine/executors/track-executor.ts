// The executor interface (issue 16): where a track's agents run. The local supervisor (shim processes on this
// machine) is the default; the Slurm executor turns each attempt into one job. Attempts, signals, memory and the
// governor see AgentProcess handles either way.
import type { CreateAgentProcessOptions } from "../../agents/supervisor";
import type { TrackExecutorSpec } from "../../domain/types";
import type { SlurmJobView } from "../../domain/views";
import type { AgentLauncher, AgentProcess } from "../agent-port";

/** One attempt of a track, as attempts.ts asks an executor to start it. */
export type TrackLaunchRequest = {
  runId: string;
  trackKey: string;
  /** The engine's attempt number (1 first): a Slurm job names its agents' files after it. */
  attempt?: number;
  executor: TrackExecutorSpec;
  /** The attempt's agents, one request each, as the local supervisor takes them. */
  agents: CreateAgentProcessOptions[];
  /** What the job may reserve: the learned peak, else the plan's estimate; null = the executor's default. */
  memBytes: number | null;
  /** Where a remote job is placed and in which state (the track card shows it); local executors never call it. */
  onPlacement?: (view: SlurmJobView) => void;
};

/** A command an agent runs when its track starts again in place (its resume command with its session). */
export type AgentRestartCommand = { name: string; command: string };

export type TrackExecutor = {
  readonly kind: TrackExecutorSpec["kind"];
  /**
   * Starts the attempt's agents: one handle per request, in order. Never rejects for a bad command or a job the
   * cluster refuses: those handles end in `exited` with the reason (the track's error).
   */
  launchTrack(request: TrackLaunchRequest): Promise<AgentProcess[]>;
  /**
   * Ends the attempt so that it starts again in place with these commands (Slurm: scontrol requeue). Absent: the
   * engine stops the agents and starts a new attempt itself.
   */
  requeueTrack?(handles: readonly AgentProcess[], commands: readonly AgentRestartCommand[]): Promise<void>;
};

/** A launch that threw part way: the agents started before it (in request order), for the caller to end. */
export class PartialLaunchError extends Error {
  constructor(
    cause: unknown,
    readonly started: readonly AgentProcess[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** The agents a failed launch had started already (none when it says nothing of them). */
export function startedBefore(error: unknown): readonly AgentProcess[] {
  return error instanceof PartialLaunchError ? error.started : [];
}

/** Today's supervisor behind the interface: each agent its own shim process, started one after the other. */
export function createLocalExecutor(launch: AgentLauncher): TrackExecutor {
  return {
    kind: "local",
    async launchTrack(request) {
      const handles: AgentProcess[] = [];
      try {
        for (const agent of request.agents) handles.push(await launch(agent));
      } catch (error) {
        // Those already running must not be lost with the error: the engine ends them (run/launch-guard.ts).
        throw new PartialLaunchError(error, handles);
      }
      return handles;
    },
  };
}

/** A handle whose agent runs in a Slurm job: measured by sstat, not /proc (see slurm-executor.ts). */
export type RemoteAgentProcess = AgentProcess & {
  readonly remote: {
    executor: "slurm";
    job: () => SlurmJobView | null;
    /**
     * The agent's memory as last read (a job's use is on its first agent, 0 on the others); null when there is no
     * reading now (the job pends after a requeue, its steps are not read yet, sstat missed them): unknown, no sample,
     * where measure() must say a number (its last reading, or 0).
     */
    memoryBytes: () => number | null;
  };
};

export function isRemoteAgent(handle: AgentProcess | null | undefined): handle is RemoteAgentProcess {
  return handle !== null && handle !== undefined && "remote" in handle;
}

/** Said where a track cannot run on Slurm because the server has no Slurm executor. */
export const NO_SLURM_EXECUTOR =
  "the plan asks for executor: slurm, but this server has no Slurm executor (Slurm's client commands not configured)";

/** The executor a track's spec names: the local supervisor, or the server's Slurm executor (null: none here). */
export function chooseExecutor(
  spec: TrackExecutorSpec | undefined,
  launch: AgentLauncher,
  slurm: TrackExecutor | null | undefined,
): TrackExecutor | null {
  if (spec?.kind !== "slurm") return createLocalExecutor(launch);
  return slurm ?? null;
}
