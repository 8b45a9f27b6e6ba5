// Starts bench/governor-paratrack.ts in a process of its own and reads back its result.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { agentCommand, type BenchJob } from "./governor-jobs";
import { killTree } from "./governor-memory";
import type { ParatrackJobInput, RunnerName, RunnerResult } from "./governor-types";

export type ParatrackRunnerOptions = {
  repoRoot: string;
  workDir: string;
  abort: AbortSignal;
  name: RunnerName;
  label: string;
  budgetBytes: number;
  hardFloorBytes: number;
  /** Estimates given to Paratrack as a fraction of the true sizes (1 = honest, 0.7 = 30 % low, null = none). */
  estimateFactor: number | null;
  /** Run in (and keep) this data directory: a later run on it learns from this one. */
  dataDir?: string;
  timeoutMs: number;
  ram?: Record<string, number>;
};

/** How long the engine gets to stop its agents after SIGTERM before everything is SIGKILLed. */
const STOP_GRACE_MS = 8_000;

export async function runParatrack(
  jobs: readonly BenchJob[],
  opts: ParatrackRunnerOptions,
): Promise<RunnerResult> {
  const inputPath = path.join(opts.workDir, "paratrack-input.json");
  const outputPath = path.join(opts.workDir, "paratrack-output.json");
  const input: ParatrackJobInput = {
    name: opts.name,
    label: opts.label,
    jobs: jobs.map((job) => ({
      key: job.key,
      estimateBytes: opts.estimateFactor === null ? null : Math.round(job.sizeBytes * opts.estimateFactor),
      command: agentCommand(job, opts.repoRoot),
    })),
    budgetBytes: opts.budgetBytes,
    hardFloorBytes: opts.hardFloorBytes,
    estimateFactor: opts.estimateFactor ?? 0,
    timeoutMs: opts.timeoutMs,
    ram: opts.ram,
    ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
  };
  writeFileSync(inputPath, JSON.stringify(input, null, 2));
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(opts.repoRoot, "bench", "governor-paratrack.ts"), inputPath, outputPath],
    { cwd: opts.repoRoot, stdio: ["ignore", "inherit", "inherit"] },
  );
  let killTimer: NodeJS.Timeout | null = null;
  const onAbort = () => {
    child.kill("SIGTERM");
    killTimer = setTimeout(() => {
      if (child.pid !== undefined) killTree(child.pid, "SIGKILL");
    }, STOP_GRACE_MS);
  };
  opts.abort.addEventListener("abort", onAbort, { once: true });
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  opts.abort.removeEventListener("abort", onAbort);
  if (killTimer) clearTimeout(killTimer);
  // Whatever happened, nothing of this runner may outlive it.
  if (child.pid !== undefined) killTree(child.pid, "SIGKILL");

  if (!existsSync(outputPath)) {
    const now = Date.now();
    return {
      name: opts.name,
      label: opts.label,
      startedAt: now,
      endedAt: now,
      jobs: jobs.map((job) => ({
        key: job.key,
        attempts: 0,
        completed: false,
        last: "no result",
        lastSeconds: null,
      })),
      killedOrRequeued: 0,
      died: 0,
      aborted: opts.abort.aborted
        ? String(opts.abort.reason)
        : `the Paratrack process exited ${code} without a result`,
      notes: [],
    };
  }
  const result = JSON.parse(readFileSync(outputPath, "utf8")) as RunnerResult;
  if (opts.abort.aborted && result.aborted === null) result.aborted = String(opts.abort.reason);
  return result;
}
