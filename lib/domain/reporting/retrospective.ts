// The seed's phase 5 retrospective document as Markdown: metrics vs target, planned vs actual, decisions, lessons. Pure.

import { formatSpend } from "../agents/agent-cost";
import { addUsageTotals, NO_USAGE, totalTokensOf, type UsageTotals } from "../agents/usage-totals";
import type { PausedBy, TrackStatus } from "../types";
import { formatBytes, formatDuration } from "../units";
import { describeHold, describeOutages, type RetrospectiveOutage } from "./database-outages";
import {
  formatMetricValue,
  type Instant,
  listMetrics,
  type MetricStatus,
  type RunMetrics,
  toEpochMs,
} from "./metrics";
import { describePauseEnding, type PauseEnding, pauseLength } from "./pause-ending";

/** The seed's retrospective questions: what worked well, improvement opportunities, lessons learned. */
export type RetroSection = "worked-well" | "improvements" | "lessons";
export const RETRO_SECTIONS: readonly RetroSection[] = ["worked-well", "improvements", "lessons"];

export type TrackTestResult = "passed" | "failed" | "not-run" | "no-test";

export type RetrospectiveTrack = {
  key: string;
  name?: string | null;
  plannedStart: Instant | null;
  plannedEnd: Instant | null;
  actualStart: Instant | null;
  actualEnd: Instant | null;
  /** Running time of its latest attempt (pauses excluded; the one that counts against the plan); null: never ran. */
  durationMs: number | null;
  /** Attempts made, and their running time together (a requeued or restarted track spent more than its last). */
  attempts?: { count: number; runningMs: number };
  peakRamBytes: number | null;
  estimateRamBytes: number | null;
  status: TrackStatus;
  testResult: TrackTestResult;
  /** Tokens and dollars of its agents over every attempt; absent or empty: none reported. */
  usage?: UsageTotals;
};

export type RetrospectiveDecision = { at: Instant; action: string; trackKey: string | null; reason: string };

export type RetrospectivePause = {
  trackKey: string;
  pausedAt: Instant;
  /** When the pause ended (resumed, or the attempt ended while paused); null when it never did. */
  endedAt: Instant | null;
  ending: PauseEnding | null;
  by: PausedBy;
  reason: string;
};

export type RetrospectiveInput = {
  run: { name: string; startedAt: Instant; endedAt: Instant | null };
  metrics: RunMetrics;
  tracks: readonly RetrospectiveTrack[];
  decisions: readonly RetrospectiveDecision[];
  pauses: readonly RetrospectivePause[];
  /** The database's outages during the run (a section of their own when there were any). */
  outages?: readonly RetrospectiveOutage[];
  entries: readonly { section: RetroSection; text: string }[];
};

/** Renders the run's retrospective document as Markdown. */
export function renderRetrospectiveMarkdown(input: RetrospectiveInput): string {
  const blocks = [
    `# Retrospective: ${inline(input.run.name)}`,
    renderSummary(input),
    "## Success metrics",
    renderMetrics(input.metrics),
    "## Planned vs actual",
    renderTracks(input.tracks),
    "## Pauses",
    renderPauses(input.pauses),
    ...(input.outages && input.outages.length > 0
      ? ["## Database outages", renderOutages(input.outages)]
      : []),
    "## Decisions",
    renderDecisions(input.decisions),
    ...RETRO_SECTIONS.flatMap((section) => [
      `## ${sectionTitle(section)}`,
      renderEntries(input.entries, section),
    ]),
  ];
  return `${blocks.join("\n\n")}\n`;
}

export function sectionTitle(section: RetroSection): string {
  switch (section) {
    case "worked-well":
      return "What worked well";
    case "improvements":
      return "Improvement opportunities";
    case "lessons":
      return "Lessons learned";
  }
}

function renderSummary({ run, metrics, tracks, decisions, outages }: RetrospectiveInput): string {
  const counts = countBy(tracks.map((t) => t.status));
  const statusText = [...counts].map(([status, n]) => `${n} ${status}`).join(", ");
  const pauses = decisions.filter((d) => d.action === "pause").length;
  const requeues = decisions.filter((d) => d.action === "stop-requeue").length;
  return [
    `- Started: ${formatInstant(run.startedAt)}`,
    `- Ended: ${run.endedAt === null ? "still running" : formatInstant(run.endedAt)}`,
    `- Elapsed: ${formatDuration(metrics.makespanMs)} from the first track's start to the last one's end (${formatDuration(metrics.sequentialMs)} of the completed tracks' running time one after another, pauses and queueing excluded)`,
    `- Tracks: ${tracks.length}${statusText ? ` (${statusText})` : ""}`,
    `- Governor corrections: ${pauses} pause${pauses === 1 ? "" : "s"}, ${requeues} stop-and-requeue${requeues === 1 ? "" : "s"}`,
    ...usageLine(tracks),
    ...(outages && outages.length > 0 ? [`- Database: ${describeOutages(outages)}`] : []),
  ].join("\n");
}

/** The run's tokens and dollars, when any agent reported them. */
function usageLine(tracks: readonly RetrospectiveTrack[]): string[] {
  const total = tracks.reduce((sum, t) => addUsageTotals(sum, t.usage ?? NO_USAGE), NO_USAGE);
  if (total.tokens === null && total.spend === null) return [];
  return [`- Agents' usage: ${formatUsage(total)}`];
}

/** "66,491 tokens, $0.039", "12,000 tokens, unknown", "—" when nothing was reported. */
export function formatUsage(usage: UsageTotals | undefined): string {
  if (!usage || (usage.tokens === null && usage.spend === null)) return "—";
  const tokens = totalTokensOf(usage);
  const parts = [
    tokens === null ? null : `${tokens.toLocaleString("en-US")} tokens`,
    usage.spend === null ? null : formatSpend(usage.spend),
  ];
  return parts.filter((part) => part !== null).join(", ");
}

function renderMetrics(metrics: RunMetrics): string {
  return table(
    ["Metric", "Value", "Target", "Threshold", "Status", "Notes"],
    listMetrics(metrics).map((m) => [
      m.label,
      formatMetricValue(m),
      m.target,
      m.threshold,
      statusWord(m.status),
      m.note,
    ]),
  );
}

function renderTracks(tracks: readonly RetrospectiveTrack[]): string {
  if (tracks.length === 0) return NONE;
  return table(
    [
      "Track",
      "Planned start",
      "Planned end",
      "Actual start",
      "Actual end",
      "Duration",
      "Peak RAM / estimate",
      "Tokens, cost",
      "Status",
      "Tests",
    ],
    tracks.map((t) => [
      t.name ? `${t.key} — ${t.name}` : t.key,
      formatMaybe(t.plannedStart),
      formatMaybe(t.plannedEnd),
      formatMaybe(t.actualStart),
      formatMaybe(t.actualEnd),
      formatTrackDuration(t),
      formatRam(t.peakRamBytes, t.estimateRamBytes),
      formatUsage(t.usage),
      t.status,
      testWord(t.testResult),
    ]),
  );
}

function renderPauses(pauses: readonly RetrospectivePause[]): string {
  if (pauses.length === 0) return NONE;
  return table(
    ["Track", "Paused", "Ended", "Paused for", "How it ended", "By", "Reason"],
    pauses.map((p) => [
      p.trackKey,
      formatInstant(p.pausedAt),
      p.endedAt === null ? "—" : formatInstant(p.endedAt),
      pauseLength(p) ?? "—",
      describePauseEnding(p.ending),
      p.by,
      p.reason,
    ]),
  );
}

/** Each outage: when, how long, what its return wrote or lost, and whose start it held back. */
function renderOutages(outages: readonly RetrospectiveOutage[]): string {
  return table(
    ["From", "To", "Down for", "Writes made after", "Lost", "Held back", "Error"],
    outages.map((o) => [
      formatInstant(o.from),
      o.to === null ? "not back before the run ended" : formatInstant(o.to),
      o.downMs === null ? "—" : formatDuration(o.downMs),
      o.written === null ? "—" : String(o.written),
      o.dropped + o.failed === 0
        ? o.to === null
          ? "—"
          : "nothing"
        : [
            o.dropped > 0 ? `${o.dropped} dropped (memory samples first)` : "",
            o.failed > 0 ? `${o.failed} refused` : "",
          ]
            .filter(Boolean)
            .join(", "),
      o.heldBack.length === 0 ? "—" : `started late: ${o.heldBack.map(describeHold).join(", ")}`,
      o.error ?? "—",
    ]),
  );
}

function renderDecisions(decisions: readonly RetrospectiveDecision[]): string {
  if (decisions.length === 0) return NONE;
  const ordered = [...decisions].sort((a, b) => toEpochMs(a.at) - toEpochMs(b.at));
  return table(
    ["Time", "Action", "Track", "Reason"],
    ordered.map((d) => [formatInstant(d.at), d.action, d.trackKey ?? "—", d.reason]),
  );
}

function renderEntries(entries: RetrospectiveInput["entries"], section: RetroSection): string {
  const lines = entries
    .filter((e) => e.section === section && e.text.trim() !== "")
    .map((e) => `- ${inline(e.text)}`);
  return lines.length > 0 ? lines.join("\n") : NONE;
}

const NONE = "_None recorded._";

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `| ${header.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** A table cell: one line, pipes escaped, never empty. */
function cell(text: string): string {
  const t = inline(text).replace(/\|/g, "\\|");
  return t === "" ? "—" : t;
}

function inline(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, " ").trim();
}

/** "2025-10-05 14:03 UTC": stable whatever the reader's time zone. */
export function formatInstant(instant: Instant): string {
  const ms = toEpochMs(instant);
  if (!Number.isFinite(ms)) return "—";
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function formatMaybe(instant: Instant | null): string {
  return instant === null ? "—" : formatInstant(instant);
}

function formatTrackDuration(t: RetrospectiveTrack): string {
  const planned =
    t.plannedStart !== null && t.plannedEnd !== null
      ? toEpochMs(t.plannedEnd) - toEpochMs(t.plannedStart)
      : null;
  if (t.durationMs === null) return planned === null ? "—" : `— (planned ${formatDuration(planned)})`;
  if (planned === null || planned <= 0) return `${formatDuration(t.durationMs)}${formatAttempts(t)}`;
  const change = Math.round((t.durationMs / planned - 1) * 100);
  const sign = change > 0 ? "+" : "";
  return `${formatDuration(t.durationMs)} (planned ${formatDuration(planned)}, ${sign}${change} %)${formatAttempts(t)}`;
}

/** ", 2 attempts: 1m 36s in all" when the track ran more than once; else nothing. */
export function formatAttempts(t: Pick<RetrospectiveTrack, "attempts">): string {
  const attempts = t.attempts;
  if (attempts === undefined || attempts.count < 2) return "";
  return `, ${attempts.count} attempts: ${formatDuration(attempts.runningMs)} in all`;
}

function formatRam(peak: number | null, estimate: number | null): string {
  if (peak === null) return estimate === null ? "—" : `— / ${formatBytes(estimate)}`;
  if (estimate === null || estimate <= 0) return `${formatBytes(peak)} / no estimate`;
  return `${formatBytes(peak)} / ${formatBytes(estimate)} (${Math.round((peak / estimate) * 100)} %)`;
}

function statusWord(status: MetricStatus): string {
  switch (status) {
    case "met":
      return "met";
    case "warn":
      return "near target";
    case "fail":
      return "failed";
    case "no-data":
      return "no data";
  }
}

function testWord(result: TrackTestResult): string {
  switch (result) {
    case "passed":
      return "passed";
    case "failed":
      return "failed";
    case "not-run":
      return "not run";
    case "no-test":
      return "no test";
  }
}

function countBy<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
