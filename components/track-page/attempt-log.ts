// Which attempts a track has had, and where each one's log lives: from the agents the track's detail lists.
import type { AgentView } from "@/lib/domain/views";

export type AttemptLogInfo = { attempt: number; files: { agent: string; logPath: string }[] };

/** The track's attempts, newest first, each with its agents' log files (agents in name order). */
export function attemptsOf(agents: readonly AgentView[]): AttemptLogInfo[] {
  const byAttempt = new Map<number, AttemptLogInfo>();
  for (const agent of agents) {
    const entry = byAttempt.get(agent.attempt) ?? { attempt: agent.attempt, files: [] };
    entry.files.push({ agent: agent.name, logPath: agent.logPath });
    byAttempt.set(agent.attempt, entry);
  }
  return [...byAttempt.values()]
    .map((a) => ({ ...a, files: [...a.files].sort((x, y) => x.agent.localeCompare(y.agent)) }))
    .sort((a, b) => b.attempt - a.attempt);
}

/** The download address of one attempt's whole log (of one run: a past run's track page passes its id). */
export function attemptLogUrl(trackKey: string, attempt: number, runId?: string): string {
  const query = runId ? `?runId=${encodeURIComponent(runId)}` : "";
  return `/api/tracks/${encodeURIComponent(trackKey)}/attempts/${attempt}/log${query}`;
}
