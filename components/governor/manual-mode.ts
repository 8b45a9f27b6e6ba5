// What switching the governor to manual mode does at once, worded for the lead before they confirm. Manual mode
// (lib/domain/governor/governor-manual.ts) starts ready tracks in plan order within the concurrency limit
// and never pauses, resumes or requeues for memory.
import { formatBytes } from "@/lib/domain/units";
import type { TrackView } from "@/lib/domain/views";
import { joinWords } from "../common/words";

type Track = Pick<TrackView, "key" | "status" | "position" | "estimateBytes" | "pausedBy">;

/** The ready tracks manual mode starts right away, in plan order, while slots are free. */
export function manualModeStarts<T extends Track>(tracks: readonly T[], maxConcurrent: number): T[] {
  const running = tracks.filter((t) => t.status === "running").length;
  return tracks
    .filter((t) => t.status === "ready")
    .sort((a, b) => a.position - b.position)
    .slice(0, Math.max(0, maxConcurrent - running));
}

/** "B (1.2 GB)", "E (no estimate)". */
export function nameWithEstimate(track: Pick<TrackView, "key" | "estimateBytes">): string {
  return `${track.key} (${track.estimateBytes === null ? "no estimate" : formatBytes(track.estimateBytes)})`;
}

/**
 * The dialog's sentences: what manual mode is, what starts now ("B (1.2 GB) will start now"), and what stays as
 * it is. Without the limit (an older server) it names the order instead of promising a start.
 */
export function describeManualMode(tracks: readonly Track[], maxConcurrent: number | null): string[] {
  const lines = [
    maxConcurrent === null
      ? "Memory will no longer pause, resume or requeue tracks: ready tracks start in plan order within the concurrency limit, whatever the zone. Alerts still fire."
      : `Memory will no longer pause, resume or requeue tracks: ready tracks start in plan order within the concurrency limit of ${maxConcurrent}, whatever the zone. Alerts still fire.`,
  ];
  const ready = tracks.filter((t) => t.status === "ready").sort((a, b) => a.position - b.position);
  if (ready.length === 0) {
    lines.push("No track is ready to start, so nothing starts now.");
  } else if (maxConcurrent === null) {
    lines.push(`Ready now, in the order they would start: ${joinWords(ready.map(nameWithEstimate))}.`);
  } else {
    const starts = manualModeStarts(tracks, maxConcurrent);
    const running = tracks.filter((t) => t.status === "running").length;
    if (starts.length > 0) lines.push(`${joinWords(starts.map(nameWithEstimate))} will start now.`);
    else
      lines.push(
        `Nothing starts now: ${running} of ${maxConcurrent} slots are taken; ${nameWithEstimate(ready[0] as Track)} starts when one frees.`,
      );
    const waiting = ready.slice(starts.length);
    if (starts.length > 0 && waiting.length > 0)
      lines.push(`${joinWords(waiting.map(nameWithEstimate))} will wait for a free slot.`);
  }
  if (tracks.some((t) => t.status === "paused" && t.pausedBy === "governor"))
    lines.push("Tracks the governor paused stay paused until you resume them.");
  return lines;
}
