"use client";
// The top of the track page: who the track is, where it stands, its memory against the estimate, and its buttons.
import Link from "next/link";
import type { ReactNode } from "react";
import { ActivityLine, AttentionBanner, ModelMemoryText, UsageText } from "@/components/tracks/agent-facts";
import { pausedByWords } from "@/components/tracks/agent-facts-text";
import { MemoryMethod } from "@/components/tracks/memory-method";
import { StatusBadge } from "@/components/tracks/status-badge";
import { TEST_STATUS } from "@/components/tracks/test-status";
import { describeModel } from "@/components/tracks/track-actions";
import { describeReportSource, statusAuthor } from "@/lib/domain/phases/report-rules";
import type { Priority, ReportStatus } from "@/lib/domain/types";
import { formatBytes, formatDuration } from "@/lib/domain/units";
import type { TrackDetailView } from "@/lib/domain/views";
import { formatEventTime } from "../common/event-time";
import { TrackChanges } from "../coordination/track-changes";
import { TrackProgressBar } from "../tracks/track-progress-bar";
import { TrackActionsBar } from "./track-actions-bar";
import { trackHref } from "./track-href";
import { describeTrackTimes } from "./track-times";

const PRIORITY_STYLE: Record<Priority, string> = {
  critical: "text-red-700 ring-red-600/30 dark:text-red-300",
  standard: "text-slate-600 ring-slate-500/30 dark:text-slate-300",
  low: "text-slate-500 ring-slate-400/30 dark:text-slate-400",
};

const REPORT_STYLE: Record<ReportStatus, string> = {
  "on-track": "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300",
  "at-risk": "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  blocked: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
};

// White text keeps 4.5:1 on each (orange-500 and sky-500 did not).
const SEVERITY_STYLE: Record<string, string> = {
  critical: "bg-red-600 text-white",
  high: "bg-orange-700 text-white",
  medium: "bg-yellow-400 text-yellow-950",
  low: "bg-sky-700 text-white",
};

/** Keys up to this long sit beside the name; a longer one gets a line of its own above it. */
const INLINE_KEY_CHARS = 8;

function Field(props: { label: string; children: ReactNode; testId?: string; wide?: boolean }) {
  return (
    <div className={`min-w-0 ${props.wide ? "col-span-2" : ""}`}>
      <dt className="text-xs text-slate-600 dark:text-slate-400">{props.label}</dt>
      <dd className="mt-0.5 break-words font-medium tabular-nums" data-testid={props.testId}>
        {props.children}
      </dd>
    </div>
  );
}

function durationText(d: TrackDetailView["duration"]): string {
  if (!d) return "—";
  return d.minMs === d.maxMs
    ? formatDuration(d.minMs)
    : `${formatDuration(d.minMs)}–${formatDuration(d.maxMs)}`;
}

/** Current use as a bar against the estimate, with the peak marked; over the estimate turns red. */
function MemoryBar({ track }: { track: TrackDetailView }) {
  const scale = Math.max(track.estimateBytes ?? 0, track.peakBytes, track.currentBytes, 1);
  const pct = (bytes: number) => `${Math.min(100, (bytes / scale) * 100).toFixed(1)}%`;
  const over = track.estimateBytes !== null && track.currentBytes > track.estimateBytes;
  return (
    <div
      className="relative mt-1 h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      aria-hidden="true"
    >
      <div
        className={`h-full rounded-full ${over ? "bg-red-500" : "bg-violet-500"}`}
        style={{ width: pct(track.currentBytes) }}
      />
      {track.peakBytes > 0 && (
        <div
          className="absolute inset-y-0 w-0.5 bg-slate-900 dark:bg-white"
          style={{ left: pct(track.peakBytes) }}
        />
      )}
      {track.estimateBytes !== null && track.estimateBytes < scale && (
        <div
          className="absolute inset-y-0 w-0.5 bg-red-600"
          style={{ left: pct(track.estimateBytes) }}
          title="estimate"
        />
      )}
    </div>
  );
}

/** The same blocker reported again (each ::blocker line, each report) is listed once, with a count. */
function distinctBlockers(
  blockers: TrackDetailView["blockers"],
): { blocker: string; severity: string; count: number }[] {
  const byKey = new Map<string, { blocker: string; severity: string; count: number }>();
  for (const b of blockers) {
    const key = `${b.severity}:${b.blocker}`;
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else byKey.set(key, { ...b, count: 1 });
  }
  return [...byKey.values()];
}

/** "Paused by the governor: Red zone …"; a reason that already says who paused is shown as it is. */
function pauseText(track: TrackDetailView): string {
  const who = `Paused by ${pausedByWords(track.pausedBy)}`;
  const reason = track.pauseReason?.trim();
  if (!reason) return who;
  if (/^paused by\b/i.test(reason)) return reason.charAt(0).toUpperCase() + reason.slice(1);
  return `${who}: ${reason}`;
}

export function TrackHeader({ track, runId }: { track: TrackDetailView; runId?: string }) {
  const model = describeModel(track);
  const progress = Math.max(0, Math.min(100, Math.round(track.progress)));
  // Who said the status shown, and when: the newest report that states one (the lead's or the agent's).
  const author = track.reportStatus ? statusAuthor(track.reports) : null;
  const waiting = (track.status === "ready" || track.status === "pending") && track.waitReason;
  const hasRun = track.startedAt !== null || track.peakBytes > 0;
  const times = describeTrackTimes(track, formatEventTime);
  const isKeyInline = track.key.length <= INLINE_KEY_CHARS;

  return (
    <section
      aria-labelledby="track-title"
      data-testid="track-header"
      data-track-key={track.key}
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        {/* A long key takes a line of its own (cut short past the header's width, whole in its title), so the name
            and status below it keep the header's width; a short one sits beside the name. */}
        <div className="flex min-w-0 flex-wrap items-start gap-x-3 gap-y-2 sm:flex-1">
          <span
            className="block h-10 min-w-10 max-w-full truncate rounded-lg bg-slate-900 px-2 text-center text-lg font-bold leading-10 text-white dark:bg-slate-100 dark:text-slate-900"
            aria-hidden="true"
            title={track.key}
            data-testid="track-key"
          >
            {track.key}
          </span>
          <div className={`min-w-0 ${isKeyInline ? "flex-[1_1_14rem]" : "basis-full"}`}>
            <h1 id="track-title" className="text-xl font-semibold leading-tight wrap-anywhere">
              {track.name}
              <span className="sr-only"> (track {track.key})</span>
            </h1>
            <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
              <StatusBadge status={track.status} pausedBy={track.pausedBy} reason={track.pauseReason} />
              <span
                className={`rounded px-1.5 py-px font-medium ring-1 ring-inset ${PRIORITY_STYLE[track.priority]}`}
                data-testid="track-priority"
              >
                {track.priority}
              </span>
              <span data-testid="track-tier">{track.tier}</span>
              <span className="min-w-0 wrap-anywhere">
                track <span className="font-mono">{track.key}</span>
              </span>
            </p>
          </div>
        </div>
        {/* A past run's track: the actions would act on the live run's track of that key. */}
        {runId === undefined && <TrackActionsBar track={track} />}
      </div>

      <div className="mt-3 flex flex-col gap-2">
        <AttentionBanner track={track} />
        <ActivityLine track={track} />
      </div>
      {track.status === "paused" && (
        <p
          className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          data-testid="track-pause-reason"
        >
          {pauseText(track)}
        </p>
      )}
      {waiting && (
        <p
          className="mt-3 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-200"
          data-testid="track-wait-reason"
        >
          <span className="font-medium">Waiting:</span> {track.waitReason}
        </p>
      )}

      {/* The bar keeps a row of its own on a phone: the report's status and author wrap below it, not into it. */}
      <div className="mt-4 flex flex-wrap items-center gap-x-3 gap-y-1">
        <div className="flex min-w-0 flex-[1_1_16rem] items-center gap-3">
          <TrackProgressBar
            trackKey={track.key}
            status={track.status}
            progress={progress}
            heightClass="h-2.5"
          />
          <span className="w-12 text-right text-sm font-semibold tabular-nums" data-testid="track-progress">
            {progress}%
          </span>
        </div>
        {track.reportStatus && (
          <span
            className={`rounded-full px-2 py-0.5 text-xs font-medium ${REPORT_STYLE[track.reportStatus]}`}
            data-testid="track-report-status"
          >
            {track.reportStatus}
          </span>
        )}
        {author && (
          <span className="text-xs text-slate-600 dark:text-slate-300" data-testid="track-report-author">
            said by {describeReportSource(author.source)} at {formatEventTime(author.at)}
          </span>
        )}
      </div>

      <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-3 text-sm md:grid-cols-4">
        <Field label="RAM now / peak / estimate" testId="track-ram" wide>
          {hasRun ? `${formatBytes(track.currentBytes)} / ${formatBytes(track.peakBytes)}` : "— / —"}
          {" / "}
          {track.estimateBytes !== null ? formatBytes(track.estimateBytes) : "no estimate"}
          <MemoryMethod method={track.memoryMethod} />
          <MemoryBar track={track} />
        </Field>
        <Field label="Model in force" testId="track-model">
          {model.text ?? "—"}
          {model.isCloudFallback && (
            <span className="ml-1 rounded bg-purple-100 px-1 text-xs font-normal text-purple-800 dark:bg-purple-950 dark:text-purple-300">
              cloud fallback
            </span>
          )}
          {(track.model.local || track.model.cloud) && (
            <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">
              plan: {[track.model.local, track.model.cloud].filter(Boolean).join(" / ")}
            </span>
          )}
          <ModelMemoryText track={track} />
        </Field>
        <Field label="Tokens · cost (every attempt)" testId="track-usage" wide>
          <UsageText track={track} />
        </Field>
        <Field label="Attempts" testId="track-attempts">
          {track.attempts}
        </Field>
        <Field label="Started" testId="track-started">
          {times.started ?? "—"}
          {times.latestAttempt && (
            <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">
              {times.latestAttempt}
            </span>
          )}
        </Field>
        <Field label={times.ended ? "Ended" : "Duration estimate"} testId="track-ended">
          {times.ended ?? durationText(track.duration)}
        </Field>
        <Field label="Depends on" testId="track-dependencies">
          {track.dependsOn.length === 0 ? (
            "—"
          ) : (
            <span className="flex flex-wrap gap-1.5">
              {track.dependsOn.map((dep) => (
                <Link
                  key={dep}
                  href={trackHref(dep, runId ?? null)}
                  className="min-w-0 rounded bg-slate-100 px-1.5 font-mono text-blue-700 wrap-anywhere hover:underline dark:bg-slate-800 dark:text-blue-300"
                  aria-label={`Track ${dep}`}
                >
                  {dep}
                </Link>
              ))}
            </span>
          )}
        </Field>
        <Field label="Quality gate" testId="track-tests">
          {track.testStatus ? (
            <span className={TEST_STATUS[track.testStatus].style}>{TEST_STATUS[track.testStatus].page}</span>
          ) : (
            <span className="text-slate-600 dark:text-slate-400">not run yet</span>
          )}
        </Field>
        <Field label="Scope" testId="track-scope" wide>
          {track.scope.length === 0 ? (
            "—"
          ) : (
            <span className="flex flex-wrap gap-1.5">
              {track.scope.map((glob) => (
                <code
                  key={glob}
                  className="rounded bg-slate-100 px-1.5 py-px text-xs font-normal dark:bg-slate-800"
                >
                  {glob}
                </code>
              ))}
            </span>
          )}
        </Field>
        <Field label="Exit summary" testId="track-exit-summary" wide>
          {track.exitSummary ?? "—"}
        </Field>
        {track.git && (
          <Field label="Git worktree" wide>
            <TrackChanges git={track.git} detailed />
          </Field>
        )}
      </dl>

      {track.blockers.length > 0 && (
        <div className="mt-4">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
            Blockers
          </h2>
          <ul className="mt-1 space-y-1 text-sm" data-testid="track-blockers">
            {distinctBlockers(track.blockers).map((b) => (
              <li key={`${b.severity}:${b.blocker}`} className="flex items-start gap-2">
                <span
                  className={`rounded px-1.5 text-xs font-semibold ${SEVERITY_STYLE[b.severity] ?? "bg-slate-400 text-white"}`}
                >
                  {b.severity}
                </span>
                <span className="min-w-0 break-words">
                  {b.blocker}
                  {b.count > 1 && (
                    <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">
                      reported {b.count} times
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
