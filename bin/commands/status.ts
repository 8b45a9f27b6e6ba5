// `paratrack status`: the current run of a running server (GET /api/runs/current) as a table, or as JSON.

import { Command } from "commander";
import { mostSevere } from "../../lib/domain/coordination/blockers";
import { formatBytes, formatDuration } from "../../lib/domain/units";
import type { RunView, TrackView } from "../../lib/domain/views";
import { withSlurmQueue } from "../../lib/executors/slurm/job-state";
import { askServer } from "./ask-server";
import { terminalSafe } from "./terminal-text";

export type CurrentRun = RunView & { tracks: TrackView[] };

/** The server every command talks to: --url, else PARATRACK_URL, else this machine's on PORT (default 3000). */
export function statusBaseUrl(url: string | undefined, env: Record<string, string | undefined>): string {
  const base = url ?? env.PARATRACK_URL ?? `http://127.0.0.1:${env.PORT || 3000}`;
  return base.replace(/\/+$/, "");
}

/** The run's headline and one row per track, columns aligned. */
export function formatStatusTable(run: CurrentRun, now: number): string[] {
  const since = Date.parse(run.startedAt);
  const until = run.endedAt ? Date.parse(run.endedAt) : now;
  const lines = [
    `Run "${terminalSafe(run.name)}" ${run.status}, ${run.endedAt ? "took" : "for"} ${formatDuration(Math.max(0, until - since))}${run.budgetBytes ? `, RAM budget ${formatBytes(run.budgetBytes)}` : ""}`,
  ];
  const header = ["TRACK", "NAME", "STATUS", "PROGRESS", "RAM", "PEAK", "MODEL", "NOTE"];
  const rows = run.tracks.map((t) => [
    t.key,
    t.name.length > 32 ? `${t.name.slice(0, 31)}…` : t.name,
    t.status === "paused" && t.pausedBy ? `paused (${t.pausedBy})` : withSlurmQueue(t.status, t.slurm),
    `${Math.round(t.progress)}%${t.reportStatus ? ` ${t.reportStatus}` : ""}`,
    t.currentBytes > 0 ? formatBytes(t.currentBytes) : "-",
    t.peakBytes > 0 ? formatBytes(t.peakBytes) : "-",
    t.modelInForce ?? "-",
    noteFor(t, run.tracks),
  ]);
  lines.push(...alignColumns(header, rows));
  return lines;
}

/** The header and rows as the CLI's tables show them: each column as wide as its widest cell, two spaces apart. */
export function alignColumns(header: readonly string[], given: readonly string[][]): string[] {
  // Cells carry agents' and the plan's words: shown, not obeyed, by the terminal.
  const rows = given.map((row) => row.map(terminalSafe));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [format(header), ...rows.map(format)];
}

function noteFor(t: TrackView, tracks: readonly TrackView[]): string {
  if (t.status === "pending") {
    // Pending: waiting on dependencies that have not completed yet.
    const open = t.dependsOn.filter((key) => tracks.find((o) => o.key === key)?.status !== "completed");
    if (open.length > 0) return `waits for ${open.join(", ")}`;
  }
  if (t.pauseReason && t.status === "paused") return t.pauseReason;
  if (t.waitReason) return t.waitReason;
  // The most severe open blocker (critical > high > medium > low; the latest of those), as the track card shows it.
  const worst = mostSevere(t.blockers);
  if (worst) {
    const more = t.blockers.length - 1;
    return `blocker (${worst.severity}): ${worst.blocker}${more > 0 ? ` (+${more} more)` : ""}`;
  }
  if (t.exitSummary && (t.status === "failed" || t.status === "stopped")) return t.exitSummary;
  if (t.testStatus && t.testStatus !== "skipped") return `test ${t.testStatus}`;
  return "";
}

export function createStatusCommand(): Command {
  return new Command("status")
    .description("show the tracks of the running server's current run")
    .option("--url <url>", "the server (default PARATRACK_URL or http://127.0.0.1:$PORT)")
    .option("--json", "print the run and its tracks as JSON")
    .action(async (options: { url?: string; json?: boolean }) => {
      process.exitCode = await showStatus(options, process.env);
    });
}

/** Fetches and prints the current run; returns the exit code (0 shown, 1 no run or refused, 2 unreachable). */
export async function showStatus(
  options: { url?: string; json?: boolean },
  env: Record<string, string | undefined>,
): Promise<number> {
  const url = `${statusBaseUrl(options.url, env)}/api/runs/current`;
  const headers: Record<string, string> = {};
  if (env.PARATRACK_TOKEN) headers.authorization = `Bearer ${env.PARATRACK_TOKEN}`;
  const answer = await askServer(url, { headers });
  if (answer.kind === "unreachable") {
    console.error(`paratrack status: cannot reach ${url}: ${answer.reason}`);
    return 2;
  }
  if (answer.kind === "refused") {
    console.error(`paratrack status: ${answer.message} (${answer.status})`);
    return 1;
  }
  const text = answer.text;
  let run: CurrentRun;
  try {
    run = JSON.parse(text) as CurrentRun;
  } catch {
    console.error(`paratrack status: ${url} did not answer JSON`);
    return 1;
  }
  if (options.json) console.log(JSON.stringify(run, null, 2));
  else for (const line of formatStatusTable(run, Date.now())) console.log(line);
  return 0;
}
