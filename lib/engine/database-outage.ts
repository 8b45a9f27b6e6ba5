// What the engine says when its database stops answering and when it is back: one event each (the first is pushed
// at once and stored when the database returns, like every record made meanwhile), and the log.
import type { Logger } from "pino";
import type { WriteBehindOptions } from "../db/write-behind";
import type { EventLog } from "./event-log";
import type { RunController } from "./run/controller";

export function databaseOutageEvents(
  events: () => EventLog,
  runs: () => Pick<RunController, "activeRun"> | null,
  logger: Logger,
): WriteBehindOptions {
  const header = () => ({ actor: "system" as const, runId: runs()?.activeRun()?.id ?? null, trackKey: null });
  const report = (what: string) => (error: unknown) =>
    logger.error({ err: error }, `could not record ${what}`);
  return {
    onUnavailable: ({ error }) => {
      logger.error(
        { error },
        "the database cannot be reached or written: writes wait in order until it is back",
      );
      events()
        .record(
          "db:unavailable",
          { error },
          {
            ...header(),
            severity: "critical",
            message: `The database cannot be reached or written (${error}): the run goes on, and what it records waits to be written when the database is back`,
          },
        )
        .catch(report("the outage"));
    },
    onRestored: ({ downMs, written, dropped, failed }) => {
      logger.warn({ downMs, written, dropped, failed }, "the database answers again");
      const lost = [
        dropped > 0 ? `${dropped} dropped (the queue was full; memory samples first)` : "",
        failed > 0 ? `${failed} refused by the database (see the log)` : "",
      ]
        .filter(Boolean)
        .join(", ");
      events()
        .record(
          "db:restored",
          { downMs, written, dropped, failed },
          {
            ...header(),
            severity: lost ? "high" : "medium",
            message: `The database answers again after ${(downMs / 1000).toFixed(1)} s: ${written} waiting write(s) made${lost ? `; ${lost}` : ", nothing lost"}`,
          },
        )
        .catch(report("the database's return"));
    },
    onFailed: (operation, error) =>
      logger.error({ err: error, operation }, `a write that waited for the database failed: ${operation}`),
  };
}
