"use client";
// The track's live log: monospace, newest at the bottom, following new lines unless the reader scrolled up.
import { useLayoutEffect, useRef, useState } from "react";
import { Card } from "@/components/common/card";
import { type LogTailStatus, useTrackLogs } from "@/components/data/use-track-logs";
import { isDirectiveLine, LOG_BUFFER_MAX } from "./log-buffer";

const STATUS_TEXT: Record<LogTailStatus, { text: string; dot: string }> = {
  loading: { text: "connecting", dot: "bg-slate-400" },
  live: { text: "live", dot: "bg-green-500 animate-pulse" },
  offline: { text: "offline", dot: "bg-red-500" },
};

// Within this many pixels of the bottom counts as "at the bottom" (rounding, sub-pixel scroll positions).
const STICK_THRESHOLD_PX = 24;

export function LogTail({ trackKey }: { trackKey: string }) {
  const logs = useTrackLogs(trackKey);
  const scroller = useRef<HTMLDivElement>(null);
  const [isFollowing, setFollowing] = useState(true);
  const followingRef = useRef(true);

  // Runs after the new lines are in the DOM and before paint, so following never flickers.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && followingRef.current && logs.lines.length >= 0) el.scrollTop = el.scrollHeight;
  }, [logs.lines]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_THRESHOLD_PX;
    followingRef.current = atBottom;
    setFollowing(atBottom);
  };

  const jumpToLatest = () => {
    const el = scroller.current;
    if (!el) return;
    followingRef.current = true;
    setFollowing(true);
    el.scrollTop = el.scrollHeight;
  };

  const status = STATUS_TEXT[logs.status];
  return (
    <Card
      title="Live log"
      labelledBy="track-log-title"
      actions={
        <div className="flex items-center gap-3 text-xs text-slate-600 dark:text-slate-300">
          {!isFollowing && (
            <button
              type="button"
              onClick={jumpToLatest}
              className="tap rounded-md border border-slate-300 px-2 font-medium text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
            >
              Jump to latest
            </button>
          )}
          <span className="tabular-nums" data-testid="log-line-count">
            {logs.lines.length} / {LOG_BUFFER_MAX} lines
          </span>
          <span className="flex items-center gap-1.5" data-testid="log-status" data-status={logs.status}>
            <span className={`h-2 w-2 rounded-full ${status.dot}`} aria-hidden="true" />
            {status.text}
          </span>
        </div>
      }
    >
      {logs.error && (
        <p className="mb-2 text-sm text-amber-700 dark:text-amber-300" data-testid="log-error">
          {logs.error}
        </p>
      )}
      <div
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-label={`Log of track ${trackKey}`}
        // Focusable so keyboard users can scroll it.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
        data-testid="track-log"
        className="h-80 overflow-auto rounded-md bg-slate-950 p-2 font-mono text-xs leading-5 text-slate-200 sm:h-96"
      >
        {logs.lines.length === 0 ? (
          <p className="text-slate-400">
            {logs.status === "loading" ? "Loading the log…" : "No output yet."}
          </p>
        ) : (
          logs.lines.map((entry) => {
            const directive = isDirectiveLine(entry.line);
            const tone = directive
              ? "bg-sky-900/60 text-sky-200"
              : entry.stream === "stderr"
                ? "text-red-300"
                : entry.stream === "system"
                  ? "italic text-amber-300"
                  : "";
            return (
              <div
                key={entry.id}
                className={`whitespace-pre-wrap break-all px-1 ${tone}`}
                data-testid="log-line"
                data-agent={entry.agent}
                data-directive={directive ? "true" : undefined}
              >
                <time dateTime={entry.at} className="select-none text-slate-400">
                  {formatLogTime(entry.at)}{" "}
                </time>
                <span className="select-none text-slate-400">[{entry.agent}] </span>
                {entry.line}
              </div>
            );
          })
        )}
      </div>
    </Card>
  );
}

/** "10:07:19" in the reader's time zone: the date is in the run's header, the milliseconds in the file. */
function formatLogTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? "" : at.toLocaleTimeString([], { hour12: false });
}
