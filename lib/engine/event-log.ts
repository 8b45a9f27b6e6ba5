// Records an event in the database and pushes it to every browser; its details are checked against its kind.
import type { Logger } from "pino";
import { createEvent } from "../db/events";
import type { PrismaClient } from "../db/generated/client";
import type { EventDetails, EventHeader, EventKind, TypedEvent } from "../domain/event-kinds";
import type { Emitter } from "./emitter";

export type EventLog = {
  record<K extends EventKind>(kind: K, details: EventDetails[K], header: EventHeader): Promise<TypedEvent<K>>;
};

export function createEventLog(deps: { db: PrismaClient; emitter: Emitter; logger: Logger }): EventLog {
  return {
    async record(kind, details, header) {
      const saved = await createEvent(deps.db, { ...header, kind, details } as Parameters<
        typeof createEvent
      >[1]);
      deps.logger.info({ kind: saved.kind, trackKey: saved.trackKey, actor: saved.actor }, saved.message);
      deps.emitter.emit("event:created", saved);
      return saved as TypedEvent<typeof kind>;
    },
  };
}
