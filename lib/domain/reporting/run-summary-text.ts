// The run summary as the lines `paratrack run --headless` prints at the end without --json. Pure.
import type { Zone } from "../types";
import { formatBytes, formatDuration } from "../units";
import type { RunSummary } from "./run-summary";

/**
 * A track's quality gate in the summary's line. "skipped" is a track without a test command, in the dashboard's
 * words (components/tracks/test-status.ts, which lib/ cannot import), not a gate that was passed over.
 */
function testWords(status: NonNullable<RunSummary["tracks"][number]["testStatus"]>): string {
  return status === "skipped" ? "no test in the plan" : `test ${status}`;
}

/** The human summary printed at the end without --json. */
export function formatSummaryText(summary: RunSummary): string[] {
  const t = summary.totals;
  const keyWidth = Math.max(3, ...summary.tracks.map((k) => k.key.length));
  const lines = [
    `Run "${summary.run.name}" ${summary.run.status} in ${formatDuration(summary.run.wallMs)}`,
    ...summary.tracks.map((k) =>
      [
        `  ${k.key.padEnd(keyWidth)}`,
        k.status.padEnd(9),
        (k.durationMs === null ? "-" : formatDuration(k.durationMs)).padStart(7),
        `peak ${formatBytes(k.peakBytes)}`.padEnd(14),
        `exit ${k.exitCodes.length ? k.exitCodes.map((c, i) => c ?? k.signals[i] ?? "?").join(",") : "-"}`,
        k.testStatus ? testWords(k.testStatus) : "",
      ]
        .join("  ")
        .trimEnd(),
    ),
  ];
  // A failed track: where its log is and what it last said on stderr, so the reader need not go looking.
  for (const k of summary.tracks) {
    if (!k.failure) continue;
    lines.push(`${k.key} failed; log: ${k.failure.logPaths.join(", ") || "-"}`);
    if (k.failure.stderrTail.length > 0) {
      lines.push(`  last stderr lines:`);
      for (const line of k.failure.stderrTail) lines.push(`  | ${line}`);
    } else lines.push("  (nothing on stderr)");
  }
  if (t.makespanMs !== null)
    lines.push(
      `Makespan ${formatDuration(t.makespanMs)} vs ${formatDuration(t.sumOfTrackDurationsMs)} one after another` +
        ` (${t.sequentialBasis === "running-time" ? "sum of the completed tracks' running times" : "sum of wall times, pauses and queueing included"})` +
        `${t.timeSavedPercent !== null ? `: ${t.timeSavedPercent}% saved` : summary.ok ? "" : ": no time saved figure (not every track completed)"}`,
    );
  const zones: Zone[] = t.zonesSeen;
  lines.push(
    `Peak memory ${formatBytes(t.peakMemoryBytes)} (${t.peakMemoryPercent.toFixed(1)}% of the ${t.memoryBasis === "budget" && t.budgetBytes ? `budget ${formatBytes(t.budgetBytes)}` : "machine"}); zones seen: ${zones.join(", ") || "-"}`,
  );
  const kinds = Object.entries(summary.governor.byKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
  const { pauses, requeues } = summary.governor.corrections;
  lines.push(
    `Governor: ${summary.governor.decisions} decision(s)${kinds ? ` (${kinds})` : ""}; corrections: ${pauses} pause(s), ${requeues} stop-and-requeue(s)`,
  );
  return lines;
}
