// A promise that fails with nobody listening must not end a process that runs agents for days: Node's default is
// to crash on it. server.ts and the CLI install this once; the failure is logged and the process goes on.

/** Logs every unhandled rejection instead of crashing; returns the function that removes the guard. */
export function keepAliveOnUnhandledRejection(log: (reason: unknown) => void): () => void {
  const handler = (reason: unknown) => {
    try {
      log(reason);
    } catch {
      // A failing logger must not turn a logged failure into a crash.
    }
  };
  process.on("unhandledRejection", handler);
  return () => {
    process.off("unhandledRejection", handler);
  };
}
