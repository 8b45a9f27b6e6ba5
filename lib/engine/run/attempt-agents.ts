// The agents of a new attempt: their slots (commands, sessions), what the executor is asked to start for each
// (log file, environment, callbacks), and the rows stored for them before anything starts.

import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { exitFilePathFor } from "../../agents/exit-file";
import type { AgentIdentity } from "../../agents/identity";
import type { LogEntry } from "../../agents/log-follower";
import type { CreateAgentProcessOptions } from "../../agents/supervisor";
import { detectAgentKind } from "../../domain/agents/agent-adapter";
import { trackReportToken } from "../../security/report-tokens";
import type { ActiveRun, AgentSlot, TrackRuntime } from "../track-runtime";
import type { AgentLineSystem } from "./agent-lines";
import { recordLogNotice, storeShimTakeover } from "./agent-notices";
import type { RunContext } from "./context";
import { commandFor } from "./resumability";

/** One slot per agent of the plan for attempt `t.attempts`: its start or resume command, nothing running yet. */
export function newAgentSlots(t: TrackRuntime, at: number): AgentSlot[] {
  return t.plan.agents.map((spec) => ({
    id: randomUUID(),
    name: spec.name,
    ...commandFor(spec, t.sessions.get(spec.name) ?? null),
    attempt: t.attempts,
    sessionId: t.sessions.get(spec.name) ?? null,
    lastLineKey: -1,
    handle: null,
    exit: null,
    startedAt: at,
    currentBytes: 0,
    peakBytes: 0,
    method: null,
    pids: [],
    state: "running",
  }));
}

/** What the executor starts for each slot, in slot order: its log file in `logDir`, the run's env, the callbacks. */
export function agentRequests(
  ctx: RunContext,
  lines: AgentLineSystem,
  run: ActiveRun,
  t: TrackRuntime,
  logDir: string,
): CreateAgentProcessOptions[] {
  return t.agents.map((slot) => {
    const spec = t.plan.agents.find((a) => a.name === slot.name)!;
    const logPath = path.join(
      logDir,
      `${t.plan.key}-${slot.name}-${slot.attempt}.log`.replace(/[^\w.-]/g, "_"),
    );
    return {
      trackKey: t.plan.key,
      agent: { ...spec, command: slot.command },
      workdir: t.workdir,
      // The track's report-only token: its agents report for it with it; it opens nothing else (the server's token
      // stays here) and reports for no other track.
      env: {
        ...t.plan.env,
        PARATRACK_RUN: run.id,
        PARATRACK_REPORT_TOKEN: trackReportToken(run.reportSecret, t.plan.key),
      },
      nice: t.plan.nice,
      url: ctx.baseUrl(),
      model: t.modelInForce,
      logPath,
      onLine: (line: string, stream: "stdout" | "stderr", entry?: LogEntry) =>
        lines.onLine(run, t, slot, line, stream, entry),
      onLogNotice: (notice: string) => recordLogNotice(ctx, run, t, slot.name, notice),
      onShimReplaced: (identity: AgentIdentity) =>
        storeShimTakeover(ctx, run, t, slot.id, { identity, logPath, exitPath: exitFilePathFor(logPath) }),
    };
  });
}

/**
 * Stores each slot's agent row (by its log path) before anything starts: a server that dies during the launch
 * leaves rows through which the next one finds the agents (recovery.ts), never agents nobody knows of.
 */
export async function storeAgentRows(
  ctx: RunContext,
  t: TrackRuntime,
  requests: readonly CreateAgentProcessOptions[],
  at: number,
): Promise<void> {
  for (const [index, slot] of t.agents.entries()) {
    const spec = t.plan.agents.find((a) => a.name === slot.name)!;
    const logPath = requests[index]!.logPath;
    await ctx.save(`store agent ${slot.name} of ${t.plan.key}`, () =>
      ctx.store.createAgent({
        id: slot.id,
        trackId: t.id,
        name: slot.name,
        attempt: slot.attempt,
        command: slot.command,
        mode: slot.mode,
        kind: detectAgentKind(spec.command, spec.kind),
        pid: null,
        identity: null,
        logPath,
        exitPath: exitFilePathFor(logPath),
        host: os.hostname(),
        startedAt: new Date(at),
      }),
    );
  }
}
