// The git thread: runs execFile for the main thread and answers { id, error, stdout, stderr }. Spawning a process
// blocks its thread until the child has exec'd (long on a loaded machine): here, not in the server's event loop.
// Plain JavaScript, so it starts the same under tsx, Vitest and plain Node.
import { execFile } from "node:child_process";
import { parentPort } from "node:worker_threads";

parentPort.on("message", ({ id, binary, args, options }) => {
  execFile(binary, args, { ...options, encoding: "utf8", windowsHide: true }, (error, stdout, stderr) => {
    parentPort.postMessage({
      id,
      stdout,
      stderr,
      error: error
        ? {
            code: error.code ?? null,
            killed: error.killed ?? false,
            signal: error.signal ?? null,
            message: error.message,
          }
        : null,
    });
  });
});
