// git run from a worker thread: spawning a child blocks the spawning thread until the child has exec'd, which on a
// loaded machine took hundreds of milliseconds per poll (bench/coordination.ts). The engine's polls must not stall
// the governor's sampling, so they spawn from here. Same GitRunner, same errors.
import path from "node:path";
import { Worker } from "node:worker_threads";
import {
  type CreateGitOptions,
  createGit,
  type ExecFailure,
  type ExecFile,
  type GitRunner,
} from "./git-runner";

const WORKER_FILE = path.join(/*turbopackIgnore: true*/ __dirname, "git-thread-worker.mjs");

type Pending = (error: ExecFailure | null, stdout: string, stderr: string) => void;

/** An ExecFile whose children are spawned by one worker thread (started on first use, restarted if it dies). */
export function createThreadedExec(): { exec: ExecFile; close(): Promise<void> } {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const failAll = (message: string) => {
    for (const done of pending.values()) done({ code: null, message }, "", "");
    pending.clear();
  };
  const start = () => {
    const started = new Worker(WORKER_FILE);
    started.on("message", (m: { id: number; error: ExecFailure | null; stdout: string; stderr: string }) => {
      const done = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) started.unref();
      done?.(m.error, m.stdout, m.stderr);
    });
    const gone = (why: string) => {
      if (worker === started) worker = null;
      failAll(`the git thread ended: ${why}`);
    };
    started.on("error", (error) => gone(error.message));
    started.on("exit", (code) => gone(`exit ${code}`));
    started.unref();
    return started;
  };
  return {
    exec(binary, args, options, done) {
      worker ??= start();
      const id = nextId++;
      pending.set(id, done);
      // While a command runs the thread keeps the process alive, as a child process would.
      worker.ref();
      worker.postMessage({ id, binary, args: [...args], options });
    },
    async close() {
      const current = worker;
      worker = null;
      await current?.terminate();
    },
  };
}

/** createGit whose commands are spawned from a worker thread. */
export function createThreadedGit(options: Omit<CreateGitOptions, "exec"> = {}): GitRunner {
  return createGit({ ...options, exec: createThreadedExec().exec });
}
