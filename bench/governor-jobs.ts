// The governor benchmark's job set: agents of different sizes and lengths that grow their memory in steps,
// as real coding agents do, and the RAM·time lower bound every runner is measured against.
import path from "node:path";

const MIB = 1024 ** 2;

/** The node process itself adds about this much (PSS) on top of the buffers the demo agent holds. */
export const NODE_OVERHEAD_MIB = 20;

export type BenchJob = {
  key: string;
  /** What the job grows to, node included: the honest RAM estimate. */
  sizeBytes: number;
  /** Running time in seconds (the demo agent counts only time it was not stopped). */
  seconds: number;
  /** Memory grows in this many equal steps, the first at once, the last at (steps-1)/steps of the time. */
  steps: number;
  /** Part of the size held by a child process (a sub-agent), 0 for none. */
  childMib: number;
  /** Percent of the running time by which the last step is reached (100 = steps spread over the whole time). */
  rampToPercent?: number;
};

/** The job sets: "steps" the growing agents of old; "shapes" a fast ramp to the peak and a slow linear climb. */
export type JobSetName = "steps" | "shapes";
export const JOB_SET_NAMES: readonly JobSetName[] = ["steps", "shapes"];

/**
 * Sizes 0.3–2 GiB, lengths 10–60 s, in a mixed order (plans are not sorted by size; both Paratrack's plan order
 * and GNU parallel's input order follow it). The big ones are not the long ones, so memory, not one job, bounds
 * the makespan.
 */
const FULL_SET: readonly { key: string; mib: number; seconds: number; steps: number; childMib: number }[] = [
  { key: "j01", mib: 2048, seconds: 30, steps: 6, childMib: 256 },
  { key: "j02", mib: 614, seconds: 24, steps: 4, childMib: 100 },
  { key: "j03", mib: 1536, seconds: 30, steps: 5, childMib: 200 },
  { key: "j04", mib: 307, seconds: 10, steps: 2, childMib: 0 },
  { key: "j05", mib: 1843, seconds: 20, steps: 4, childMib: 0 },
  { key: "j06", mib: 512, seconds: 12, steps: 3, childMib: 0 },
  { key: "j07", mib: 1024, seconds: 40, steps: 8, childMib: 128 },
  { key: "j08", mib: 410, seconds: 60, steps: 6, childMib: 0 },
  { key: "j09", mib: 1229, seconds: 15, steps: 3, childMib: 0 },
  { key: "j10", mib: 819, seconds: 14, steps: 4, childMib: 0 },
];

/**
 * The second job set: the same range of sizes and lengths, other growth shapes. The "f" jobs take their whole size
 * within the first 15 % of their time, in three steps (an agent loading a model, then working); the "s" jobs climb
 * in twenty small steps over their whole time (an agent whose context keeps growing).
 */
const SHAPES_SET: readonly {
  key: string;
  mib: number;
  seconds: number;
  steps: number;
  childMib: number;
  rampToPercent: number;
}[] = [
  { key: "f01", mib: 1843, seconds: 30, steps: 3, childMib: 200, rampToPercent: 15 },
  { key: "s02", mib: 2048, seconds: 40, steps: 20, childMib: 0, rampToPercent: 100 },
  { key: "f03", mib: 1229, seconds: 20, steps: 3, childMib: 0, rampToPercent: 15 },
  { key: "s04", mib: 1024, seconds: 25, steps: 20, childMib: 128, rampToPercent: 100 },
  { key: "f05", mib: 614, seconds: 45, steps: 3, childMib: 0, rampToPercent: 15 },
  { key: "s06", mib: 819, seconds: 60, steps: 20, childMib: 0, rampToPercent: 100 },
  { key: "f07", mib: 1536, seconds: 15, steps: 3, childMib: 0, rampToPercent: 15 },
  { key: "s08", mib: 307, seconds: 12, steps: 20, childMib: 0, rampToPercent: 100 },
  { key: "f09", mib: 410, seconds: 50, steps: 3, childMib: 0, rampToPercent: 15 },
  { key: "s10", mib: 1331, seconds: 20, steps: 20, childMib: 0, rampToPercent: 100 },
];

/**
 * A job set; `timeScale` < 1 shortens every job (--quick) but keeps the sizes; `sizeScale` < 1 shrinks them too
 * (--smoke: the same shapes in a room a fraction of the size, no balloon).
 */
export function buildJobSet(timeScale = 1, name: JobSetName = "steps", sizeScale = 1): BenchJob[] {
  const set = name === "steps" ? FULL_SET.map((j) => ({ ...j, rampToPercent: 100 })) : SHAPES_SET;
  return set.map((j) => ({
    key: j.key,
    sizeBytes: Math.round(j.mib * sizeScale) * MIB,
    seconds: Math.max(1, Math.round(j.seconds * timeScale * 10) / 10),
    steps: j.steps,
    childMib: j.childMib,
    rampToPercent: j.rampToPercent,
  }));
}

/** What a job holds after `workMs` of running time in an attempt lasting `durationMs` (the demo agent's growth). */
export function jobBytesAt(job: BenchJob, workMs: number, durationMs: number): number {
  const rampMs = (durationMs * (job.rampToPercent ?? 100)) / 100;
  const step = Math.min(job.steps - 1, Math.floor((workMs / Math.max(1, rampMs)) * job.steps));
  return (job.sizeBytes * (Math.max(0, step) + 1)) / job.steps;
}

/**
 * The demo agent counts only ticks that come on time as running time; on a busy 2-core box a 100 ms tick is often
 * late, so a longer tick keeps the jobs' lengths closer to nominal without hiding a SIGSTOP (seconds long).
 */
const TICK_MS = 250;

/** The demo agent's arguments for a job: buffers = size minus what node adds itself. */
export function agentArgs(job: BenchJob): string[] {
  const mb = Math.max(1, Math.round(job.sizeBytes / MIB) - NODE_OVERHEAD_MIB);
  const args = ["--mb", String(mb), "--seconds", String(job.seconds), "--steps", String(job.steps)];
  args.push("--tick-ms", String(TICK_MS));
  if ((job.rampToPercent ?? 100) < 100) args.push("--ramp-to", String(job.rampToPercent));
  if (job.childMib > 0) args.push("--child-mb", String(Math.min(job.childMib, mb)));
  return args;
}

/** The shell command that runs a job's agent (absolute paths: runners start it from other directories). */
export function agentCommand(job: BenchJob, repoRoot: string): string {
  return ["node", path.join(repoRoot, "demo", "agent.mjs"), ...agentArgs(job)].join(" ");
}

/** Σ size × duration / usable memory, in seconds: no runner can finish sooner with that much memory. */
export function ramTimeLowerBoundSeconds(jobs: readonly BenchJob[], usableBytes: number): number {
  return jobs.reduce((sum, job) => sum + job.sizeBytes * job.seconds, 0) / usableBytes;
}

/** The same bound with measured lengths (e.g. each job's time when it ran alone), where known. */
export function measuredLowerBoundSeconds(
  jobs: readonly BenchJob[],
  measuredSeconds: ReadonlyMap<string, number>,
  usableBytes: number,
): number {
  return (
    jobs.reduce((sum, job) => sum + job.sizeBytes * (measuredSeconds.get(job.key) ?? job.seconds), 0) /
    usableBytes
  );
}

/** Σ durations: the one-at-a-time makespan without overheads. */
export function totalSeconds(jobs: readonly BenchJob[]): number {
  return jobs.reduce((sum, job) => sum + job.seconds, 0);
}
