// The live log tail's buffer (bounded by components/data/append-bounded), joined to the loaded tail without
// showing a line twice.
import type { LogLine } from "@/lib/domain/views";

/** Lines kept in the browser per track; older ones fall off the top. */
export const LOG_BUFFER_MAX = 1000;

/**
 * Live lines received while the tail was loading, minus those the tail already holds.
 * We subscribe before reading the tail, so the tail's last lines of an agent may arrive live too;
 * per agent, the longest run of tail-ending lines that the live lines start with is dropped.
 */
export function dropOverlap(tail: readonly LogLine[], live: readonly LogLine[]): LogLine[] {
  const dropped = new Set<LogLine>();
  for (const agent of new Set(live.map((l) => l.agent))) {
    const tailLines = tail.filter((l) => l.agent === agent).map((l) => l.line);
    const liveOfAgent = live.filter((l) => l.agent === agent);
    const overlap = longestOverlap(
      tailLines,
      liveOfAgent.map((l) => l.line),
    );
    for (const line of liveOfAgent.slice(0, overlap)) dropped.add(line);
  }
  return live.filter((l) => !dropped.has(l));
}

/** The largest k such that the last k of `end` equal the first k of `start`. */
function longestOverlap(end: readonly string[], start: readonly string[]): number {
  for (let k = Math.min(end.length, start.length); k > 0; k--) {
    let same = true;
    for (let i = 0; i < k && same; i++) same = end[end.length - k + i] === start[i];
    if (same) return k;
  }
  return 0;
}

/** A progress directive such as "::progress 40" (the agent protocol), shown highlighted. */
export function isDirectiveLine(line: string): boolean {
  return line.trimStart().startsWith("::");
}
