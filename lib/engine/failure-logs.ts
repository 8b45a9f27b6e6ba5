// A failed track's evidence for the headless summary: its last attempt's log files and what it last said on stderr.
import { parseLogLine } from "../agents/log-line";
import { tailLog } from "../agents/logs";
import type { TrackFailureLog } from "../domain/reporting/run-summary";
import type { Engine } from "./engine";

/** Lines of a failed track's stderr shown in the summary. */
export const STDERR_TAIL_LINES = 10;
/** How far back in each log the stderr tail is looked for. */
const STDERR_SCAN_LINES = 2000;

/**
 * For each failed track: the log files of its last attempt (as the engine recorded them) and the last stderr lines
 * in them. A log that cannot be read is listed without lines; the summary is never lost to it.
 */
export async function readFailureLogs(
  engine: Engine,
  runId: string,
  tracks: readonly { plan: { key: string }; status: string }[],
): Promise<Map<string, TrackFailureLog>> {
  const found = new Map<string, TrackFailureLog>();
  for (const t of tracks) {
    if (t.status !== "failed") continue;
    try {
      const detail = await engine.queries.trackDetail(t.plan.key, runId);
      const agents = detail.agents.filter((a) => a.attempt === detail.attempts);
      const stderr: { at: string; line: string }[] = [];
      for (const agent of agents)
        for (const raw of await tailLog(agent.logPath, STDERR_SCAN_LINES)) {
          const parsed = parseLogLine(raw);
          if (parsed?.stream === "stderr") stderr.push(parsed);
        }
      stderr.sort((a, b) => a.at.localeCompare(b.at));
      found.set(t.plan.key, {
        logPaths: agents.map((a) => a.logPath),
        stderrTail: stderr.slice(-STDERR_TAIL_LINES).map((l) => l.line),
      });
    } catch {
      // The database went away: the summary goes without this track's logs.
    }
  }
  return found;
}
