"use client";
// The track's log: the latest attempt live (monospace, newest at the bottom, following new lines unless the reader
// scrolled up), or any earlier attempt picked from the list; each attempt's file path and a download of it whole.
// Screen readers hear new lines only when the reader asks ("Announce new lines", off at first): an agent can write
// a hundred lines a second. Each line says in words, not only in colour, when it is stderr or Paratrack's own.
import { memo, useId, useLayoutEffect, useRef, useState } from "react";
import { Card } from "@/components/common/card";
import { ATTEMPT_TAIL_LINES, useAttemptTailQuery } from "@/components/data/use-attempt-tail-query";
import { type LogEntry, type LogTailStatus, useTrackLogs } from "@/components/data/use-track-logs";
import { isFinished } from "@/lib/domain/phases/track-lifecycle";
import type { TrackDetailView } from "@/lib/domain/views";
import { type AttemptLogInfo, attemptLogUrl, attemptsOf } from "./attempt-log";
import { DownloadLink } from "./download-link";
import { isDirectiveLine, LOG_BUFFER_MAX } from "./log-buffer";

const STATUS_TEXT: Record<LogTailStatus, { text: string; dot: string }> = {
  loading: { text: "connecting", dot: "bg-slate-400" },
  live: { text: "live", dot: "bg-green-500 animate-pulse" },
  offline: { text: "offline", dot: "bg-red-500" },
};

const ENDED_STATUS = { text: "agent ended", dot: "bg-slate-400" };

/** The word before a line that is not the agent's ordinary output (its colour alone does not say it). */
const STREAM_MARKER: Record<LogEntry["stream"], string | null> = {
  stdout: null,
  stderr: "stderr",
  system: "Paratrack",
};

// Within this many pixels of the bottom counts as "at the bottom" (rounding, sub-pixel scroll positions).
const STICK_THRESHOLD_PX = 24;

/**
 * `pastRun`: the page shows the track of a run named by id (?run=): its latest attempt is read once like an earlier
 * one, whatever its stored status (the live log follows the live run's track of that key).
 */
export function LogTail({ track, pastRun = false }: { track: TrackDetailView; pastRun?: boolean }) {
  const attempts = attemptsOf(track.agents);
  const latest = attempts[0]?.attempt ?? null;
  // null: follow the latest attempt (live); a number: that earlier attempt, read once.
  const [picked, setPicked] = useState<number | null>(null);
  const readOnce = pastRun ? latest : null;
  const past = picked !== null && picked !== latest ? picked : readOnce;
  const shown = attempts.find((a) => a.attempt === (past ?? latest)) ?? null;
  return (
    <Card
      title="Log"
      labelledBy="track-log-title"
      actions={
        attempts.length > 0 && (
          <label className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-300">
            Attempt
            <select
              value={past ?? latest ?? ""}
              onChange={(e) => setPicked(Number(e.target.value) === latest ? null : Number(e.target.value))}
              data-testid="attempt-picker"
              className="tap rounded-md border border-slate-300 bg-white px-2 text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
            >
              {attempts.map((a) => (
                <option key={a.attempt} value={a.attempt}>
                  {a.attempt === latest ? `${a.attempt} (latest)` : a.attempt}
                </option>
              ))}
            </select>
          </label>
        )
      }
    >
      {shown && <AttemptFiles track={track} info={shown} />}
      {past !== null ? (
        <PastAttemptLog trackKey={track.key} runId={track.runId} attempt={past} />
      ) : readOnceWithout(pastRun, track) ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No agent of this track started in this run.
        </p>
      ) : (
        <LiveLog trackKey={track.key} hasEnded={isFinished(track.status)} />
      )}
    </Card>
  );
}

/** Where the attempt's log files are on the server, and the whole log as a download. */
function AttemptFiles({ track, info }: { track: TrackDetailView; info: AttemptLogInfo }) {
  const only = info.files.length === 1 ? info.files[0] : undefined;
  const fileName = only ? (only.logPath.split("/").at(-1) ?? "") : `${track.key}-attempt-${info.attempt}.log`;
  return (
    <div className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-600 dark:text-slate-300">
      <ul
        className="min-w-0 flex-1"
        data-testid="attempt-log-paths"
        aria-label={`Log files of attempt ${info.attempt}`}
      >
        {info.files.map((f) => (
          <li key={f.agent} className="break-all">
            {info.files.length > 1 && <span>{f.agent}: </span>}
            <code className="font-mono text-xs">{f.logPath}</code>
          </li>
        ))}
      </ul>
      <DownloadLink
        href={attemptLogUrl(track.key, info.attempt, track.runId)}
        fileName={fileName}
        testId="attempt-log-download"
        className="tap inline-flex items-center rounded-md border border-slate-300 px-2 font-medium text-sky-700 hover:bg-slate-100 dark:border-slate-700 dark:text-sky-300 dark:hover:bg-slate-800"
      >
        Download attempt {info.attempt}'s log
      </DownloadLink>
    </div>
  );
}

/** An earlier attempt: its last lines, read once (the download has it whole). */
function PastAttemptLog(props: { trackKey: string; runId: string; attempt: number }) {
  const query = useAttemptTailQuery(props.trackKey, props.attempt, props.runId);
  const lines: LogEntry[] = (query.data ?? []).map((l, id) => ({ ...l, id }));
  return (
    <>
      <p
        className="mb-1 text-xs text-slate-600 dark:text-slate-300"
        data-testid="log-status"
        data-status="past"
      >
        Attempt {props.attempt} has ended: its last {ATTEMPT_TAIL_LINES} lines at most.
      </p>
      {query.isError && (
        <p className="mb-2 text-sm text-amber-700 dark:text-amber-300" data-testid="log-error">
          {query.error.message}
        </p>
      )}
      <LogLines
        trackKey={props.trackKey}
        lines={lines}
        emptyText={query.isPending ? "Loading the log…" : "This attempt wrote nothing."}
      />
    </>
  );
}

/** A past run's track without agents: nothing to read, and the live log would follow another run's track. */
function readOnceWithout(pastRun: boolean, track: TrackDetailView): boolean {
  return pastRun && track.agents.length === 0;
}

/** `hasEnded`: the track's agent has exited, so no line is coming until a restart (the log still follows one). */
function LiveLog({ trackKey, hasEnded }: { trackKey: string; hasEnded: boolean }) {
  const logs = useTrackLogs(trackKey);
  const scroller = useRef<HTMLDivElement>(null);
  const announceId = useId();
  // Off at first: a live region fed a hundred lines a second would talk over everything else on the page.
  const [isAnnouncing, setAnnouncing] = useState(false);
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
    // The button goes once the log follows again: focus moves to the log it brought down, not to the page.
    el.focus({ preventScroll: true });
  };

  // A pulsing "live" beside a finished track reads as if its agent were still writing.
  const status = hasEnded && logs.status === "live" ? ENDED_STATUS : STATUS_TEXT[logs.status];
  return (
    <>
      <div className="mb-1 flex flex-wrap items-center justify-end gap-x-3 text-xs text-slate-600 dark:text-slate-300">
        <label htmlFor={announceId} className="tap mr-auto cursor-pointer gap-1.5">
          <input
            id={announceId}
            type="checkbox"
            checked={isAnnouncing}
            onChange={(e) => setAnnouncing(e.target.checked)}
            className="h-4 w-4 accent-blue-600"
            data-testid="log-announce"
          />
          Announce new lines
        </label>
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
      {logs.error && (
        <p className="mb-2 text-sm text-amber-700 dark:text-amber-300" data-testid="log-error">
          {logs.error}
        </p>
      )}
      <LogLines
        trackKey={trackKey}
        lines={logs.lines}
        emptyText={logs.status === "loading" ? "Loading the log…" : "No output yet."}
        scroller={scroller}
        onScroll={onScroll}
        isAnnouncing={isAnnouncing}
      />
    </>
  );
}

function LogLines(props: {
  trackKey: string;
  lines: readonly LogEntry[];
  emptyText: string;
  scroller?: React.RefObject<HTMLDivElement | null>;
  onScroll?: () => void;
  /** New lines are read out (politely); otherwise the log is read when the reader goes to it. */
  isAnnouncing?: boolean;
}) {
  const { trackKey } = props;
  return (
    <div
      ref={props.scroller}
      onScroll={props.onScroll}
      role="log"
      // A log is a polite live region by default; this one speaks only when the reader asks (see LiveLog).
      aria-live={props.isAnnouncing ? "polite" : "off"}
      aria-relevant={props.isAnnouncing ? "additions" : undefined}
      aria-label={`Log of track ${trackKey}`}
      // Focusable so keyboard users can scroll it.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
      tabIndex={0}
      data-testid="track-log"
      className="h-80 overflow-auto rounded-md bg-slate-950 p-2 font-mono text-xs leading-5 text-slate-200 sm:h-96"
    >
      {props.lines.length === 0 ? (
        <p className="text-slate-400">{props.emptyText}</p>
      ) : (
        props.lines.map((entry) => <LogRow key={entry.id} entry={entry} />)
      )}
    </div>
  );
}

/** One line; memoised: a new batch renders its own lines, not the thousand already shown. */
export const LogRow = memo(function LogRow({ entry }: { entry: LogEntry }) {
  const directive = isDirectiveLine(entry.line);
  const marker = STREAM_MARKER[entry.stream];
  const tone = directive
    ? "bg-sky-900/60 text-sky-200"
    : entry.stream === "stderr"
      ? "text-red-300"
      : entry.stream === "system"
        ? "italic text-amber-300"
        : "";
  return (
    <div
      className={`whitespace-pre-wrap break-all px-1 ${tone}`}
      data-testid="log-line"
      data-agent={entry.agent}
      data-directive={directive ? "true" : undefined}
      data-stream={entry.stream}
    >
      <time dateTime={entry.at} className="select-none text-slate-400">
        {formatLogTime(entry.at)}{" "}
      </time>
      <span className="select-none text-slate-400">[{entry.agent}] </span>
      {marker && (
        <span className="select-none font-semibold not-italic" data-testid="log-line-marker">
          {marker}:{" "}
        </span>
      )}
      {entry.line}
    </div>
  );
});

/** "10:07:19" in the reader's time zone: the date is in the run's header, the milliseconds in the file. */
function formatLogTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? "" : at.toLocaleTimeString([], { hour12: false });
}
