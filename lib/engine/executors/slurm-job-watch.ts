// One attempt of a track running as a Slurm job: its agents' handles (AgentProcess, so attempts, signals and
// memory treat them as local agents), its state and memory as the executor's poll reads them, and the calls that
// change it (scontrol suspend/resume/requeue, scancel). Lines come from each agent's log in the data directory.
import { rm, writeFile } from "node:fs/promises";
import { followLog, type LogFollower } from "../../agents/log-follower";
import { describeExit } from "../../agents/signals";
import type { CreateAgentProcessOptions, StopResult } from "../../agents/supervisor";
import type { SlurmJobView } from "../../domain/views";
import { readSlurmAgentExit } from "../../executors/slurm/agent-exit";
import { slurmAgentFiles, slurmJobAttempt } from "../../executors/slurm/batch-script";
import { SlurmError } from "../../executors/slurm/errors";
import { describeSlurmJobState, type SlurmJobState } from "../../executors/slurm/job-state";
import type { SlurmJob } from "../../executors/slurm/jobs";
import type { SlurmClient } from "../../executors/slurm/slurm-client";
import type { AgentExit, SignalCheck } from "../agent-port";
import type { AgentRestartCommand, RemoteAgentProcess } from "./track-executor";

const MIB = 1024 * 1024;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** How one attempt's job ended for its agents. */
type JobEnd =
  | { kind: "finished"; job: SlurmJob | null }
  /** scontrol requeue (ours or Slurm's): the same job starts again; this attempt is over. */
  | { kind: "requeued"; restarts: number };

export class SlurmJobWatch {
  readonly handles: RemoteAgentProcess[];
  state: SlurmJobState = "PENDING";
  nodes: string | null = null;
  /** What measure() reports (a number, as for local agents): the last reading, 0 while nothing runs. */
  currentBytes = 0;
  /** This poll's reading; null when there is none (pending, not read yet, sstat missed it): unknown, not 0. */
  readingBytes: number | null = null;
  private ended = false;
  private cancelled = false;
  private requeueAsked = false;
  private inFlight: Promise<unknown> | null = null;
  private readonly followers: (LogFollower | null)[] = [];
  private readonly exits: ((exit: AgentExit) => void)[] = [];
  private detached = 0;

  constructor(
    private readonly client: SlurmClient,
    readonly jobId: string,
    /** The attempt this run of the job writes (its attempt base + Slurm's restart count): <agent>.<attempt>.*. */
    readonly attempt: number,
    readonly outputDir: string,
    readonly memBytes: number | null,
    agents: readonly CreateAgentProcessOptions[],
    private readonly onChange: (watch: SlurmJobWatch) => void,
    private readonly onDone: (watch: SlurmJobWatch) => void,
  ) {
    this.handles = agents.map((options, index) => this.handle(options, index));
  }

  view(): SlurmJobView {
    return { jobId: this.jobId, state: this.state, nodes: this.nodes, memBytes: this.memBytes };
  }

  get isLive(): boolean {
    return !this.ended;
  }

  /** The executor's poll: Slurm's state word for the job (null: squeue no longer lists it). */
  async observe(state: SlurmJobState | null, nodes: string | null): Promise<void> {
    if (this.ended) return;
    if (state !== null && (state !== this.state || nodes !== this.nodes)) {
      this.state = state;
      if (nodes) this.nodes = nodes;
      this.onChange(this);
    }
    const phase = state === null ? "finished" : describeSlurmJobState(state).phase;
    // After our own requeue (started at once) the job may be RUNNING again before any poll saw it pend: ask for
    // its restart count then too, or this attempt would never end.
    if (phase === "queued" || phase === "held" || phase === "finished" || this.requeueAsked) {
      // A requeued job pends again with a higher restart count: this attempt is over, the next one attaches.
      const job = await this.client.showJob(this.jobId).catch((error: unknown) => {
        if (error instanceof SlurmError && error.kind === "unknown-job") return null;
        throw error;
      });
      if (job && slurmJobAttempt(job) > this.attempt)
        return this.end({ kind: "requeued", restarts: job.restarts });
      if (phase === "finished") return this.end({ kind: "finished", job });
    }
  }

  /**
   * The executor's poll: the job's RSS by sstat (null or 0: no reading of its steps this time). A running job
   * without a reading keeps its last one in measure(), so a missed sstat reading is not a drop to 0, and
   * `readingBytes` says it is unknown; a suspended one keeps both. A job that does not run (pending again after a
   * requeue) measures 0, its reading unknown.
   */
  noteMemory(state: SlurmJobState | null, bytes: number | null): void {
    if (bytes !== null && bytes > 0) {
      this.currentBytes = bytes;
      this.readingBytes = bytes;
      return;
    }
    // Frozen processes hold what they held: a suspended job (sstat reads no step of it) keeps its reading.
    if (state === "SUSPENDED") return;
    this.readingBytes = null;
    if (state !== "RUNNING") this.currentBytes = 0;
  }

  /** Slurm's message for a job it refused, for handles that never had a job. */
  static refused(agents: readonly CreateAgentProcessOptions[], message: string): RemoteAgentProcess[] {
    const error = `Slurm refused the job: ${message}`;
    const exit: AgentExit = { code: null, signal: null, error, message: `cannot start: ${error}` };
    return agents.map((options) => ({
      ...inertHandle(options, "", exit),
      remote: { executor: "slurm", job: () => null, memoryBytes: () => 0 },
    }));
  }

  private handle(options: CreateAgentProcessOptions, index: number): RemoteAgentProcess {
    const files = slurmAgentFiles(this.outputDir, options.agent.name, this.attempt);
    const follower = followLog(files.stdout, {
      from: options.cursor ?? null,
      onLine: (entry) => {
        if (entry.stream === "system" || !options.onLine) return;
        options.onLine(entry.text, entry.stream, entry);
      },
      onNotice: (notice) => options.onLogNotice?.(notice),
    });
    this.followers.push(follower);
    let exitValue: AgentExit | null = null;
    const exited = new Promise<AgentExit>((resolve) => {
      this.exits.push((exit) => {
        exitValue = exit;
        options.onExit?.(exit);
        resolve(exit);
      });
    });
    const memory = () => {
      // sstat reads the job's batch step, which holds every agent: the job's use is shown on its first agent.
      const bytes = index === 0 ? this.currentBytes : 0;
      return { bytes, method: "rss" as const, rssBytes: bytes, processes: this.state === "RUNNING" ? 1 : 0 };
    };
    return {
      trackKey: options.trackKey,
      agentName: options.agent.name,
      pid: null,
      pgid: null,
      identity: null,
      logPath: files.stdout,
      exitPath: files.exit,
      cursor: () => follower.cursor(),
      exited,
      isRunning: () => exitValue === null,
      treePids: () => [],
      treePidsIn: () => [],
      measure: () => ({ ...memory(), pids: [] }),
      pause: () => this.signal("suspend"),
      resume: () => this.signal("resume"),
      stop: async (graceMs = 10_000) => {
        const alreadyExited = exitValue !== null;
        if (!alreadyExited) await this.cancel(graceMs);
        return { exit: await exited, killed: false, killedPids: [], alreadyExited } satisfies StopResult;
      },
      detach: async () => {
        await follower.close();
        this.detached += 1;
        if (this.detached === this.handles.length) {
          this.ended = true;
          this.onDone(this);
        }
        return follower.cursor();
      },
      remote: {
        executor: "slurm",
        job: () => this.view(),
        memoryBytes: () => (index === 0 ? this.readingBytes : 0),
      },
    };
  }

  /** scontrol suspend / resume, once per job however many agents ask; verified with scontrol show job. */
  private async signal(kind: "suspend" | "resume"): Promise<SignalCheck> {
    const want: SlurmJobState = kind === "suspend" ? "SUSPENDED" : "RUNNING";
    const base = {
      signal: kind === "suspend" ? ("SIGSTOP" as const) : ("SIGCONT" as const),
      pids: [] as number[],
      gone: [] as number[],
    };
    if (this.ended) return { ...base, outcome: "exited", unchanged: [], errors: [], ok: true };
    if (this.state === want) return { ...base, outcome: "signalled", unchanged: [], errors: [], ok: true };
    try {
      await this.serialised(async () => {
        if (this.state === want) return;
        await this.client[kind](this.jobId);
        for (let i = 0; i < 25; i++) {
          const job = await this.client.showJob(this.jobId);
          this.state = job.state;
          if (job.state === want) break;
          await sleep(200);
        }
        this.onChange(this);
      });
    } catch (error) {
      return {
        ...base,
        outcome: "signalled",
        unchanged: [],
        errors: [{ pid: 0, code: messageOf(error) }],
        ok: false,
      };
    }
    const ok = this.state === want;
    return {
      ...base,
      outcome: "signalled",
      unchanged: ok ? [] : [{ pid: 0, state: `job ${this.jobId} ${this.state}` }],
      errors: [],
      ok,
    };
  }

  /** scancel (after a resume: a suspended job is cancelled cleanly only once it runs); SIGKILL after the grace. */
  private async cancel(graceMs: number): Promise<void> {
    if (!this.cancelled) {
      this.cancelled = true;
      await this.serialised(async () => {
        if (this.state === "SUSPENDED") await this.client.resume(this.jobId).catch(() => undefined);
        await this.client.cancel(this.jobId);
      });
      // Slurm's KillWait follows its SIGTERM; if the job still lingers after our grace, kill it outright.
      void sleep(graceMs + 15_000).then(() => {
        if (!this.ended) void this.client.cancel(this.jobId, { signal: "KILL" }).catch(() => undefined);
      });
    }
    await Promise.all(this.handles.map((h) => h.exited));
  }

  /** scontrol requeue with the agents' next commands written where the batch script reads them at a restart. */
  async requeue(commands: readonly AgentRestartCommand[]): Promise<void> {
    this.requeueAsked = true;
    await Promise.all(
      commands.map((c) => writeFile(resumeCommandFile(this.outputDir, c.name), c.command, { mode: 0o600 })),
    );
    await this.serialised(async () => {
      if (this.state === "SUSPENDED") await this.client.resume(this.jobId);
      await this.client.requeue(this.jobId, { startNow: true });
    });
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = (this.inFlight ?? Promise.resolve()).then(work, work);
    this.inFlight = next.catch(() => undefined);
    return next;
  }

  private async end(end: JobEnd): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (end.kind === "finished" && end.job) {
      this.state = end.job.state;
      this.nodes = end.job.nodeList ?? this.nodes;
    }
    this.onChange(this);
    const exits = await Promise.all(
      this.handles.map(async (handle, index) => {
        const recorded = await readSlurmAgentExit(handle.exitPath).catch(() => null);
        const follower = this.followers[index];
        await follower?.catchUp().catch(() => undefined);
        await follower?.close().catch(() => undefined);
        return this.exitOf(end, recorded);
      }),
    );
    for (const [index, exit] of exits.entries()) this.exits[index]?.(exit);
    this.onDone(this);
  }

  private exitOf(end: JobEnd, recorded: Awaited<ReturnType<typeof readSlurmAgentExit>>): AgentExit {
    const endedAt = recorded ? { endedAt: new Date(recorded.endedAt).toISOString() } : {};
    if (end.kind === "requeued") {
      const message = `requeued in Slurm: job ${this.jobId} starts again (restart ${end.restarts})`;
      // Paratrack asked for it: the engine ends the attempt as it intended; otherwise Slurm did (node failure).
      return this.requeueAsked
        ? { code: null, signal: "SIGTERM", error: null, message }
        : { code: null, signal: null, error: message, message, interrupted: true };
    }
    const job = end.job;
    const status = job ? describeSlurmJobState(job.state) : null;
    if (status?.outcome === "out-of-memory" || job?.reason === "OutOfMemory") {
      const limit = this.memBytes ? ` of ${Math.ceil(this.memBytes / MIB)} MiB` : "";
      const error = `out of memory: Slurm killed job ${this.jobId} over its --mem${limit}`;
      return { code: null, signal: "SIGKILL", error, message: error, ...endedAt };
    }
    if (recorded) {
      return {
        code: recorded.code,
        signal: recorded.signal,
        error: null,
        message: describeExit(recorded.code, recorded.signal),
        ...endedAt,
      };
    }
    if (this.cancelled) {
      return { code: null, signal: "SIGTERM", error: null, message: `job ${this.jobId} cancelled (scancel)` };
    }
    const what = status ? status.description : "was forgotten by Slurm before its end was read";
    const error = `Slurm job ${this.jobId} ${what}${job?.reason ? ` (${job.reason})` : ""}`;
    return { code: null, signal: null, error, message: error };
  }
}

/** Where the batch script finds an agent's command for a restart (written just before scontrol requeue). */
export function resumeCommandFile(outputDir: string, agentName: string): string {
  return `${outputDir}/${agentName.replace(/[^\w.-]/g, "_")}.resume`;
}

/** Removes the restart commands of an earlier job of the track, so a fresh job starts with its own command. */
export async function clearResumeCommands(outputDir: string, names: readonly string[]): Promise<void> {
  await Promise.all(names.map((name) => rm(resumeCommandFile(outputDir, name), { force: true })));
}

/** Handles for agents that cannot start (no executor for them): each has already exited with `error`. */
export function failedHandles(agents: readonly CreateAgentProcessOptions[], error: string) {
  const exit: AgentExit = { code: null, signal: null, error, message: `cannot start: ${error}` };
  return agents.map((options) => inertHandle(options, "", exit));
}

/** A handle for an agent that never ran: it has already exited with `exit`. */
function inertHandle(options: CreateAgentProcessOptions, exitPath: string, exit: AgentExit) {
  options.onExit?.(exit);
  return {
    trackKey: options.trackKey,
    agentName: options.agent.name,
    pid: null,
    pgid: null,
    identity: null,
    logPath: options.logPath,
    exitPath,
    cursor: () => null,
    exited: Promise.resolve(exit),
    isRunning: () => false,
    treePids: () => [],
    treePidsIn: () => [],
    measure: () => ({ bytes: 0, method: "rss" as const, rssBytes: 0, processes: 0, pids: [] }),
    pause: async (): Promise<SignalCheck> => ({
      signal: "SIGSTOP",
      outcome: "exited",
      pids: [],
      gone: [],
      unchanged: [],
      errors: [],
      ok: true,
    }),
    resume: async (): Promise<SignalCheck> => ({
      signal: "SIGCONT",
      outcome: "exited",
      pids: [],
      gone: [],
      unchanged: [],
      errors: [],
      ok: true,
    }),
    stop: async (): Promise<StopResult> => ({ exit, killed: false, killedPids: [], alreadyExited: true }),
    detach: async () => null,
  };
}
