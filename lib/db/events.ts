// Event rows ⇄ domain PtEvent.
import type { Actor, PtEvent, Severity } from "../domain/types";
import type { Event as EventRow, PrismaClient } from "./generated/client";

export type NewEvent = Omit<PtEvent, "id" | "at"> & { at?: string };

function toEvent(row: EventRow): PtEvent {
  let details: Record<string, unknown> | null = null;
  if (row.details) {
    try {
      details = JSON.parse(row.details) as Record<string, unknown>;
    } catch {
      details = { raw: row.details };
    }
  }
  return {
    id: row.id,
    at: row.at.toISOString(),
    kind: row.kind,
    severity: row.severity as Severity,
    message: row.message,
    actor: row.actor as Actor,
    runId: row.runId,
    trackKey: row.trackKey,
    details,
  };
}

export async function createEvent(db: PrismaClient, event: NewEvent): Promise<PtEvent> {
  const row = await db.event.create({
    data: {
      at: event.at ? new Date(event.at) : new Date(),
      kind: event.kind,
      severity: event.severity,
      message: event.message,
      actor: event.actor,
      runId: event.runId,
      trackKey: event.trackKey,
      details: event.details ? JSON.stringify(event.details) : null,
    },
  });
  return toEvent(row);
}

/** Newest first. */
export async function listEvents(
  db: PrismaClient,
  opts: { limit: number; runId?: string; trackKey?: string; kinds?: string[]; kindPrefix?: string },
): Promise<PtEvent[]> {
  const rows = await db.event.findMany({
    where: {
      ...(opts.runId ? { runId: opts.runId } : {}),
      ...(opts.trackKey ? { trackKey: opts.trackKey } : {}),
      ...(opts.kinds ? { kind: { in: opts.kinds } } : {}),
      ...(opts.kindPrefix ? { kind: { startsWith: opts.kindPrefix } } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: opts.limit,
  });
  return rows.map(toEvent);
}
