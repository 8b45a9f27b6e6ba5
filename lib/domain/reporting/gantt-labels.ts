// The Gantt in words, pure: accessible names of its bars and marks and the paragraph a screen reader reads
// for the whole chart.

import type { TrackSchedule } from "../planner/planner";
import type { TrackView } from "../views";
import type { ActualRow, AttemptBar, BarEnding, BarSegment } from "./gantt-actual-bars";
import type { Forecast } from "./gantt-forecast";
import { formatOffset } from "./gantt-scale";

const ENDING_WORDS: Record<BarEnding, string> = {
  open: "ongoing",
  completed: "completed",
  failed: "failed",
  interrupted: "interrupted",
  stopped: "stopped",
  requeued: "requeued",
  restarted: "restarted",
  swapped: "model swapped",
  // The lead's pause that ends the agents (attempt-ending.ts): not a requeue, though another attempt follows.
  checkpointed: "paused by the lead, memory freed",
};

/** "Track A planned 0:00–2:30". */
export function plannedBarLabel(key: string, startMs: number, endMs: number, critical = false): string {
  return `Track ${key} planned ${formatOffset(startMs)}–${formatOffset(endMs)}${critical ? " (critical path)" : ""}`;
}

/** "Track A actual running 0:00–1:10", "Track A actual paused by lead 1:10–1:30 (attempt 2, ongoing)". */
export function actualSegmentLabel(
  key: string,
  segment: BarSegment,
  attempt: AttemptBar,
  attempts: number,
): string {
  const state =
    segment.kind === "paused" ? `paused${segment.pausedBy ? ` by ${segment.pausedBy}` : ""}` : "running";
  const notes: string[] = [];
  if (attempts > 1) notes.push(`attempt ${attempt.attempt}`);
  if (segment.isOpen) notes.push("ongoing");
  else if (segment === attempt.segments.at(-1) && attempt.ending !== "open")
    notes.push(ENDING_WORDS[attempt.ending]);
  const suffix = notes.length > 0 ? ` (${notes.join(", ")})` : "";
  return `Track ${key} actual ${state} ${formatOffset(segment.startMs)}–${formatOffset(segment.endMs)}${suffix}`;
}

/** The word for how an attempt ended, for the table beside the chart. */
export function describeEnding(ending: BarEnding): string {
  return ENDING_WORDS[ending];
}

/** "Track A forecast finish 3:40 (55 % in 1:20 of running time)". */
export function forecastLabel(key: string, forecast: Forecast): string {
  const basis =
    forecast.method === "progress"
      ? `${Math.round(forecast.progress)} % in ${formatOffset(forecast.activeMs)} of running time`
      : "from the plan's estimate";
  return `Track ${key} forecast finish ${formatOffset(forecast.finishMs)} (${basis}${forecast.isPaused ? ", if resumed now" : ""})`;
}

/** One paragraph a screen reader reads for the whole chart. */
export function describeGantt(input: {
  runName: string;
  tracks: readonly Pick<TrackView, "key" | "status" | "progress" | "pausedBy">[];
  schedule: Pick<TrackSchedule, "makespanMs" | "pessimisticMakespanMs"> | null;
  rows: ReadonlyMap<string, ActualRow>;
  forecasts: ReadonlyMap<string, Forecast>;
  nowMs: number;
  isLive: boolean;
}): string {
  const parts: string[] = [`Gantt of run "${input.runName}": ${input.tracks.length} track(s)`];
  if (input.schedule) {
    const worst =
      input.schedule.pessimisticMakespanMs > input.schedule.makespanMs
        ? ` (${formatOffset(input.schedule.pessimisticMakespanMs)} at worst)`
        : "";
    parts.push(`planned to finish at ${formatOffset(input.schedule.makespanMs)}${worst}`);
  }
  parts.push(`${input.isLive ? "elapsed" : "took"} ${formatOffset(input.nowMs)}`);
  const perTrack = input.tracks.map((t) => {
    const row = input.rows.get(t.key);
    const attempts = row?.attempts.length ?? 0;
    const pauses = row?.attempts.flatMap((a) => a.segments).filter((s) => s.kind === "paused").length ?? 0;
    const bits = [`${t.key} ${t.status}${t.status === "paused" && t.pausedBy ? ` by ${t.pausedBy}` : ""}`];
    if (t.status === "running" || t.status === "paused") bits.push(`${Math.round(t.progress)} %`);
    if (pauses > 0) bits.push(`paused ${pauses} time${pauses === 1 ? "" : "s"}`);
    if (attempts > 1) bits.push(`${attempts} attempts`);
    const forecast = input.forecasts.get(t.key);
    if (forecast) bits.push(`forecast finish ${formatOffset(forecast.finishMs)}`);
    return bits.join(", ");
  });
  const ends = [...input.forecasts.values()].map((f) => f.finishMs);
  if (input.isLive && ends.length > 0) parts.push(`forecast to finish at ${formatOffset(Math.max(...ends))}`);
  return `${parts.join(", ")}. ${perTrack.join("; ")}.`;
}
