// `paratrack track <action> <key>`: the dashboard's track buttons from a terminal, as pm2's stop and restart are:
// pause (SIGSTOP, or --free-memory: end the agents and start them again on resume), resume, stop and restart a
// track of the running server's run, and `paratrack track logs <key> [--follow]`: its agents' last lines.

import { Command } from "commander";
import { trackLogs } from "../../lib/contracts/tracks";
import type { LeadAction } from "../../lib/domain/phases/track-lifecycle";
import type { LogLine, TrackView } from "../../lib/domain/views";
import { askServer, type ServerAnswer } from "./ask-server";
import { followTrackLogs } from "./follow-logs";
import { statusBaseUrl } from "./status";
import { terminalSafe } from "./terminal-text";

type Env = Record<string, string | undefined>;
type Common = { url?: string; json?: boolean };
export type TrackActionOptions = Common & { freeMemory?: boolean; startOver?: boolean };
export type TrackLogsOptions = Common & { tail?: string; attempt?: string; follow?: boolean };

/** What the action did, in the words of the track's page. */
export function describeTrack(t: TrackView): string {
  const status =
    t.status === "paused"
      ? (t.pauseReason ?? `paused${t.pausedBy ? ` by the ${t.pausedBy}` : ""}`)
      : `${t.status}${t.waitReason ? ` (${t.waitReason})` : ""}`;
  return terminalSafe(`Track ${t.key}: ${status}; attempt ${t.attempts}`);
}

/** One log line as `tail` would show it: local time (as the dashboard shows it), agent, stream when not stdout, text. */
export function formatLogLine(l: LogLine): string {
  const time = new Date(l.at).toTimeString().slice(0, 8);
  return terminalSafe(`${time} ${l.agent}${l.stream === "stdout" ? "" : ` [${l.stream}]`} ${l.line}`);
}

function headers(env: Env, json: boolean): Record<string, string> {
  return {
    ...(json ? { "content-type": "application/json" } : {}),
    ...(env.PARATRACK_TOKEN ? { authorization: `Bearer ${env.PARATRACK_TOKEN}` } : {}),
  };
}

/** The exit code of an answer that is not ok (1 refused, 2 unreachable), said on stderr; null when ok. */
function failure(answer: ServerAnswer, what: string, url: string): number | null {
  if (answer.kind === "unreachable") {
    console.error(`paratrack track ${what}: cannot reach ${url}: ${answer.reason}`);
    return 2;
  }
  if (answer.kind === "refused") {
    console.error(`paratrack track ${what}: ${answer.message} (${answer.status})`);
    return 1;
  }
  return null;
}

/**
 * How long a lead's action waits for the server: a stop or restart answers once the agents have ended, which for
 * one that ignores SIGTERM is the stop's grace (10 s) and the SIGKILL's wait (up to 5 s) later.
 */
export const LEAD_ACTION_TIMEOUT_MS = 60_000;

/** Asks the server for the lead's action on a track; returns the exit code (0 done, 1 refused, 2 unreachable). */
export async function actOnTrack(
  action: LeadAction,
  key: string,
  options: TrackActionOptions,
  env: Env,
): Promise<number> {
  if (options.freeMemory && action !== "pause") {
    console.error(`paratrack track ${action}: --free-memory is for pause only`);
    return 1;
  }
  if (options.startOver && !options.freeMemory) {
    console.error(`paratrack track ${action}: --start-over goes with pause --free-memory only`);
    return 1;
  }
  const url = `${statusBaseUrl(options.url, env)}/api/tracks/${encodeURIComponent(key)}/${action}`;
  const answer = await askServer(
    url,
    {
      method: "POST",
      headers: headers(env, true),
      body: JSON.stringify(
        options.freeMemory ? { mode: "free-memory", ...(options.startOver ? { startOver: true } : {}) } : {},
      ),
    },
    LEAD_ACTION_TIMEOUT_MS,
  );
  const failed = failure(answer, action, url);
  if (failed !== null || answer.kind !== "ok") return failed ?? 1;
  const view = JSON.parse(answer.text) as TrackView;
  console.log(options.json ? JSON.stringify(view, null, 2) : describeTrack(view));
  return 0;
}

/**
 * What is wrong with --tail or --attempt, by the route's own query schema, or null. Checked before asking, so a
 * mistyped flag is a usage error (exit 2) even with the server down, not a refusal (exit 1) or "cannot reach".
 */
export function logsOptionsProblem(options: TrackLogsOptions): string | null {
  const checked = trackLogs.query.safeParse({ tail: options.tail, attempt: options.attempt });
  if (checked.success) return null;
  const issue = checked.error.issues[0];
  const flag = issue?.path[0] === "attempt" ? "--attempt" : "--tail";
  const given = flag === "--attempt" ? options.attempt : options.tail;
  return `${flag}: ${issue?.message ?? "not accepted"}, got "${given}"`;
}

/**
 * Prints the track's last log lines (all agents merged by time), and with --follow each new one until `stop`
 * (Ctrl-C); returns the exit code as actOnTrack, or 2 for a bad --tail or --attempt.
 */
export async function showTrackLogs(
  key: string,
  options: TrackLogsOptions,
  env: Env,
  stop?: AbortSignal,
): Promise<number> {
  const problem = logsOptionsProblem(options);
  if (problem !== null) {
    console.error(`paratrack track logs: ${problem}`);
    return 2;
  }
  const query = new URLSearchParams();
  if (options.tail !== undefined) query.set("tail", options.tail);
  if (options.attempt !== undefined) query.set("attempt", options.attempt);
  const search = query.size > 0 ? `?${query}` : "";
  const base = statusBaseUrl(options.url, env);
  if (options.follow) {
    const print = (line: LogLine) => console.log(options.json ? JSON.stringify(line) : formatLogLine(line));
    return followTrackLogs({ base, key, search, env, print, stop: stop ?? interrupted() });
  }
  const url = `${base}/api/tracks/${encodeURIComponent(key)}/logs${search}`;
  const answer = await askServer(url, { headers: headers(env, false) });
  const failed = failure(answer, "logs", url);
  if (failed !== null || answer.kind !== "ok") return failed ?? 1;
  const lines = JSON.parse(answer.text) as LogLine[];
  if (options.json) console.log(JSON.stringify(lines, null, 2));
  else for (const line of lines) console.log(formatLogLine(line));
  if (lines.length === 0 && options.attempt === undefined) {
    const notStarted = await notStartedYet(base, key, env);
    if (notStarted !== null) console.error(`paratrack track logs: ${notStarted}`);
  }
  return 0;
}

/**
 * Why a track's log is empty when it has not started yet (no attempt: pending or queued), or null. Said on stderr
 * so stdout stays the log lines; not an error (exit 0). An answer that does not say leaves the empty log unexplained.
 */
async function notStartedYet(base: string, key: string, env: Env): Promise<string | null> {
  const answer = await askServer(`${base}/api/tracks/${encodeURIComponent(key)}`, {
    headers: headers(env, false),
  });
  if (answer.kind !== "ok") return null;
  const track = JSON.parse(answer.text) as TrackView;
  if (track.attempts > 0) return null;
  return `track ${track.key} has not started yet (${track.status}), so it has no log`;
}

/** Aborted by Ctrl-C or SIGTERM: how a follow ends. */
function interrupted(): AbortSignal {
  const stop = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort());
  return stop.signal;
}

export function createTrackCommand(env: Env = process.env): Command {
  const track = new Command("track").description(
    "pause, resume, stop or restart a track of the running server's run, or show its logs",
  );
  const common = (command: Command) =>
    command
      .option("--url <url>", "the server (default PARATRACK_URL or http://127.0.0.1:$PORT)")
      .option("--json", "print the server's answer as JSON");
  const actions: { action: LeadAction; what: string }[] = [
    {
      action: "pause",
      what: "pause a track (SIGSTOP: its memory stays taken; --free-memory ends its agents)",
    },
    { action: "resume", what: "resume a paused track (SIGCONT, or its agents started again)" },
    { action: "stop", what: "stop a track (SIGTERM, SIGKILL after the grace); the server and the run go on" },
    { action: "restart", what: "end a track's agents and start its next attempt" },
  ];
  for (const { action, what } of actions) {
    const command = common(new Command(action).description(what).argument("<key>", "the track's key"));
    if (action === "pause")
      command
        .option("--free-memory", "end the agents instead of freezing them; resume starts them again")
        .option(
          "--start-over",
          "with --free-memory: end them even when an agent cannot resume its session (it starts over, its work lost)",
        );
    command.action(async (key: string, options: TrackActionOptions) => {
      process.exitCode = await actOnTrack(action, key, options, env);
    });
    track.addCommand(command);
  }
  track.addCommand(
    common(new Command("logs").description("print a track's last log lines, all its agents merged by time"))
      .argument("<key>", "the track's key")
      .option("--tail <lines>", "how many lines (default 200, at most 5000)")
      .option("--attempt <n>", "an earlier attempt's lines (default: the latest)")
      .option(
        "-f, --follow",
        "then print each new line as it comes, until Ctrl-C (--json: one object per line)",
      )
      .action(async (key: string, options: TrackLogsOptions) => {
        process.exitCode = await showTrackLogs(key, options, env);
      }),
  );
  return track;
}
