// Records an event in the database and pushes it to every browser; its details are checked against its kind.
// While the database is unreachable the event waits in the write-behind queue and is pushed at once with a
// provisional (negative) id; it is stored with its own time when the database is back.
import type { Logger } from "pino";
import { createEvent } from "../db/events";
import type { PrismaClient } from "../db/generated/client";
import { createDirectWrites, type WriteBehind } from "../db/write-behind";
import type { EventDetails, EventHeader, EventKind, TypedEvent } from "../domain/event-kinds";
import type { Emitter } from "./emitter";

export type EventLog = {
  record<K extends EventKind>(kind: K, details: EventDetails[K], header: EventHeader): Promise<TypedEvent<K>>;
};

export function createEventLog(deps: {
  db: PrismaClient;
  emitter: Emitter;
  logger: Logger;
  writes?: WriteBehind;
  now?: () => number;
}): EventLog {
  const writes = deps.writes ?? createDirectWrites();
  const now = deps.now ?? Date.now;
  let provisionalIds = 0;
  return {
    async record(kind, details, header) {
      const event = {
        ...header,
        at: header.at ?? new Date(now()).toISOString(),
        kind,
        details,
      } as Parameters<typeof createEvent>[1];
      let saved: TypedEvent | null = null;
      await writes.write(`record a ${kind} event`, async () => {
        saved = await createEvent(deps.db, event);
      });
      const shown = (saved ?? {
        id: -++provisionalIds,
        at: event.at,
        kind,
        severity: event.severity,
        message: event.message,
        actor: event.actor,
        runId: event.runId,
        trackKey: event.trackKey,
        details,
      }) as TypedEvent<typeof kind>;
      deps.logger.info({ kind: shown.kind, trackKey: shown.trackKey, actor: shown.actor }, shown.message);
      deps.emitter.emit("event:created", shown);
      return shown;
    },
  };
}
