// Which runner runs how: the Paratrack variants (estimates correct, 30 % low, none; a second run that learns from
// the first; admitBelow 85; the reaction probe), GNU parallel and one at a time.
import type { BenchJob } from "./governor-jobs";
import { runParatrack } from "./governor-paratrack-runner";
import { runGnuParallel, runSequential } from "./governor-process-runners";
import type { RunnerName, RunnerResult } from "./governor-types";

export type RunnerContext = {
  repoRoot: string;
  workDir: string;
  abort: AbortSignal;
  usableBytes: number;
  hardFloorBytes: number;
  memfreeBytes: number;
  memsuspendBytes: number;
  retries: number;
  timeoutMs: number;
  /** The data directory a run keeps its database in (the base runs) or learns from (the learned runs). */
  dataDir?: string;
};

/**
 * The reaction probe's jobs: j02, j07, j09 and j10 (together ~90 % of 4 GiB), each taking its full size in one
 * step at its start, as an agent loading a model would, at half their length. Their estimates are set 50 % low,
 * so admission lets them start together; Orange pauses one per cooldown while the others go on into Red.
 */
export function spikeJobs(jobs: readonly BenchJob[]): BenchJob[] {
  return jobs
    .filter((job) => ["j02", "j07", "j09", "j10"].includes(job.key))
    .map((job) => ({ ...job, steps: 1, seconds: Math.max(2, job.seconds / 2), rampToPercent: 100 }));
}

const PARATRACK: Partial<Record<RunnerName, { label: string; estimateFactor: number | null }>> = {
  paratrack: { label: "Paratrack headless, correct estimates", estimateFactor: 1 },
  "paratrack-low": { label: "Paratrack, estimates 30 % low", estimateFactor: 0.7 },
  "paratrack-none": { label: "Paratrack, no estimates", estimateFactor: null },
  "paratrack-learned": {
    label: "Paratrack, correct estimates, 2nd run (profiles learned)",
    estimateFactor: 1,
  },
  "paratrack-none-learned": {
    label: "Paratrack, no estimates, 2nd run (profiles learned)",
    estimateFactor: null,
  },
  "paratrack-admit85": { label: "Paratrack, ram.admitBelow 85", estimateFactor: 1 },
};

/** Runs one runner on the job set. */
export async function runNamed(
  name: RunnerName,
  jobs: readonly BenchJob[],
  ctx: RunnerContext,
): Promise<RunnerResult> {
  const common = {
    repoRoot: ctx.repoRoot,
    workDir: ctx.workDir,
    abort: ctx.abort,
    budgetBytes: ctx.usableBytes,
    hardFloorBytes: ctx.hardFloorBytes,
    timeoutMs: ctx.timeoutMs,
    ...(ctx.dataDir === undefined ? {} : { dataDir: ctx.dataDir }),
  };
  switch (name) {
    case "paratrack":
    case "paratrack-low":
    case "paratrack-none":
    case "paratrack-learned":
    case "paratrack-none-learned":
    case "paratrack-admit85": {
      const variant = PARATRACK[name]!;
      return runParatrack(jobs, {
        ...common,
        name,
        label: variant.label,
        estimateFactor: variant.estimateFactor,
        ram: name === "paratrack-admit85" ? { admitBelow: 85 } : undefined,
      });
    }
    case "paratrack-spike":
      return runParatrack(spikeJobs(jobs), {
        ...common,
        name,
        label: "Paratrack, spikes: full size at once, estimates 50 % low (reaction probe)",
        estimateFactor: 0.5,
      });
    case "parallel-memfree":
    case "parallel-memsuspend": {
      const memfree = name === "parallel-memfree";
      return runGnuParallel(
        jobs,
        { repoRoot: ctx.repoRoot, workDir: ctx.workDir, abort: ctx.abort },
        {
          kind: memfree ? "memfree" : "memsuspend",
          bytes: memfree ? ctx.memfreeBytes : ctx.memsuspendBytes,
          retries: ctx.retries,
        },
      );
    }
    case "sequential":
      return runSequential(jobs, { repoRoot: ctx.repoRoot, workDir: ctx.workDir, abort: ctx.abort });
    default: {
      const unreachable: never = name;
      throw new Error(`unknown runner ${unreachable}`);
    }
  }
}
