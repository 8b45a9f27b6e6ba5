"use client";
// Says, after a short grace, that the socket lost the server: the page then shows frozen data that looks live,
// and every action would fail. Gone at the reconnect, which refetches everything (components/data/push.ts).
import { useEffect, useState } from "react";
import { disconnectNoticeAt } from "../data/connection-state";
import { useConnectionState } from "../data/use-connection-state";
import { formatEventTime } from "./event-time";

export function ConnectionBanner() {
  const state = useConnectionState();
  const noticeAt = disconnectNoticeAt(state);
  // The notice time this banner has waited out: a new disconnect waits its own grace.
  const [shownFor, setShownFor] = useState<number | null>(null);
  useEffect(() => {
    if (noticeAt === null) return;
    const timer = setTimeout(() => setShownFor(noticeAt), Math.max(0, noticeAt - Date.now()));
    return () => clearTimeout(timer);
  }, [noticeAt]);
  if (state.status !== "disconnected" || shownFor !== noticeAt) return null;
  const asOf = new Date(state.since);
  return (
    <div
      role="alert"
      data-testid="connection-banner"
      className="border-t border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="mx-auto max-w-7xl px-4 py-2 text-sm">
        <strong className="font-semibold">Disconnected from the server</strong> — data as of{" "}
        <time dateTime={asOf.toISOString()}>{formatEventTime(asOf)}</time>,{" "}
        {state.isReconnecting
          ? "reconnecting…"
          : "not reconnecting: reload the page once the server is back."}{" "}
        Actions such as pause, resume or stop will fail until the connection is back.
      </p>
    </div>
  );
}
