"use client";
import { useEffect, useState } from "react";
import { dropOverlap, LOG_BUFFER_MAX } from "@/components/track-page/log-buffer";
import type { LogLine } from "@/lib/domain/views";
import { appendBounded } from "./append-bounded";
import { createBatcher } from "./batch";
import { fetchJson } from "./fetch-json";
import { type ClientSocket, getSocket } from "./socket";

/** Lines loaded from the log files when the page opens (and after a reconnect). */
export const LOG_TAIL_LINES = 200;
const SUBSCRIBE_TIMEOUT_MS = 5000;
/** Pushed lines are shown together at most this often: one render per batch, not per line. */
export const LOG_RENDER_INTERVAL_MS = 100;

export type LogEntry = LogLine & { id: number };
export type LogTailStatus = "loading" | "live" | "offline";
export type TrackLogs = { lines: LogEntry[]; status: LogTailStatus; error: string | null };

/**
 * A track's log: the last lines from the server, then every new line pushed by the socket, in a buffer of
 * `max` lines. Not kept in React Query: it is a stream owned by the page, subscribed on mount, re-subscribed
 * after every reconnect (the server forgets rooms) and unsubscribed on unmount.
 */
export function useTrackLogs(trackKey: string, max = LOG_BUFFER_MAX): TrackLogs {
  const [state, setState] = useState<TrackLogs>({ lines: [], status: "loading", error: null });

  useEffect(() => {
    const socket = getSocket();
    let disposed = false;
    let generation = 0;
    let nextId = 0;
    // Lines pushed while a tail is loading wait here, so they land after it and not twice.
    let pending: LogLine[] | null = null;
    const withIds = (lines: readonly LogLine[]): LogEntry[] => lines.map((l) => ({ ...l, id: nextId++ }));
    setState({ lines: [], status: "loading", error: null });

    const shown = createBatcher<LogLine>({
      intervalMs: LOG_RENDER_INTERVAL_MS,
      max,
      handOver: (lines) => {
        const entries = withIds(lines);
        setState((s) => ({ ...s, lines: appendBounded(s.lines, entries, { max }) }));
      },
    });

    const onLine = (line: LogLine) => {
      if (line.trackKey !== trackKey) return;
      if (pending) {
        pending.push(line);
        return;
      }
      shown.push(line);
    };

    const load = async () => {
      const current = ++generation;
      // Lines pushed before this (re)load are shown first; the tail loaded below replaces them.
      shown.flush();
      const live: LogLine[] = [];
      pending = live;
      setState((s) => ({ ...s, status: "loading" }));
      // Subscribe first, then read the tail: a line written in between is in both, and dropOverlap removes it.
      const subscribeError = await subscribe(socket, trackKey);
      let tail: LogLine[] | null = null;
      let tailError: string | null = null;
      try {
        tail = await fetchJson<LogLine[]>(
          `/api/tracks/${encodeURIComponent(trackKey)}/logs?tail=${LOG_TAIL_LINES}`,
          { contract: "trackLogs" },
        );
      } catch (error) {
        tailError = error instanceof Error ? error.message : String(error);
      }
      if (disposed || current !== generation) return;
      pending = null;
      const loaded = tail;
      const fresh = withIds(loaded ? [...loaded, ...dropOverlap(loaded, live)] : live);
      setState((s) => ({
        // A failed tail keeps what was shown; a loaded one replaces it (lines may have been missed meanwhile).
        lines: loaded ? appendBounded([], fresh, { max }) : appendBounded(s.lines, fresh, { max }),
        status: subscribeError ? "offline" : "live",
        error: tailError ?? subscribeError,
      }));
    };

    const onConnect = () => void load();
    const onDisconnect = () => setState((s) => ({ ...s, status: "offline" }));
    socket.on("log:line", onLine);
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    void load();
    return () => {
      disposed = true;
      shown.cancel();
      socket.off("log:line", onLine);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.emit("logs:unsubscribe", { trackKey });
    };
  }, [trackKey, max]);

  return state;
}

/** Joins the track's log room; resolves to an error message, or null once the server acknowledged. */
function subscribe(socket: ClientSocket, trackKey: string): Promise<string | null> {
  return new Promise((resolve) => {
    socket.timeout(SUBSCRIBE_TIMEOUT_MS).emit("logs:subscribe", { trackKey }, (err, response) => {
      if (err) resolve("no answer from the live log; it resumes when the connection returns");
      else resolve("error" in response ? response.error : null);
    });
  });
}
