// Event rows ⇄ domain events: the wire's PtEvent, and TypedEvent for readers that use a kind's details.
import type { EventKind, NewTypedEvent, TypedEvent } from "../domain/event-kinds";
import type { Actor, PtEvent, Severity } from "../domain/types";
import type { Event as EventRow, PrismaClient } from "./generated/client";

/** An event to record, its details those of its kind. */
export type NewEvent<K extends EventKind = EventKind> = NewTypedEvent<K>;

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

export async function createEvent<K extends EventKind>(
  db: PrismaClient,
  event: NewEvent<K>,
): Promise<TypedEvent<K>> {
  const row = await db.event.create({
    data: {
      at: event.at ? new Date(event.at) : new Date(),
      kind: event.kind,
      severity: event.severity,
      message: event.message,
      actor: event.actor,
      runId: event.runId,
      trackKey: event.trackKey,
      details: JSON.stringify(event.details),
    },
  });
  // Written from a typed event just now.
  return toEvent(row) as TypedEvent<K>;
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

/**
 * The run's events of these kinds, oldest first, typed by kind. Rows are written only through createEvent, so
 * their details are those of their kind; rows older than a kind's details (none stored) get an empty object.
 */
export async function listRunEvents<K extends EventKind>(
  db: PrismaClient,
  runId: string,
  kinds: readonly K[],
  limit?: number,
): Promise<TypedEvent<K>[]> {
  const rows = await db.event.findMany({
    where: { runId, kind: { in: [...kinds] } },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    ...(limit === undefined ? {} : { take: limit }),
  });
  return rows.map((row) => {
    const event = toEvent(row);
    return { ...event, details: event.details ?? {} } as TypedEvent<K>;
  });
}
