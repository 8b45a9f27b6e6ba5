// `paratrack report`: an agent's (or the lead's) progress report for one track, POSTed to the running server as
// the seed's daily-status fields. Bad input exits 2 before anything is sent; a refusal by the server exits 1.
import { Command } from "commander";
import {
  BLOCKER_SEVERITIES,
  parseDailyStatus,
  REPORT_STATUSES,
} from "../../lib/domain/coordination/daily-status";
import type { TrackView } from "../../lib/domain/views";
import { askServer } from "./ask-server";
import { statusBaseUrl } from "./status";

export type ReportCommandOptions = {
  track?: string;
  agent?: string;
  progress?: string;
  status?: string;
  done?: string[];
  next?: string[];
  blocker?: string[];
  lesson?: string[];
  url?: string;
};

/** The request `paratrack report` sends. */
export type ReportRequest = {
  url: string;
  headers: Record<string, string>;
  body: {
    track: string;
    agent?: string;
    progress_percent?: number;
    status?: string;
    completed_today?: string[];
    planned_tomorrow?: string[];
    blockers?: { blocker: string; severity: string; resolution_plan: string | null }[];
    lessons?: string[];
  };
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** "high:text" or "high:text|resolution plan" → a blocker; null when the severity is not one of the four. */
export function parseBlockerOption(
  value: string,
): { blocker: string; severity: string; resolution_plan: string | null } | { error: string } {
  const colon = value.indexOf(":");
  const severity = colon === -1 ? "" : value.slice(0, colon).trim().toLowerCase();
  if (!(BLOCKER_SEVERITIES as readonly string[]).includes(severity)) {
    return {
      error: `--blocker "${value}": expected <severity>:<text>[|<resolution plan>] with severity ${BLOCKER_SEVERITIES.join(", ")}`,
    };
  }
  const rest = value.slice(colon + 1);
  const bar = rest.indexOf("|");
  const blocker = (bar === -1 ? rest : rest.slice(0, bar)).trim();
  const plan = bar === -1 ? "" : rest.slice(bar + 1).trim();
  if (blocker === "") return { error: `--blocker "${value}": the blocker's text is empty` };
  return { blocker, severity, resolution_plan: plan === "" ? null : plan };
}

/** Turns the flags (and PARATRACK_* variables) into the request, or the usage error to print (exit 2). */
export function buildReportRequest(
  options: ReportCommandOptions,
  env: Record<string, string | undefined>,
): ReportRequest | { error: string } {
  const track = (options.track ?? env.PARATRACK_TRACK ?? "").trim();
  if (track === "") return { error: "no track: pass --track <key> or set PARATRACK_TRACK" };
  const body: ReportRequest["body"] = { track };
  const agent = options.agent ?? env.PARATRACK_AGENT;
  if (agent) body.agent = agent;
  if (options.progress !== undefined) {
    const text = options.progress.trim().replace(/%$/, "");
    const progress = Number(text);
    if (text === "" || !Number.isFinite(progress) || progress < 0 || progress > 100)
      return { error: `--progress: expected a number from 0 to 100, got "${options.progress}"` };
    body.progress_percent = progress;
  }
  if (options.status !== undefined) {
    if (!(REPORT_STATUSES as readonly string[]).includes(options.status))
      return { error: `--status: expected one of ${REPORT_STATUSES.join(", ")}, got "${options.status}"` };
    body.status = options.status;
  }
  const done = options.done ?? [];
  const next = options.next ?? [];
  const blockers = options.blocker ?? [];
  if (done.length > 0) body.completed_today = done;
  if (next.length > 0) body.planned_tomorrow = next;
  if ((options.lesson ?? []).length > 0) body.lessons = options.lesson;
  if (blockers.length > 0) {
    body.blockers = [];
    for (const value of blockers) {
      const parsed = parseBlockerOption(value);
      if ("error" in parsed) return parsed;
      body.blockers.push(parsed);
    }
  }
  if (Object.keys(body).every((k) => k === "track" || k === "agent"))
    return { error: "nothing to report: give --progress, --status, --done, --next, --blocker or --lesson" };
  // The server's own check, so a report the server would refuse is never sent.
  const checked = parseDailyStatus(body);
  if (!checked.ok) return { error: checked.errors.map((e) => `${e.path}: ${e.message}`).join("; ") };

  // The server last: a bad argument is named whether or not a server is there (or named at all).
  const base = statusBaseUrl(options.url?.trim(), env);
  let endpoint: URL;
  try {
    endpoint = new URL(`${base}/api/tracks/${encodeURIComponent(track)}/report`);
  } catch {
    return { error: `--url: "${base}" is not a URL` };
  }
  if (endpoint.protocol !== "http:" && endpoint.protocol !== "https:")
    return { error: `--url: expected an http(s) URL, got "${base}"` };

  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-paratrack-source": "cli",
  };
  // Agents get their track's report-only token; a lead reporting from a shell uses the server's token.
  const token = env.PARATRACK_TOKEN || env.PARATRACK_REPORT_TOKEN;
  if (token) headers.authorization = `Bearer ${token}`;
  return { url: endpoint.toString(), headers, body };
}

export function createReportCommand(): Command {
  return new Command("report")
    .description("report a track's progress to the running Paratrack server")
    .option("--track <key>", "the track (default PARATRACK_TRACK)")
    .option("--agent <name>", "the reporting agent (default PARATRACK_AGENT)")
    .option("--progress <percent>", "progress from 0 to 100")
    .option("--status <status>", `one of ${REPORT_STATUSES.join(", ")}`)
    .option("--done <text>", "completed today (repeatable)", collect)
    .option("--next <text>", "planned next (repeatable)", collect)
    .option(
      "--blocker <severity:text>",
      `a blocker, e.g. "high:waiting for API keys|ask ops" (severity ${BLOCKER_SEVERITIES.join(", ")}; repeatable)`,
      collect,
    )
    .option("--lesson <text>", "a lesson learned, for the track's handoff documents (repeatable)", collect)
    .option("--url <url>", "the server (default PARATRACK_URL or http://127.0.0.1:$PORT)")
    .action(async (options: ReportCommandOptions) => {
      process.exitCode = await sendReport(options, process.env);
    });
}

/** Sends the report and prints the outcome; returns the exit code (0 sent, 1 refused, 2 bad input or unreachable). */
export async function sendReport(
  options: ReportCommandOptions,
  env: Record<string, string | undefined>,
): Promise<number> {
  const request = buildReportRequest(options, env);
  if ("error" in request) {
    console.error(`paratrack report: ${request.error}`);
    return 2;
  }
  const answer = await askServer(request.url, {
    method: "POST",
    headers: request.headers,
    body: JSON.stringify(request.body),
  });
  if (answer.kind === "unreachable") {
    console.error(`paratrack report: cannot reach ${request.url}: ${answer.reason}`);
    return 2;
  }
  if (answer.kind === "refused") {
    console.error(`paratrack report: the server refused the report (${answer.status}): ${answer.message}`);
    return 1;
  }
  const text = answer.text;
  try {
    const track = JSON.parse(text) as TrackView;
    console.log(
      `Reported to track ${track.key}: ${track.status}, ${Math.round(track.progress)}%${track.reportStatus ? `, ${track.reportStatus}` : ""}`,
    );
  } catch {
    console.log(`Reported to track ${request.body.track}`);
  }
  return 0;
}
