// The plan worker thread: loads jobs.ts through tsx and answers { id, job, input } with { id, ok, result | error }.
// Plain JavaScript so that it starts the same under tsx (the server), Vitest and plain Node.
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { planJobs } = await tsImport("./jobs.ts", import.meta.url);

parentPort.on("message", ({ id, job, input }) => {
  try {
    parentPort.postMessage({ id, ok: true, result: planJobs[job](input) });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: true });
