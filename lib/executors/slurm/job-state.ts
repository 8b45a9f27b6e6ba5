// Slurm job states and what each means for a Paratrack track. Pure: no I/O, so the governor and the UI can use it.
import type { TrackStatus } from "../../domain/types";

/** The job states Slurm 22.05+ prints (squeue %T, scontrol JobState), base states and the flag states shown alone. */
export const SLURM_JOB_STATES = [
  "PENDING",
  "CONFIGURING",
  "RUNNING",
  "COMPLETING",
  "SIGNALING",
  "STAGE_OUT",
  "RESIZING",
  "SUSPENDED",
  "STOPPED",
  "REQUEUED",
  "REQUEUE_FED",
  "REQUEUE_HOLD",
  "RESV_DEL_HOLD",
  "SPECIAL_EXIT",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "TIMEOUT",
  "OUT_OF_MEMORY",
  "NODE_FAIL",
  "PREEMPTED",
  "BOOT_FAIL",
  "DEADLINE",
  "REVOKED",
  "LAUNCH_FAILED",
] as const;
export type SlurmJobState = (typeof SLURM_JOB_STATES)[number] | "UNKNOWN";

/** Where the job is in its life, in Paratrack's words. */
export type SlurmJobPhase =
  /** Submitted, waiting for Slurm to place it (or to start again after a requeue). */
  | "queued"
  /** Held: it will not start until someone releases it. */
  | "held"
  | "running"
  /** Suspended: processes frozen, cores freed, memory still reserved on the node. */
  | "suspended"
  /** Finishing: its processes are being cleaned up. */
  | "ending"
  | "finished";

/** How a finished job ended. */
export type SlurmJobOutcome =
  | "completed"
  | "failed"
  | "out-of-memory"
  | "timeout"
  | "cancelled"
  | "node-fail"
  | "preempted"
  | "boot-fail"
  | "deadline"
  | "revoked";

export type SlurmJobStatus = {
  state: SlurmJobState;
  phase: SlurmJobPhase;
  /**
   * The track's status while this is its job. A queued job counts as running: Paratrack admitted it and placement
   * is Slurm's; the phase tells the UI to say "queued in Slurm".
   */
  trackStatus: TrackStatus;
  outcome: SlurmJobOutcome | null;
  /** One phrase for the dashboard and the events feed. */
  description: string;
};

/** "CANCELLED by 0", "COMPLETING+", "running" → the state Slurm means; UNKNOWN for anything new. */
export function parseSlurmJobState(text: string): SlurmJobState {
  const word = (text.trim().split(/[\s+]/)[0] ?? "").toUpperCase();
  return (SLURM_JOB_STATES as readonly string[]).includes(word) ? (word as SlurmJobState) : "UNKNOWN";
}

/** The phase, track status and outcome of a job in `state`. */
export function describeSlurmJobState(state: SlurmJobState): SlurmJobStatus {
  const status = (
    phase: SlurmJobPhase,
    trackStatus: TrackStatus,
    outcome: SlurmJobOutcome | null,
    description: string,
  ): SlurmJobStatus => ({ state, phase, trackStatus, outcome, description });
  switch (state) {
    case "PENDING":
    case "CONFIGURING":
    case "REQUEUED":
    case "REQUEUE_FED":
      return status(
        "queued",
        "running",
        null,
        state === "REQUEUED" || state === "REQUEUE_FED" ? "requeued in Slurm" : "queued in Slurm",
      );
    case "REQUEUE_HOLD":
    case "RESV_DEL_HOLD":
      return status("held", "paused", null, "held in Slurm's queue");
    case "RUNNING":
    case "RESIZING":
    case "SIGNALING":
      return status("running", "running", null, "running");
    case "COMPLETING":
    case "STAGE_OUT":
      return status("ending", "running", null, "finishing");
    case "SUSPENDED":
    case "STOPPED":
      return status("suspended", "paused", null, "suspended (its memory stays reserved on the node)");
    case "COMPLETED":
      return status("finished", "completed", "completed", "completed");
    case "FAILED":
    case "SPECIAL_EXIT":
    case "LAUNCH_FAILED":
      return status("finished", "failed", "failed", "failed");
    case "OUT_OF_MEMORY":
      return status("finished", "failed", "out-of-memory", "killed: out of memory (over its --mem)");
    case "TIMEOUT":
      return status("finished", "failed", "timeout", "killed: time limit reached");
    case "NODE_FAIL":
      return status("finished", "failed", "node-fail", "ended: its node failed");
    case "BOOT_FAIL":
      return status("finished", "failed", "boot-fail", "ended: its node failed to boot");
    case "DEADLINE":
      return status("finished", "failed", "deadline", "ended: deadline passed");
    case "CANCELLED":
      return status("finished", "stopped", "cancelled", "cancelled");
    case "PREEMPTED":
      return status("finished", "stopped", "preempted", "preempted by Slurm");
    case "REVOKED":
      return status("finished", "stopped", "revoked", "revoked (runs on another cluster)");
    case "UNKNOWN":
      return status("running", "running", null, "in a state Paratrack does not know");
  }
}

/** True once the job will not run again (unless someone requeues it). */
export function isFinishedSlurmState(state: SlurmJobState): boolean {
  return describeSlurmJobState(state).phase === "finished";
}

/**
 * A running track's status with its job's place in Slurm's queue, as the track card says it: "running (queued in
 * Slurm)" while the job pends (a BeginTime after a requeue, Resources, Priority …) or is held; the status alone
 * otherwise.
 */
export function withSlurmQueue(status: string, job: { state: string } | null | undefined): string {
  if (status !== "running" || !job) return status;
  const { phase, description } = describeSlurmJobState(parseSlurmJobState(job.state));
  return phase === "queued" || phase === "held" ? `${status} (${description})` : status;
}
