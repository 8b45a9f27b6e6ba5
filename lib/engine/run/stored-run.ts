// A run as the database kept it, made live again in this process: the ActiveRun and each track's runtime (status,
// clock from its spans, sessions to resume), and the agents' stored rows as slots and exits. Used by the recovery
// after a restart, for a run still running and for one that had ended.
import { z } from "zod";
import type { StoredAgent } from "../../db/agents";
import type { StoredRun } from "../../db/runs";
import type { StoredSpan } from "../../db/spans";
import type { StoredTrack } from "../../db/tracks";
import { initialGovernorMemory } from "../../domain/governor/governor";
import type { GovernorMemory } from "../../domain/governor/governor-types";
import { resumedAttempts, workRunningMs } from "../../domain/reporting/metrics";
import type { AgentExit } from "../agent-port";
import {
  type ActiveRun,
  type AgentSlot,
  type EndingIntent,
  initialTrackRuntime,
  type TrackRuntime,
} from "../track-runtime";
import { kindKeyOf } from "./track-profiles";

/** The rows a run's runtime is rebuilt from. */
export type StoredRunRows = {
  storedTracks: readonly StoredTrack[];
  storedAgents: readonly StoredAgent[];
  spans: readonly StoredSpan[];
};

/** The run as it was stored; `finished` for a run that had ended (nothing of it runs). */
export function activeRunFromStored(
  stored: StoredRun,
  rows: StoredRunRows,
  tokens: { reportSecret: string; hashes: string[] },
  finished = false,
): ActiveRun {
  const run: ActiveRun = {
    id: stored.id,
    name: stored.name,
    plan: stored.plan,
    planPath: stored.planPath,
    startedAt: stored.startedAt.getTime(),
    tracks: new Map(),
    governorMemory: parseGovernorMemory(stored.governorJson),
    finished,
    reportSecret: tokens.reportSecret,
    reportTokenHashes: tokens.hashes,
    kindProfiles: new Map(),
  };
  for (const [position, plan] of stored.plan.tracks.entries()) {
    const row = rows.storedTracks.find((t) => t.key === plan.key);
    const t = initialTrackRuntime(row?.id ?? plan.key, plan, position, kindKeyOf(plan));
    if (row) restoreTrack(t, row, rows.storedAgents, rows.spans);
    run.tracks.set(plan.key, t);
  }
  return run;
}

function restoreTrack(
  t: TrackRuntime,
  row: StoredTrack,
  agents: readonly StoredAgent[],
  spans: readonly StoredSpan[],
) {
  const ms = (date: Date | null) => (date === null ? null : date.getTime());
  t.status = row.status;
  t.pausedBy = row.pausedBy;
  t.pauseReason = row.pauseReason;
  t.progress = row.progress;
  t.reportStatus = row.reportStatus;
  t.modelInForce = row.modelInForce;
  t.attempts = row.attempts;
  t.queuedAt = ms(row.queuedAt);
  t.startedAt = ms(row.startedAt);
  t.endedAt = ms(row.endedAt);
  t.peakBytes = row.peakBytes;
  t.memoryMethod = row.memoryMethod;
  t.exitSummary = row.exitSummary;
  t.testStatus = row.testStatus;
  t.pauseMode = row.pauseMode;
  t.ending = parseEndingIntent(row.endingIntent);
  // The attempt's running time so far, from its stored spans (pauses excluded); still running: from the open span.
  const running = spans.filter(
    (s) => s.trackId === row.id && s.attempt === row.attempts && s.kind === "running",
  );
  const open = running.find((s) => s.endedAt === null);
  t.clock = {
    accumulatedMs: running
      .filter((s) => s.endedAt !== null)
      .reduce((sum, s) => sum + (s.endedAt!.getTime() - s.startedAt.getTime()), 0),
    since: row.status === "running" && open ? open.startedAt.getTime() : null,
  };
  // The earlier attempts this one carries on (it resumed their sessions): their running time is its work too.
  const mine = spans.filter((s) => s.trackId === row.id);
  const resumed = resumedAttempts(agents.filter((a) => a.trackId === row.id));
  // Stored since it was; before that, known only for an attempt that started over.
  t.progressAtAttemptStart = row.progressAtAttemptStart ?? (resumed.has(row.attempts) ? null : 0);
  t.carriedRunningMs =
    row.attempts > 1 && resumed.has(row.attempts)
      ? workRunningMs(mine, row.attempts - 1, resumed, t.startedAt ?? 0)
      : 0;
  // The latest session of each agent, over all attempts: the next start resumes it.
  for (const agent of [...agents].filter((a) => a.trackId === row.id).sort((a, b) => a.attempt - b.attempt))
    if (agent.sessionId) t.sessions.set(agent.name, agent.sessionId);
}

export function slotFromStored(row: StoredAgent): AgentSlot {
  return {
    id: row.id,
    name: row.name,
    command: row.command,
    mode: row.mode,
    attempt: row.attempt,
    sessionId: row.sessionId,
    lastLineKey: row.lastLineKey ?? -1,
    handle: null,
    exit: null,
    startedAt: row.startedAt.getTime(),
    currentBytes: 0,
    peakBytes: row.peakBytes,
    method: row.memoryMethod,
    pids: [],
    state: row.state,
  };
}

export function storedExit(row: StoredAgent): AgentExit {
  return {
    code: row.exitCode,
    signal: row.signal as NodeJS.Signals | null,
    error: row.error,
    message: row.error ?? `agent exited with code ${row.exitCode}`,
    interrupted: row.interrupted !== null,
    endedAt: row.endedAt?.toISOString(),
  };
}

function parseGovernorMemory(json: string | null): GovernorMemory {
  if (!json) return initialGovernorMemory();
  try {
    return { ...initialGovernorMemory(), ...(JSON.parse(json) as Partial<GovernorMemory>) };
  } catch {
    return initialGovernorMemory();
  }
}

const endingIntentSchema = z.object({
  kind: z.enum(["stop", "requeue", "restart", "swap", "checkpoint"]),
  reason: z.string(),
  toModel: z.string().optional(),
});

/** The stored intent of an ending under way (a server died during it); unreadable: none. */
function parseEndingIntent(json: string | null): EndingIntent | null {
  if (!json) return null;
  try {
    const parsed = endingIntentSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
