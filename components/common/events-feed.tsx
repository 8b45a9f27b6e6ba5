"use client";
// The latest events, newest first.
import type { PtEvent } from "@/lib/domain/types";
import { formatEventTime } from "./event-time";
import { LoadError } from "./load-error";

const SEVERITY_DOT: Record<PtEvent["severity"], string> = {
  critical: "bg-red-600",
  high: "bg-orange-500",
  medium: "bg-yellow-500",
  low: "bg-sky-500",
  info: "bg-slate-400",
};

export function EventsFeed(props: {
  events: PtEvent[] | undefined;
  emptyText?: string;
  testId?: string;
  /** Why there are no events to show (the query failed): said instead of "nothing has happened". */
  error?: Error | null;
}) {
  if (!props.events && props.error) return <LoadError what="the events" error={props.error} />;
  if (!props.events || props.events.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {props.emptyText ?? "Nothing has happened yet."}
      </p>
    );
  }
  return (
    <ol
      className="divide-y divide-slate-200 text-sm dark:divide-slate-800"
      data-testid={props.testId ?? "events-feed"}
    >
      {props.events.map((event) => (
        <li key={event.id} className="flex gap-3 py-2">
          <span
            className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${SEVERITY_DOT[event.severity]}`}
            aria-hidden="true"
          />
          <div className="min-w-0 flex-1">
            <p className="break-words">{event.message}</p>
            <p className="text-xs text-slate-600 dark:text-slate-400">
              <time dateTime={event.at}>{formatEventTime(event.at)}</time> · {event.actor}
              {event.trackKey ? ` · track ${event.trackKey}` : ""} · {event.kind}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
