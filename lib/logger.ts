// One pino logger for the server process.
import pino from "pino";

export function createLogger(level: string) {
  // Synchronous, as console is: nothing is left in a buffer to flush at exit, which sonic-boom would retry for ever
  // on a terminal that has been closed (EIO).
  const destination = pino.destination({ dest: 1, sync: true });
  // Its terminal closed (EIO) or its reader gone (EPIPE): the process supervises agents and must not die of its log.
  destination.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EIO" && error.code !== "EPIPE")
      process.stderr.write(`paratrack: log: ${error.message}\n`);
  });
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
