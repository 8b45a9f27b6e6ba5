// The Slurm executor (issue 16): each attempt of a track is one job (`paratrack-<run>-<track>`, --mem from the
// track's learned peak or estimate), its agents started together by the batch script, their logs and exit files in
// the data directory. One poll (squeue for states, sstat for memory) serves every job of the server. A track whose
// job is still alive in Slurm (requeued, or left by an earlier server) is attached to, not submitted again.
import path from "node:path";
import type { Logger } from "pino";
import { readNextAttemptBase } from "../../executors/slurm/attempt-files";
import {
  buildSlurmBatchJob,
  safeName,
  slurmJobAttempt,
  slurmJobName,
  stampedLogLauncher,
} from "../../executors/slurm/batch-script";
import { SlurmError } from "../../executors/slurm/errors";
import { isFinishedSlurmState, type SlurmJobState } from "../../executors/slurm/job-state";
import type { SlurmNodeMemory } from "../../executors/slurm/nodes";
import { createSlurmClient, type SlurmClient } from "../../executors/slurm/slurm-client";
import type { AgentProcess } from "../agent-port";
import { clearResumeCommands, resumeCommandFile, SlurmJobWatch } from "./slurm-job-watch";
import { isRemoteAgent, type TrackExecutor, type TrackLaunchRequest } from "./track-executor";

export type SlurmExecutorOptions = {
  /** Default: a client on SLURM_CONF (or Slurm's default configuration). */
  client?: SlurmClient;
  /** Where jobs' scripts, logs and exit files go: <dataDir>/slurm/<run>/<track>/ (shared with the nodes). */
  dataDir: string;
  /** How often squeue and sstat are read while jobs live; default 2 s. */
  pollMs?: number;
  logger?: Pick<Logger, "warn" | "error">;
};

export type SlurmExecutor = TrackExecutor & {
  readonly kind: "slurm";
  readonly client: SlurmClient;
  /** Nodes' memory (scontrol show node), for the governor's cluster view. */
  nodes(): Promise<SlurmNodeMemory[]>;
  /**
   * After a restart: attaches to the track's job by its name (the newest one Slurm still knows); agents' logs are read
   * on from their `cursor`. A job that ended while no server watched is ended at once with the recorded exits: its
   * handles are returned already exited (isRunning() false). Null: Slurm no longer knows a job of the track.
   */
  adoptTrack(request: TrackLaunchRequest): Promise<AgentProcess[] | null>;
  /** Live jobs of this server. */
  jobs(): { jobId: string; nodes: string | null; state: string }[];
  /** Stops polling (jobs go on in Slurm). */
  close(): void;
};

export function createSlurmExecutor(options: SlurmExecutorOptions): SlurmExecutor {
  const client = options.client ?? createSlurmClient();
  const pollMs = options.pollMs ?? 2_000;
  const watches = new Map<string, SlurmJobWatch>();
  const placements = new Map<SlurmJobWatch, TrackLaunchRequest["onPlacement"]>();
  let timer: NodeJS.Timeout | null = null;
  let polling = false;

  const schedule = () => {
    if (timer || watches.size === 0) return;
    timer = setTimeout(() => {
      timer = null;
      void poll().finally(schedule);
    }, pollMs);
    timer.unref();
  };

  async function poll(): Promise<void> {
    if (polling || watches.size === 0) return;
    polling = true;
    try {
      const queue = new Map(
        (await client.listJobs({ namePrefix: "paratrack-" })).map((entry) => [entry.jobId, entry]),
      );
      const live = [...watches.values()];
      const running = live.filter((w) => queue.get(w.jobId)?.state === "RUNNING").map((w) => w.jobId);
      const memory = running.length > 0 ? await client.jobsMemory(running).catch(() => null) : null;
      for (const watch of live) {
        const entry = queue.get(watch.jobId);
        const read = memory?.get(watch.jobId);
        watch.noteMemory(entry?.state ?? null, read ? read.aveRssBytes || read.maxRssBytes : null);
        await watch.observe(entry?.state ?? null, entry?.nodeList ?? null);
      }
    } catch (error) {
      // Slurm unreachable for a moment (slurmctld restarting, munge down): the jobs go on; read again next time.
      options.logger?.warn({ err: error }, "reading the Slurm jobs failed");
    } finally {
      polling = false;
    }
  }

  const track = (watch: SlurmJobWatch) => {
    watches.set(watch.jobId, watch);
    schedule();
  };

  /** Watches a submitted (or found) job: its agents' handles, its placement reported to the track. */
  const attach = (
    request: TrackLaunchRequest,
    job: {
      jobId: string;
      /** Which <agent>.<attempt> files the job's current run writes. */
      attempt: number;
      outputDir: string;
      memBytes: number | null;
      state?: SlurmJobState;
      nodes?: string | null;
    },
  ) => {
    const watch = new SlurmJobWatch(
      client,
      job.jobId,
      job.attempt,
      job.outputDir,
      job.memBytes,
      request.agents,
      (w) => placements.get(w)?.(w.view()),
      (w) => {
        watches.delete(w.jobId);
        placements.delete(w);
      },
    );
    if (job.state) watch.state = job.state;
    if (job.nodes) watch.nodes = job.nodes;
    placements.set(watch, request.onPlacement);
    request.onPlacement?.(watch.view());
    track(watch);
    return watch;
  };

  return {
    kind: "slurm",
    client,
    async launchTrack(request) {
      const spec = request.executor;
      const outputDir = path.resolve(
        options.dataDir,
        "slurm",
        safeName(request.runId),
        safeName(request.trackKey),
      );
      const jobName = slurmJobName(request.runId, request.trackKey);
      const names = request.agents.map((a) => a.agent.name);
      let jobId: string;
      let attempt: number;
      let memBytes = request.memBytes;
      try {
        const alive = (await client.listJobs({ namePrefix: jobName })).find(
          (entry) =>
            entry.name === jobName && !isFinishedSlurmState(entry.state) && !watches.has(entry.jobId),
        );
        if (alive) {
          const job = await client.showJob(alive.jobId);
          jobId = job.jobId;
          attempt = slurmJobAttempt(job);
          memBytes = job.memoryBytes ?? memBytes;
        } else {
          await clearResumeCommands(outputDir, names);
          // A new job's files start past those of the track's earlier jobs (its attempt 2 writes <agent>.1.*).
          attempt = await readNextAttemptBase(outputDir, request.attempt ?? null, names);
          const first = request.agents[0];
          const batch = buildSlurmBatchJob(
            {
              runId: request.runId,
              trackKey: request.trackKey,
              outputDir,
              workdir: first?.workdir ?? outputDir,
              env: first?.env ?? {},
              agents: request.agents.map((a) => ({
                name: a.agent.name,
                command: a.agent.command,
                resumeCommand: null,
                resumeCommandFile: resumeCommandFile(outputDir, a.agent.name),
              })),
              attemptBase: attempt,
              memBytes,
              slurm: spec.kind === "slurm" ? spec : {},
              url: first?.url ?? null,
              model: first?.model ?? null,
            },
            stampedLogLauncher,
          );
          // Agents inherit the submitter's environment (as local agents do) but not niceness: Slurm shares the cores.
          jobId = await client.submit(batch);
        }
      } catch (error) {
        if (!(error instanceof SlurmError)) throw error;
        return SlurmJobWatch.refused(request.agents, error.message);
      }
      return attach(request, { jobId, attempt, outputDir, memBytes }).handles;
    },
    async adoptTrack(request) {
      const jobName = slurmJobName(request.runId, request.trackKey);
      const known = (await client.listJobs({ namePrefix: jobName })).filter(
        (entry) => entry.name === jobName && !watches.has(entry.jobId),
      );
      // Job ids grow: the newest is the track's latest attempt.
      const newest = known.sort((a, b) => Number(b.jobId) - Number(a.jobId))[0];
      if (!newest) return null;
      const job = await client.showJob(newest.jobId);
      const outputDir = path.resolve(
        options.dataDir,
        "slurm",
        safeName(request.runId),
        safeName(request.trackKey),
      );
      const watch = attach(request, {
        jobId: job.jobId,
        attempt: slurmJobAttempt(job),
        outputDir,
        memBytes: job.memoryBytes ?? request.memBytes,
        state: job.state,
        nodes: job.nodeList ?? null,
      });
      // A job that ended while no server watched is read to its end now (its agents' recorded exits), so the
      // handles come back exited and the takeover counts them as ended while it was down, not as re-attached.
      if (isFinishedSlurmState(job.state)) await watch.observe(job.state, job.nodeList ?? null);
      return watch.handles;
    },
    async requeueTrack(handles, commands) {
      const watch = watchOf(watches, handles);
      if (!watch) throw new Error("these agents do not run in a Slurm job of this server");
      await watch.requeue(commands);
    },
    nodes: () => client.showNodes(),
    jobs: () => [...watches.values()].map((w) => ({ jobId: w.jobId, nodes: w.nodes, state: w.state })),
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      watches.clear();
    },
  };
}

function watchOf(watches: Map<string, SlurmJobWatch>, handles: readonly AgentProcess[]) {
  const first = handles.find(isRemoteAgent);
  const jobId = first?.remote.job()?.jobId;
  return jobId ? watches.get(jobId) : undefined;
}
