// The charts' text alternatives: each chart is one named image, and its name carries the figures a sighted lead
// reads off it (now, the peak, the zone lines), not only what it is a chart of.
import { formatBytes } from "@/lib/domain/units";
import { describeZoneLines, type ZoneBand } from "../common/zone-style";

/** "10 minutes", "1 minute", "90 seconds". */
export function describeWindow(windowMs: number): string {
  if (windowMs < 60_000 || windowMs % 60_000 !== 0) return `${Math.round(windowMs / 1000)} seconds`;
  const minutes = windowMs / 60_000;
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

const percent = (value: number) => `${Math.round(value)} %`;

/** One line of the timeline: its value at the newest sample and its highest in the window (null: not drawn). */
export type LineFigures = { now: number; peak: number } | null;

/**
 * "Memory used over the last 10 minutes: machine 52 % now, peak 61 %; RAM budget 40 % now, peak 55 %. Zone
 * lines: Yellow from 60 %, Orange from 75 %, Red from 85 %."
 */
export function describeMemoryTimeline(
  lines: { machine: LineFigures; budget: LineFigures },
  windowMs: number,
  bands: readonly ZoneBand[],
): string {
  const head = `Memory used over the last ${describeWindow(windowMs)}`;
  const zones = `Zone lines: ${describeZoneLines(bands)}.`;
  if (!lines.machine) return `${head}: no samples yet. ${zones}`;
  const figures = [
    `machine ${percent(lines.machine.now)} now, peak ${percent(lines.machine.peak)}`,
    ...(lines.budget
      ? [`RAM budget ${percent(lines.budget.now)} now, peak ${percent(lines.budget.peak)}`]
      : []),
  ];
  return `${head}: ${figures.join("; ")}. ${zones}`;
}

/** The newest value and the peak of one series (nulls are gaps: before the run's budget began). */
export function lineFigures(values: readonly (number | null)[]): LineFigures {
  let now: number | null = null;
  let peak = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value === null) continue;
    now = value;
    peak = Math.max(peak, value);
  }
  return now === null ? null : { now, peak };
}

/** How many tracks the stacked chart's name lists by name before "and N more". */
const LISTED_TRACKS = 5;

/**
 * "Memory per track, stacked, over the last 10 minutes: now A Parser 120 MB, B Docs 40 MB, 160 MB in all of a
 * 300 MB budget; peak 210 MB in all." `latest` is the newest row's bytes by track label.
 */
export function describeTrackMemory(
  latest: readonly { label: string; bytes: number }[] | null,
  peakBytes: number,
  windowMs: number,
  budgetBytes: number | null | undefined,
): string {
  const head = `Memory per track, stacked, over the last ${describeWindow(windowMs)}`;
  if (!latest) return `${head}: no track has held memory in this window.`;
  const holding = latest.filter((t) => t.bytes > 0).sort((a, b) => b.bytes - a.bytes);
  const total = holding.reduce((sum, t) => sum + t.bytes, 0);
  const named = holding.slice(0, LISTED_TRACKS).map((t) => `${t.label} ${formatBytes(t.bytes)}`);
  if (holding.length > LISTED_TRACKS) named.push(`and ${holding.length - LISTED_TRACKS} more`);
  const now = holding.length === 0 ? "no track holds memory" : named.join(", ");
  const budget = budgetBytes ? ` of a ${formatBytes(budgetBytes)} budget` : "";
  return `${head}: now ${now}, ${formatBytes(total)} in all${budget}; peak ${formatBytes(peakBytes)} in all.`;
}
