"use client";
// One track on the overview: status, progress, memory with a sparkline, estimate, model, and the lead's buttons.
import Link from "next/link";
import type { ReactNode } from "react";
import { MemoryMethod } from "@/components/tracks/memory-method";
import { mostSevere } from "@/lib/domain/coordination/blockers";
import { heldTrackAdvice, isHeldUntilRebase } from "@/lib/domain/coordination/conflict-wording";
import { describeWaitKind } from "@/lib/domain/governor/wait-kinds";
import type { LeadAction } from "@/lib/domain/phases/track-lifecycle";
import type { Priority } from "@/lib/domain/types";
import { formatBytes, formatDuration } from "@/lib/domain/units";
import type { TrackView } from "@/lib/domain/views";
import { trackBadgeColor } from "../common/track-colors";
import { TrackChanges } from "../coordination/track-changes";
import { useTrackActionMutation } from "../data/use-track-action-mutation";
import { ActivityLine, AttentionBanner, ModelMemoryText, UsageText } from "./agent-facts";
import { pausedByLabel } from "./agent-facts-text";
import { describeBlockerCount, describeReportFlag, type ReportFlagTone } from "./report-flags";
import { Sparkline } from "./sparkline";
import { StatusBadge } from "./status-badge";
import { TEST_STATUS } from "./test-status";
import { TrackActionButtons } from "./track-action-buttons";
import { TrackActionError } from "./track-action-error";
import { describeModel } from "./track-actions";
import { TrackProgressBar } from "./track-progress-bar";

/** The reason the server records for a plain lead pause; the badge already says it. */
const LEAD_PAUSE_REASON = "paused by the lead";

const PRIORITY_STYLE: Record<Priority, string> = {
  critical: "text-red-700 ring-red-600/30 dark:text-red-300",
  standard: "text-slate-600 ring-slate-500/30 dark:text-slate-300",
  low: "text-slate-500 ring-slate-400/30 dark:text-slate-400",
};

const BUTTON_STYLE: Record<LeadAction, string> = {
  pause: "border-slate-300 hover:bg-amber-50 dark:border-slate-700 dark:hover:bg-amber-950",
  resume: "border-slate-300 hover:bg-green-50 dark:border-slate-700 dark:hover:bg-green-950",
  stop: "border-slate-300 hover:bg-red-50 dark:border-slate-700 dark:hover:bg-red-950",
  restart: "border-slate-300 hover:bg-sky-50 dark:border-slate-700 dark:hover:bg-sky-950",
};

function durationText(d: TrackView["duration"]): string | null {
  if (!d) return null;
  return d.minMs === d.maxMs
    ? formatDuration(d.minMs)
    : `${formatDuration(d.minMs)}–${formatDuration(d.maxMs)}`;
}

function Figure(props: { label: string; children: ReactNode; testId?: string; wide?: boolean }) {
  // A direct child of the <dl>: a <dt>/<dd> pair may be wrapped in one <div>, no deeper.
  return (
    <div className={props.wide ? "col-span-2 min-w-0" : "min-w-0"}>
      <dt className="text-xs text-slate-600 dark:text-slate-300">{props.label}</dt>
      <dd className="font-medium tabular-nums" data-testid={props.testId}>
        {props.children}
      </dd>
    </div>
  );
}

export function TrackCard(props: {
  track: TrackView;
  tracks: readonly TrackView[];
  memory: readonly number[];
}) {
  const { track } = props;
  const mutation = useTrackActionMutation();
  const model = describeModel(track);
  const estimate = [
    track.estimateBytes !== null ? formatBytes(track.estimateBytes) : null,
    durationText(track.duration),
  ]
    .filter(Boolean)
    .join(" · ");
  const hasRun = track.startedAt !== null || track.peakBytes > 0;
  const waiting = (track.status === "ready" || track.status === "pending") && track.waitReason;
  const progress = Math.max(0, Math.min(100, Math.round(track.progress)));
  const errorId = `track-${track.key}-error`;

  return (
    <article
      aria-label={track.name}
      data-testid={`track-${track.key}`}
      data-track-key={track.key}
      className="flex min-w-0 flex-col gap-3 rounded-lg border border-slate-200 p-3 dark:border-slate-800"
    >
      <CardHeader track={track} />

      <AttentionBanner track={track} />

      <div className="flex items-center gap-2">
        <TrackProgressBar trackKey={track.key} status={track.status} progress={progress} />
        <span className="w-10 text-right text-sm tabular-nums" aria-hidden="true">
          {progress}%
        </span>
      </div>
      <ActivityLine track={track} />
      <ReportFlags track={track} />

      {track.status === "paused" && track.slurm?.state === "SUSPENDED" && (
        <p className="text-xs text-amber-800 dark:text-amber-300" data-testid="track-slurm-suspended">
          Suspended in Slurm: its cores are free, its memory stays reserved on the node.
        </p>
      )}
      {track.status === "paused" && track.pauseReason && track.pauseReason !== LEAD_PAUSE_REASON && (
        <p className="text-xs text-amber-800 dark:text-amber-300" data-testid="track-pause-reason">
          {pausedByLabel(track.pausedBy)}: {track.pauseReason}
        </p>
      )}
      {track.status === "paused" && track.pausedBy === "conflict" && isHeldUntilRebase(track.pauseReason) && (
        <p className="text-xs text-slate-700 dark:text-slate-300" data-testid="track-held-advice">
          {heldTrackAdvice(track.key)}{" "}
          <Link href="/conflicts" className="text-blue-700 underline dark:text-blue-300">
            The ruling on Conflicts →
          </Link>
        </p>
      )}
      {waiting && (
        <p
          className="text-xs text-slate-600 dark:text-slate-300"
          data-testid="track-wait-reason"
          data-wait-kind={track.waitKind ?? undefined}
        >
          <span className="font-medium">
            Waiting{track.waitKind ? ` ${describeWaitKind(track.waitKind)}` : ""}:
          </span>{" "}
          {track.waitReason}
        </p>
      )}

      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
        <div className="col-span-2 min-w-0">
          <dt className="text-xs text-slate-600 dark:text-slate-300">RAM now / peak</dt>
          <dd className="flex items-end justify-between gap-3">
            <span className="font-medium tabular-nums" data-testid="track-ram">
              {hasRun ? `${formatBytes(track.currentBytes)} / ${formatBytes(track.peakBytes)}` : "—"}
              <MemoryMethod method={track.memoryMethod} />
            </span>
            {props.memory.length > 1 && (
              <Sparkline values={props.memory} label={`Recent memory of track ${track.key}`} />
            )}
          </dd>
        </div>
        <Figure label="Estimate" testId="track-estimate">
          {estimate || "—"}
        </Figure>
        <Figure label="Model" testId="track-model">
          {model.text ?? "—"}
          {model.isCloudFallback && (
            <span className="ml-1 rounded bg-purple-100 px-1 text-xs font-normal text-purple-800 dark:bg-purple-950 dark:text-purple-300">
              cloud fallback
            </span>
          )}
          <ModelMemoryText track={track} />
        </Figure>
        <Figure label="Tokens · cost" testId="track-usage" wide>
          <UsageText track={track} />
        </Figure>
      </dl>

      {track.git && <TrackChanges git={track.git} />}

      {(track.testStatus || track.exitSummary) && (
        <p className="text-xs">
          {track.testStatus && (
            <span className={TEST_STATUS[track.testStatus].style} data-testid="track-tests">
              {TEST_STATUS[track.testStatus].card}
            </span>
          )}
          {track.testStatus && track.exitSummary && (
            <span className="text-slate-600 dark:text-slate-400"> · </span>
          )}
          {track.exitSummary && (
            <span className="text-slate-600 dark:text-slate-400">{track.exitSummary}</span>
          )}
        </p>
      )}

      <div
        className="mt-auto flex flex-wrap gap-2"
        role="group"
        aria-label={`Actions for track ${track.key}`}
        aria-busy={mutation.isPending}
      >
        <TrackActionButtons
          track={track}
          tracks={props.tracks}
          isPending={mutation.isPending}
          onAction={(action) => mutation.mutate({ key: track.key, action })}
          buttonStyle={BUTTON_STYLE}
          describedBy={mutation.isError ? errorId : undefined}
        />
      </div>
      <TrackActionError trackKey={track.key} mutation={mutation} id={errorId} />
    </article>
  );
}

/** Keys up to this long sit beside the name, as "A" always has; a longer key shares its line with the status only. */
const INLINE_KEY_CHARS = 8;

/**
 * The key badge, the name with its facts, and the status. A long key (up to 64 characters) gets the first line
 * with the status and is cut short there (whole in its text and title), so the name below keeps the card's width
 * and the status stays in view: beside the name, such a key pushed both off a phone's screen.
 */
function CardHeader({ track }: { track: TrackView }) {
  const isKeyInline = track.key.length <= INLINE_KEY_CHARS;
  const badge = (
    <span
      className={`block h-7 truncate rounded-md px-1.5 text-center text-sm font-bold leading-7 text-white ${isKeyInline ? "min-w-7 shrink-0" : "min-w-0"}`}
      style={{ backgroundColor: trackBadgeColor(track.position) }}
      title={`Track ${track.key}, in this colour in the memory charts`}
      data-testid="track-key"
    >
      {track.key}
    </span>
  );
  const status = (
    <StatusBadge
      status={track.status}
      pausedBy={track.pausedBy}
      reason={track.pauseReason}
      className="ml-auto shrink-0"
    />
  );
  const title = (
    <div className="min-w-0 flex-1">
      <h3 className="font-semibold leading-tight wrap-anywhere" data-testid="track-name">
        {/* A 40 px tall target for a thumb without spreading the card out (the padding overlaps). */}
        <Link
          href={`/tracks/${encodeURIComponent(track.key)}`}
          className="relative inline-block -my-3 py-3 hover:underline"
        >
          {track.name}
        </Link>
      </h3>
      <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
        <span
          className={`rounded px-1.5 py-px font-medium ring-1 ring-inset ${PRIORITY_STYLE[track.priority]}`}
          data-testid="track-priority"
        >
          {track.priority}
        </span>
        <span>{track.tier}</span>
        {track.dependsOn.length > 0 && (
          <span className="min-w-0 wrap-anywhere">after {track.dependsOn.join(", ")}</span>
        )}
        {track.attempts > 1 && <span>attempt {track.attempts}</span>}
        {track.slurm && (
          <span
            className="min-w-0 wrap-anywhere"
            data-testid="track-slurm-job"
            title={`Slurm job ${track.slurm.jobId}: ${track.slurm.state}${track.slurm.nodes ? ` on ${track.slurm.nodes}` : ""}`}
          >
            Slurm job {track.slurm.jobId} · {track.slurm.state.toLowerCase()}
            {track.slurm.nodes ? ` on ${track.slurm.nodes}` : ""}
          </span>
        )}
      </p>
    </div>
  );
  if (isKeyInline)
    return (
      <header className="flex items-start gap-2" data-testid="track-card-header" data-key-layout="inline">
        {badge}
        {title}
        {status}
      </header>
    );
  // gap-3: the name link's 12 px of tap padding above it stays clear of the badge's line.
  return (
    <header className="flex flex-col gap-3" data-testid="track-card-header" data-key-layout="own-line">
      <div className="flex min-w-0 items-start gap-2">
        {badge}
        {status}
      </div>
      {title}
    </header>
  );
}

const REPORT_FLAG_STYLE: Record<ReportFlagTone, string> = {
  "at-risk": "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  blocked: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  past: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
};

/**
 * What the reports say is wrong: an at-risk or blocked status, and the open blockers' count and worst one. A
 * finished track's are said in the past ("was reported blocked"), in grey: nothing there to act on any more.
 */
function ReportFlags({ track }: { track: TrackView }) {
  const flag = describeReportFlag(track.status, track.reportStatus);
  const blockers = track.blockers;
  if (flag === null && blockers.length === 0) return null;
  const worst = mostSevere(blockers);
  return (
    <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-xs" data-testid="track-report-flags">
      {flag && (
        <span
          className={`rounded-full px-2 py-px font-medium ${REPORT_FLAG_STYLE[flag.tone]}`}
          data-testid="track-report-status"
          data-tone={flag.tone}
        >
          {flag.text}
        </span>
      )}
      {worst && (
        <span
          className="min-w-0 wrap-anywhere text-slate-700 dark:text-slate-200"
          data-testid="track-open-blockers"
        >
          {describeBlockerCount(track.status, blockers.length)}: {worst.blocker} ({worst.severity})
        </span>
      )}
    </p>
  );
}
