// The Slurm calls Paratrack makes, over the CLI: submit a track's job, read jobs, nodes and step memory, and
// suspend, resume, requeue or cancel a job. Every failure is a SlurmError with Slurm's own message.
import { chmod, mkdir, writeFile } from "node:fs/promises";
import type { SlurmBatchJob } from "./batch-script";
import { DEFAULT_SLURM_TIMEOUT_MS, runSlurm, type SlurmCliOptions } from "./cli";
import { SlurmError } from "./errors";
import {
  parseSlurmJobs,
  parseSqueue,
  parseSstat,
  type SlurmJob,
  type SlurmJobMemory,
  type SlurmQueueEntry,
  type SlurmStepMemory,
  SQUEUE_FORMAT,
  SSTAT_FORMAT,
  sumJobMemory,
} from "./jobs";
import { parseSlurmNodes, type SlurmNodeMemory } from "./nodes";

export type SlurmClient = {
  /** Writes the script (mode 0700: it holds the track's env) and submits it; returns the job id. */
  submit(job: SlurmBatchJob): Promise<string>;
  /** Every job slurmctld still remembers (finished ones for MinJobAge), optionally those whose name starts so. */
  listJobs(filter?: { namePrefix?: string }): Promise<SlurmQueueEntry[]>;
  /** One job in detail; SlurmError kind "unknown-job" once Slurm has forgotten it. */
  showJob(jobId: string): Promise<SlurmJob>;
  showNodes(): Promise<SlurmNodeMemory[]>;
  /** Memory of a running job's steps (sstat); empty steps when nothing runs (pending, suspended before sampling). */
  jobMemory(jobId: string): Promise<SlurmJobMemory>;
  /**
   * Memory of many jobs in one sstat call (cheaper than one call per job: poll the run's jobs this way); jobs with
   * no running step are absent from the map.
   */
  jobsMemory(jobIds: readonly string[]): Promise<Map<string, SlurmJobMemory>>;
  /** scontrol suspend: SIGTSTP then the freezer; cores are freed, the memory stays reserved. */
  suspend(jobId: string): Promise<void>;
  resume(jobId: string): Promise<void>;
  /**
   * scontrol requeue: the job ends and goes back to the queue, starting again with SLURM_RESTART_COUNT + 1.
   * Slurm holds it back for AuthInfo's cred_expire (120 s by default); `startNow` shortens that wait to
   * REQUEUE_SETTLE_SECONDS (scontrol update StartTime=now+N): the node needs a moment to finish the last incarnation
   * (a batch started at once sometimes failed in 3 ms).
   */
  requeue(jobId: string, options?: { startNow?: boolean }): Promise<void>;
  /** scancel, with a signal (default: Slurm's SIGTERM, then SIGKILL after KillWait). */
  cancel(jobId: string, options?: { signal?: string }): Promise<void>;
  /** PIDs of the job's processes on this node (scontrol listpids asks the local slurmd): for local checks. */
  listPids(jobId: string): Promise<number[]>;
  /** The slurmctld answer to `scontrol ping`, or the SlurmError saying why not. */
  ping(): Promise<{ ok: true; message: string } | { ok: false; error: SlurmError }>;
};

/** How long a requeued job waits with `startNow` before it may start again on its node. */
export const REQUEUE_SETTLE_SECONDS = 10;

/** A client on the cluster SLURM_CONF (or the default config) describes. */
export function createSlurmClient(options: SlurmCliOptions = {}): SlurmClient {
  const run = (tool: Parameters<typeof runSlurm>[0], args: string[]) => runSlurm(tool, args, options);

  return {
    async submit(job) {
      await mkdir(job.scriptPath.slice(0, job.scriptPath.lastIndexOf("/")) || ".", { recursive: true });
      await writeFile(job.scriptPath, job.script, { mode: 0o700 });
      await chmod(job.scriptPath, 0o700);
      const output = await run("sbatch", ["--parsable", ...job.sbatchArgs, job.scriptPath]);
      // --parsable prints "<id>" or "<id>;<cluster>".
      const jobId = output.trim().split(";")[0] ?? "";
      if (!/^\d+$/.test(jobId)) {
        throw new SlurmError({
          kind: "unparseable",
          message: `sbatch answered "${output.trim()}" instead of a job id`,
          command: `sbatch --parsable ${job.scriptPath}`,
        });
      }
      return jobId;
    },

    async listJobs(filter = {}) {
      const entries = parseSqueue(
        await run("squeue", ["--noheader", "--states=all", `--format=${SQUEUE_FORMAT}`]),
      );
      const prefix = filter.namePrefix;
      return prefix ? entries.filter((entry) => entry.name.startsWith(prefix)) : entries;
    },

    async showJob(jobId) {
      const [job] = parseSlurmJobs(await run("scontrol", ["show", "job", "--oneliner", jobId]));
      if (!job) {
        throw new SlurmError({
          kind: "unknown-job",
          message: `Slurm reports no job ${jobId}`,
          command: `scontrol show job ${jobId}`,
        });
      }
      return job;
    },

    async showNodes() {
      return parseSlurmNodes(await run("scontrol", ["show", "node", "--oneliner"]));
    },

    async jobMemory(jobId) {
      try {
        const output = await run("sstat", [
          "--parsable2",
          "--noheader",
          "--allsteps",
          `--format=${SSTAT_FORMAT}`,
          "--jobs",
          jobId,
        ]);
        return sumJobMemory(parseSstat(output));
      } catch (error) {
        // sstat fails for a job with no running step (pending, finished): no reading, not an error.
        if (
          error instanceof SlurmError &&
          /couldn't get steps|no steps running|not running|Invalid job id/i.test(error.message)
        ) {
          return sumJobMemory([]);
        }
        throw error;
      }
    },

    async jobsMemory(jobIds) {
      const memory = new Map<string, SlurmJobMemory>();
      if (jobIds.length === 0) return memory;
      let output: string;
      try {
        output = await run("sstat", [
          "--parsable2",
          "--noheader",
          "--allsteps",
          `--format=${SSTAT_FORMAT}`,
          "--jobs",
          jobIds.join(","),
        ]);
      } catch (error) {
        // Every job without a running step: sstat fails only when none has one.
        if (error instanceof SlurmError && /couldn't get steps|no steps running/i.test(error.message))
          return memory;
        throw error;
      }
      const byJob = new Map<string, SlurmStepMemory[]>();
      for (const step of parseSstat(output)) {
        const jobId = step.stepId.split(".")[0] ?? step.stepId;
        byJob.set(jobId, [...(byJob.get(jobId) ?? []), step]);
      }
      for (const [jobId, steps] of byJob) memory.set(jobId, sumJobMemory(steps));
      return memory;
    },

    async suspend(jobId) {
      await run("scontrol", ["suspend", jobId]);
    },

    async resume(jobId) {
      await run("scontrol", ["resume", jobId]);
    },

    async requeue(jobId, requeueOptions = {}) {
      await run("scontrol", ["requeue", jobId]);
      if (!requeueOptions.startNow) return;
      // The job first finishes (COMPLETING); only once it pends again does Slurm set the BeginTime to clear.
      const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_SLURM_TIMEOUT_MS);
      while (Date.now() < deadline) {
        const job = await this.showJob(jobId);
        if (job.state === "PENDING" && job.reason === "BeginTime") {
          await run("scontrol", ["update", `JobId=${jobId}`, `StartTime=now+${REQUEUE_SETTLE_SECONDS}`]);
          return;
        }
        if (job.state !== "COMPLETING" && job.state !== "REQUEUED" && job.state !== "PENDING") return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },

    async cancel(jobId, cancelOptions = {}) {
      await run("scancel", [
        ...(cancelOptions.signal ? [`--signal=${cancelOptions.signal}`, "--full"] : []),
        jobId,
      ]);
    },

    async listPids(jobId) {
      const output = await run("scontrol", ["listpids", jobId]);
      return output
        .split("\n")
        .map((line) => /^\s*(\d+)\s/.exec(line)?.[1])
        .filter((pid): pid is string => pid !== undefined)
        .map(Number);
    },

    async ping() {
      try {
        return { ok: true, message: (await run("scontrol", ["ping"])).trim() };
      } catch (error) {
        if (error instanceof SlurmError) return { ok: false, error };
        throw error;
      }
    },
  };
}
