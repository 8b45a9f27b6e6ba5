// Records an event in the database and pushes it to every browser.
import type { Logger } from "pino";
import { createEvent, type NewEvent } from "../db/events";
import type { PrismaClient } from "../db/generated/client";
import type { PtEvent } from "../domain/types";
import type { Emitter } from "./emitter";

export type EventLog = { record(event: NewEvent): Promise<PtEvent> };

export function createEventLog(deps: { db: PrismaClient; emitter: Emitter; logger: Logger }): EventLog {
  return {
    async record(event) {
      const saved = await createEvent(deps.db, event);
      deps.logger.info({ kind: saved.kind, trackKey: saved.trackKey, actor: saved.actor }, saved.message);
      deps.emitter.emit("event:created", saved);
      return saved;
    },
  };
}
