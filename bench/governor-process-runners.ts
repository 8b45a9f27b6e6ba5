// The baseline runners of the governor benchmark: GNU parallel (--memfree or --memsuspend) and one at a time.
// Each job runs under bench/jobs/attempt.sh, which logs every attempt and how it ended.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseAttemptLog, parseJoblog, summarizeAttempts } from "./governor-attempts";
import { agentCommand, type BenchJob } from "./governor-jobs";
import { killTree, MIB } from "./governor-memory";
import type { RunnerName, RunnerResult } from "./governor-types";

export type ProcessRunnerContext = {
  repoRoot: string;
  /** A directory of this runner's own for its logs. */
  workDir: string;
  /** Aborted by the machine guard or the timeout; the runner then kills its jobs at once. */
  abort: AbortSignal;
};

function attemptCommand(job: BenchJob, ctx: ProcessRunnerContext, log: string): string {
  return `sh ${path.join(ctx.repoRoot, "bench", "jobs", "attempt.sh")} ${log} ${job.key} ${agentCommand(job, ctx.repoRoot)}`;
}

function readText(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

function abortReason(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
}

/** Spawns a command in a process group of its own and waits for it; on abort, SIGKILLs it and its descendants. */
function runToExit(
  command: string,
  args: string[],
  abort: AbortSignal,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"], detached: true });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const onAbort = () => {
      if (child.pid !== undefined) killTree(child.pid, "SIGKILL");
    };
    abort.addEventListener("abort", onAbort, { once: true });
    child.once("close", (code) => {
      abort.removeEventListener("abort", onAbort);
      resolve({ code, stderr });
    });
    if (abort.aborted) onAbort();
  });
}

/** One job after another, each to its end: the makespan every other runner is compared with. */
export async function runSequential(
  jobs: readonly BenchJob[],
  ctx: ProcessRunnerContext,
): Promise<RunnerResult> {
  const log = path.join(ctx.workDir, "attempts.log");
  writeFileSync(log, "");
  const startedAt = Date.now();
  for (const job of jobs) {
    if (ctx.abort.aborted) break;
    await runToExit("sh", ["-c", attemptCommand(job, ctx, log)], ctx.abort);
  }
  const endedAt = Date.now();
  const summary = summarizeAttempts(
    jobs.map((j) => j.key),
    parseAttemptLog(readText(log)),
  );
  return {
    name: "sequential",
    label: "one at a time",
    startedAt,
    endedAt,
    jobs: summary.jobs,
    killedOrRequeued: summary.killedByRunner,
    died: summary.died,
    aborted: ctx.abort.aborted ? abortReason(ctx.abort) : null,
    notes: [],
  };
}

export type ParallelMode = { kind: "memfree" | "memsuspend"; bytes: number; retries: number };

/** GNU parallel with -j = number of jobs, so that memory, not a job count, is the limit. */
export async function runGnuParallel(
  jobs: readonly BenchJob[],
  ctx: ProcessRunnerContext,
  mode: ParallelMode,
): Promise<RunnerResult> {
  const log = path.join(ctx.workDir, "attempts.log");
  const joblog = path.join(ctx.workDir, "joblog.tsv");
  const commands = path.join(ctx.workDir, "commands.txt");
  writeFileSync(log, "");
  writeFileSync(commands, `${jobs.map((job) => attemptCommand(job, ctx, log)).join("\n")}\n`);
  const size = `${Math.round(mode.bytes / MIB)}M`;
  const args = [
    "--will-cite",
    "-j",
    String(jobs.length),
    "--joblog",
    joblog,
    "--halt",
    "never",
    "--retries",
    String(mode.retries),
    `--${mode.kind}`,
    size,
    "-a",
    commands,
  ];
  const startedAt = Date.now();
  const { code, stderr } = await runToExit("parallel", args, ctx.abort);
  const endedAt = Date.now();

  const keys = jobs.map((j) => j.key);
  const summary = summarizeAttempts(keys, parseAttemptLog(readText(log)));
  // The joblog holds each job's final attempt: the authority on whether it succeeded in the end.
  const finals = parseJoblog(readText(joblog));
  const jobsOut = summary.jobs.map((job, i) => {
    const final = finals.find((f) => f.seq === i + 1);
    if (!final) return job;
    return { ...job, completed: final.exitval === 0 && final.signal === 0 };
  });
  const notes = [`parallel ${args.slice(0, -2).join(" ")} (exit ${code})`];
  const warning = stderr.trim();
  if (warning) notes.push(`parallel said: ${warning.split("\n").slice(0, 3).join(" | ")}`);
  const name: RunnerName = mode.kind === "memfree" ? "parallel-memfree" : "parallel-memsuspend";
  return {
    name,
    label: `GNU parallel --${mode.kind} ${size}`,
    startedAt,
    endedAt,
    jobs: jobsOut,
    killedOrRequeued: summary.killedByRunner,
    died: summary.died,
    aborted: ctx.abort.aborted ? abortReason(ctx.abort) : null,
    notes,
  };
}
