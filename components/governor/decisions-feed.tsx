"use client";
// The governor's decisions, newest first: time, zone, used %, action, track, reason; alerts stand out.
import type { PtEvent } from "@/lib/domain/types";
import { formatEventTime } from "../common/event-time";
import { ZONE_BADGE, ZONE_LABELS } from "../common/zone-style";
import { ACTION_COLORS, ACTION_LABELS, isKnownAction, toDecision } from "./decisions";

export function DecisionsFeed(props: { events: PtEvent[] | undefined; error?: Error | null }) {
  if (props.error) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        Could not load the decisions: {props.error.message}
      </p>
    );
  }
  if (!props.events) return <p className="text-sm text-slate-600 dark:text-slate-400">Loading decisions…</p>;
  if (props.events.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">The governor has not acted yet.</p>;
  }
  return (
    <ol
      aria-label="Governor decisions"
      className="divide-y divide-slate-200 text-sm dark:divide-slate-800"
      data-testid="decisions-feed"
    >
      {props.events.map((event) => {
        const d = toDecision(event);
        const color = isKnownAction(d.action) ? ACTION_COLORS[d.action] : "#64748b";
        const label = isKnownAction(d.action) ? ACTION_LABELS[d.action] : d.action;
        return (
          <li
            key={d.id}
            data-testid="decision"
            data-action={d.action}
            data-track-key={d.trackKey ?? undefined}
            className={`py-2 ${d.isAlert ? "-mx-2 rounded-md bg-yellow-50 px-2 dark:bg-yellow-950/40" : ""}`}
          >
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
              <time dateTime={d.at} className="tabular-nums">
                {formatEventTime(d.at)}
              </time>
              {d.zone && (
                <span className={`rounded-full px-1.5 font-semibold ring-1 ring-inset ${ZONE_BADGE[d.zone]}`}>
                  {ZONE_LABELS[d.zone]}
                </span>
              )}
              {d.usedPercent !== null && (
                <span className="tabular-nums">{d.usedPercent.toFixed(1)} % used</span>
              )}
              <span
                className="inline-flex items-center gap-1 font-semibold text-slate-700 dark:text-slate-200"
                data-testid="decision-action"
              >
                <span
                  className="h-2 w-2 rounded-full"
                  style={{ backgroundColor: color }}
                  aria-hidden="true"
                />
                {label}
              </span>
              {d.trackKey && (
                <span className="font-medium text-slate-700 dark:text-slate-200" data-testid="decision-track">
                  track {d.trackKey}
                </span>
              )}
              {d.actor !== "governor" && <span>({d.actor})</span>}
            </div>
            <p className="mt-0.5 break-words" data-testid="decision-reason">
              {d.reason}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
