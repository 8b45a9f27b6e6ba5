// The signals that ask a Paratrack process to stop: Ctrl-C (SIGINT), SIGTERM (an upgrade, systemd) and SIGHUP (the
// terminal it runs in was closed). Node's default for SIGHUP is to die on the spot, which skips the shutdown: the
// demo and a headless run would leave their agents running unwatched, a server would not store its detach. After a
// SIGHUP the terminal is gone, so writes to it fail (EIO); those failures must not crash the shutdown.

export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** Calls onStop for every stop signal (it decides what a second one does); returns the function that removes it. */
export function onStopSignals(onStop: (signal: StopSignal) => void): () => void {
  const ignore = () => undefined;
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      if (signal === "SIGHUP") {
        process.stdout.on("error", ignore);
        process.stderr.on("error", ignore);
      }
      onStop(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
