// Runs plan jobs in a worker thread, one at a time, each bounded in time: a job that takes too long ends the worker
// (the next job starts a fresh one) and its caller gets a clear error, instead of a server that stops sampling.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { EngineError } from "../errors";
import type { PlanJobName, PlanJobs } from "./jobs";

export type PlanWorker = {
  run<J extends PlanJobName>(
    job: J,
    input: Parameters<PlanJobs[J]>[0],
    timeoutMs: number,
  ): Promise<ReturnType<PlanJobs[J]>>;
  close(): Promise<void>;
};

/** 422: the plan is well-formed but too large to check or schedule in time. */
export class PlanTooSlowError extends EngineError {
  constructor(job: string, timeoutMs: number) {
    super(
      `${job === "validate" ? "checking" : "planning"} the plan took longer than ${Math.round(timeoutMs / 1000)} s and was stopped: make the plan smaller (fewer tracks) or split it`,
      422,
    );
  }
}

type Job = {
  job: PlanJobName;
  input: unknown;
  timeoutMs: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
};

/** Extra time the first job of a new worker gets, for the worker's boot. */
const WORKER_BOOT_ALLOWANCE_MS = 60_000;

const WORKER_FILE = path.join(/*turbopackIgnore: true*/ __dirname, "worker.mjs");

export function createPlanWorker(): PlanWorker {
  let worker: Worker | null = null;
  const queue: Job[] = [];
  let inFlight: (Job & { timer: NodeJS.Timeout }) | null = null;

  const settle = (outcome: { ok: true; value: unknown } | { ok: false; error: Error }) => {
    const job = inFlight;
    if (!job) return;
    inFlight = null;
    clearTimeout(job.timer);
    if (outcome.ok) job.resolve(outcome.value);
    else job.reject(outcome.error);
    pump();
  };

  const start = (): Worker => {
    const started = new Worker(WORKER_FILE);
    // An idle worker must not keep a CLI or a test process alive.
    started.unref();
    started.on("message", (message: { id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      if (message.id === undefined || worker !== started) return;
      settle(
        message.ok
          ? { ok: true, value: message.result }
          : { ok: false, error: new Error(message.error ?? "the plan worker failed") },
      );
    });
    const lost = (error: Error) => {
      if (worker !== started) return;
      worker = null;
      settle({ ok: false, error });
    };
    started.on("error", lost);
    started.on("exit", (code) => lost(new Error(`the plan worker stopped (exit code ${code})`)));
    return started;
  };

  let nextId = 1;
  const pump = () => {
    if (inFlight) return;
    const job = queue.shift();
    if (!job) return;
    // A new worker's boot (loading the planner's modules) is not the job's: on a loaded machine it alone can take
    // longer than a job's limit, and would fail a plan that is not slow at all.
    const booting = worker === null;
    worker ??= start();
    const current = worker;
    const timer = setTimeout(
      () => {
        // The worker is busy with this job and cannot be interrupted: end it; the next job starts a new one.
        worker = null;
        void current.terminate();
        settle({ ok: false, error: new PlanTooSlowError(job.job, job.timeoutMs) });
      },
      job.timeoutMs + (booting ? WORKER_BOOT_ALLOWANCE_MS : 0),
    );
    inFlight = { ...job, timer };
    current.postMessage({ id: nextId++, job: job.job, input: job.input });
  };

  return {
    run(job, input, timeoutMs) {
      return new Promise((resolve, reject) => {
        queue.push({ job, input, timeoutMs, resolve: resolve as (value: unknown) => void, reject });
        pump();
      });
    },
    /** Ends the worker and every job waiting for it; a later job starts a new worker. */
    async close() {
      const error = new Error("the plan worker was closed");
      for (const job of queue.splice(0)) job.reject(error);
      const current = worker;
      worker = null;
      settle({ ok: false, error });
      if (current) await current.terminate();
    },
  };
}
