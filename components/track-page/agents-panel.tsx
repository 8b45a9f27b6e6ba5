"use client";
// Every agent of every attempt (newest attempt first) with its exit and memory, and its live process tree.
import { Card } from "@/components/common/card";
import { ScrollBox } from "@/components/common/scroll-box";
import { MemoryMethod } from "@/components/tracks/memory-method";
import { describeAttemptEnding, isEndedOnPurpose } from "@/lib/domain/reporting/attempt-ending";
import { formatBytes } from "@/lib/domain/units";
import type { AgentView, TrackDetailView } from "@/lib/domain/views";
import { formatEventTime } from "../common/event-time";
import { formatCost, formatTokens } from "../tracks/agent-facts-text";
import { describeProcessState, isStoppedState } from "./process-state";

function exitText(agent: AgentView): { text: string; tone: "ok" | "bad" | "live" | "stopped" } {
  // Ended on purpose (a stop, requeue, restart…): the signal is how the stop was carried out, not a failure.
  if (agent.attemptEnding !== null && isEndedOnPurpose(agent.attemptEnding) && agent.endedAt !== null)
    return { text: describeAttemptEnding(agent.attemptEnding, agent), tone: "stopped" };
  if (agent.error) return { text: agent.error, tone: "bad" };
  if (agent.signal) return { text: `killed by ${agent.signal}`, tone: "bad" };
  if (agent.exitCode !== null)
    return { text: `exit code ${agent.exitCode}`, tone: agent.exitCode === 0 ? "ok" : "bad" };
  if (agent.endedAt) return { text: "ended", tone: "ok" };
  // A viewer sees no processes (they are the engine's machine's): the state the owner stored says it.
  const stopped = agent.processesVisible
    ? agent.processes.length > 0 && agent.processes.every((p) => isStoppedState(p.state))
    : agent.state === "paused";
  return stopped ? { text: "stopped (SIGSTOP)", tone: "stopped" } : { text: "running", tone: "live" };
}

const TONE_STYLE = {
  ok: "text-green-700 dark:text-green-400",
  bad: "text-red-700 dark:text-red-400",
  live: "text-blue-700 dark:text-blue-400",
  stopped: "text-amber-700 dark:text-amber-400",
} as const;

function stateStyle(state: string): string {
  if (isStoppedState(state)) return "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200";
  if (state === "Z" || state === "X" || state === "x")
    return "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300";
  if (state === "R") return "bg-blue-100 text-blue-800 dark:bg-blue-950 dark:text-blue-300";
  return "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300";
}

/** An attempt whose agents resumed their sessions (a resume command) carries on earlier attempts' work. */
function resumedText(agents: readonly AgentView[]): string {
  const resumed = agents.filter((a) => a.mode === "resume");
  if (resumed.length === 0) return "";
  if (resumed.length < agents.length) return ` · resumed: ${resumed.map((a) => a.name).join(", ")}`;
  return agents.length === 1 ? " · resumed the session" : " · resumed their sessions";
}

/** "its processes are…" as a sentence of its own. */
function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function ProcessTable({ agent, trackKey }: { agent: AgentView; trackKey: string }) {
  if (agent.processes.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="no-processes">
        {agent.endedAt
          ? "No processes: the agent has exited."
          : agent.processesVisible
            ? "No live processes seen."
            : sentence(agent.processesNote ?? "its processes are listed on the engine's server")}
      </p>
    );
  }
  const showMemory = agent.processes.some((p) => p.memoryBytes > 0);
  return (
    <ScrollBox
      label={`Processes of agent ${agent.name}`}
      className="rounded-md border border-slate-200 dark:border-slate-800"
    >
      <table className="w-full min-w-[28rem] text-left text-sm" data-testid="process-table">
        <caption className="sr-only">
          Processes of agent {agent.name}, track {trackKey}
        </caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600 dark:bg-slate-800/60 dark:text-slate-400">
          <tr>
            <th scope="col" className="w-px whitespace-nowrap px-3 py-1.5 font-medium">
              PID
            </th>
            <th scope="col" className="w-px whitespace-nowrap px-3 py-1.5 font-medium">
              PPID
            </th>
            <th scope="col" className="w-px whitespace-nowrap px-3 py-1.5 font-medium">
              State
            </th>
            {showMemory && (
              <th scope="col" className="w-px whitespace-nowrap px-3 py-1.5 font-medium">
                {/* Per process RSS: the track's memory is PSS, which shares out the pages processes share. */}
                <abbr
                  title="Resident set size: pages shared with other processes (libraries, forked memory) count in full in each; the track's memory is PSS, which divides them among the processes sharing them"
                  className="cursor-help no-underline"
                >
                  RSS
                </abbr>
              </th>
            )}
            <th scope="col" className="px-3 py-1.5 font-medium">
              Command
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {agent.processes.map((p) => (
            <tr key={p.pid} data-testid="process-row" data-pid={p.pid} data-state={p.state}>
              <td className="px-3 py-1.5 font-mono tabular-nums">{p.pid}</td>
              <td className="px-3 py-1.5 font-mono tabular-nums text-slate-600 dark:text-slate-400">
                {p.ppid}
              </td>
              <td className="whitespace-nowrap px-3 py-1.5">
                <span className={`rounded px-1.5 py-px text-xs font-medium ${stateStyle(p.state)}`}>
                  {describeProcessState(p.state)}
                </span>
              </td>
              {showMemory && <td className="px-3 py-1.5 tabular-nums">{formatBytes(p.memoryBytes)}</td>}
              <td className="max-w-0 px-3 py-1.5 font-mono text-xs">
                <span className="block truncate" title={p.command}>
                  {p.command}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

function AgentItem({ agent, trackKey }: { agent: AgentView; trackKey: string }) {
  const exit = exitText(agent);
  return (
    <li
      className="space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-800"
      aria-label={`Agent ${agent.name}, attempt ${agent.attempt}`}
      data-testid="agent"
      data-agent={agent.name}
      data-attempt={agent.attempt}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h4 className="font-semibold">{agent.name}</h4>
        <span className={`text-sm font-medium ${TONE_STYLE[exit.tone]}`} data-testid="agent-exit">
          {exit.text}
        </span>
      </div>
      <code className="block break-all rounded bg-slate-50 px-2 py-1 text-xs text-slate-700 dark:bg-slate-800/60 dark:text-slate-300">
        {agent.command}
      </code>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-600 dark:text-slate-400">PID</dt>
          <dd className="font-mono tabular-nums" data-testid="agent-pid">
            {agent.pid ?? "—"}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600 dark:text-slate-400">Started / ended</dt>
          <dd className="tabular-nums">
            {formatEventTime(agent.startedAt)} – {agent.endedAt ? formatEventTime(agent.endedAt) : "now"}
          </dd>
        </div>
        <div className="col-span-2">
          <dt className="text-xs text-slate-600 dark:text-slate-400">RAM now / peak</dt>
          <dd className="tabular-nums" data-testid="agent-ram">
            {formatBytes(agent.currentBytes)} / {formatBytes(agent.peakBytes)}
            <MemoryMethod method={agent.memoryMethod} />
          </dd>
        </div>
        <div className="col-span-2">
          <dt className="text-xs text-slate-600 dark:text-slate-300">
            Tokens · cost{agent.kind ? ` (${agent.kind})` : ""}
          </dt>
          <dd className="tabular-nums" data-testid="agent-usage">
            {[
              formatTokens(agent),
              formatCost({
                costUsd: agent.costUsd,
                unknownCostParts: agent.tokens && agent.costUsd === null ? 1 : 0,
              }),
              agent.turns !== null ? `${agent.turns} turn${agent.turns === 1 ? "" : "s"}` : null,
              agent.result,
            ]
              .filter((part) => part !== null)
              .join(" · ") || "—"}
          </dd>
        </div>
        <div className="col-span-2">
          <dt className="text-xs text-slate-600 dark:text-slate-300">Session</dt>
          <dd className="break-all font-mono text-xs" data-testid="agent-session">
            {agent.sessionId ?? "—"}
          </dd>
        </div>
      </dl>
      <ProcessTable agent={agent} trackKey={trackKey} />
    </li>
  );
}

export function AgentsPanel({ track }: { track: TrackDetailView }) {
  const attempts = [...new Set(track.agents.map((a) => a.attempt))].sort((a, b) => b - a);
  return (
    <Card title="Agents and processes" labelledBy="track-agents-title">
      {attempts.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No agent has started yet.</p>
      ) : (
        <div className="space-y-4" data-testid="track-agents">
          {attempts.map((attempt) => {
            const agents = track.agents.filter((a) => a.attempt === attempt);
            const list = (
              <ul className="space-y-3">
                {agents.map((agent) => (
                  <AgentItem key={agent.id} agent={agent} trackKey={track.key} />
                ))}
              </ul>
            );
            // Earlier attempts are history: folded, with their outcome in the summary.
            if (attempt !== track.attempts) {
              return (
                <details key={attempt} className="group" data-testid="earlier-attempt">
                  <summary className="mb-2 flex cursor-pointer list-none items-baseline gap-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400 marker:hidden">
                    <span className="transition-transform group-open:rotate-90" aria-hidden="true">
                      ▸
                    </span>
                    Attempt {attempt}
                    {resumedText(agents)}
                    <span className="font-normal normal-case tracking-normal">
                      {agents.map((a) => `${a.name}: ${exitText(a).text}`).join(" · ")}
                    </span>
                  </summary>
                  {list}
                </details>
              );
            }
            return (
              <div key={attempt}>
                <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
                  Attempt {attempt}
                  {track.attempts > 1 ? " (current)" : ""}
                  {resumedText(agents)}
                </h3>
                {list}
              </div>
            );
          })}
        </div>
      )}
    </Card>
  );
}
