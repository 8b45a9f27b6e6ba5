// What keeps a track's launch total and recoverable. (1) Nothing is launched while the database is in an outage:
// the pre-launch rows (the attempt, its agents by log path) would only wait in the write-behind queue's memory, and a
// server that died then would leave agents no next server knows of; the start waits, ready, until the database is
// back. (2) A launch that throws anywhere ends its attempt as failed with the reason: the agents it did start are
// ended like a stop ends them, the others get an exit saying why they never started, and the track takes its normal
// failure path, so the run can end instead of showing a "running" track without a process for ever.
import type { AgentExit } from "../agent-port";
import type { ActiveRun, AgentSlot, TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";

/** The wait reason of a track whose start waits for the database (shown after "Waiting for the database:"). */
export const DATABASE_WAIT_REASON = "nothing starts while the record cannot be written";

/** True while the database is unreachable (from the first failed write until the queued writes are made). */
export function databaseDown(ctx: Pick<RunContext, "writes">): boolean {
  return ctx.writes ? !ctx.writes.isAvailable() : false;
}

/** Thrown between storing an attempt and launching it when the database went away meanwhile. */
export class DatabaseOutageDuringLaunch extends Error {
  constructor() {
    super("the database became unreachable before the agents were launched");
  }
}

/** The start is put off: the track is ready again and says why (the governor starts it once the database is back). */
export async function holdStartForDatabase(
  ctx: RunContext,
  run: ActiveRun,
  t: TrackRuntime,
  reason: string,
): Promise<void> {
  // Said once per wait: a caller that asks again each pass (the Slurm tracks' governor) does not repeat the event.
  const alreadyWaiting = t.status === "ready" && t.waitKind === "database";
  t.status = "ready";
  t.queuedAt = alreadyWaiting ? t.queuedAt : ctx.now();
  t.pausedBy = null;
  t.pauseMode = null;
  t.ending = null;
  t.waitReason = DATABASE_WAIT_REASON;
  t.waitKind = "database";
  await ctx.persistTrack(run, t);
  if (alreadyWaiting) return;
  await ctx.record(
    run,
    "engine:error",
    { operation: `start track ${t.plan.key}`, error: DATABASE_WAIT_REASON },
    {
      severity: "high",
      message: `Track ${t.plan.key} does not start (${reason}) while the database is unreachable: it waits, ready, and starts when the database is back`,
      actor: "system",
      trackKey: t.plan.key,
    },
  );
}

/** How attempts.ts hears the exits it makes here. */
export type LaunchFailureHooks = {
  onAgentExit(slot: AgentSlot, exit: AgentExit): Promise<void>;
};

/**
 * Ends an attempt whose launch threw: records why, ends the agents that started (SIGTERM, SIGKILL after `graceMs`;
 * their exit handlers, queued on the track's lock, end the attempt), and gives the others an exit saying they never
 * started. Never throws: it is the last word of a start.
 */
export async function endFailedLaunch(
  ctx: RunContext,
  run: ActiveRun,
  t: TrackRuntime,
  error: unknown,
  graceMs: number,
  hooks: LaunchFailureHooks,
): Promise<void> {
  const outage = error instanceof DatabaseOutageDuringLaunch;
  const message = error instanceof Error ? error.message : String(error);
  ctx.logger.error({ err: error, track: t.plan.key }, "launching a track's agents failed");
  const started = t.agents.filter((slot) => slot.handle !== null && slot.exit === null);
  await ctx.record(
    run,
    "engine:error",
    { operation: `launch the agents of track ${t.plan.key}`, error: message },
    {
      severity: "high",
      message: outage
        ? `Track ${t.plan.key}: ${message}; nothing was launched, the track waits for the database`
        : `Track ${t.plan.key}: launching attempt ${t.attempts} failed (${message})${started.length > 0 ? `; ending the ${started.length} agent(s) it had started` : ""}`,
      actor: "system",
      trackKey: t.plan.key,
    },
  );
  try {
    // An outage is nobody's failure: "interrupted" queues the track again (attempts.ts), and it waits for the database.
    const never: AgentExit = {
      code: null,
      signal: null,
      error: outage ? message : `not started: ${message}`,
      message: `not started: ${message}`,
      ...(outage ? { interrupted: true } : {}),
    };
    // The last of these exits ends the attempt when no agent started (onAgentExit waits for every slot's exit).
    for (const slot of t.agents.filter((s) => s.handle === null && s.exit === null))
      await hooks.onAgentExit(slot, never);
    if (outage && t.status === "ready") {
      // Queued again by the interrupted attempt: its card says what it waits for before the governor's next look.
      t.waitReason = DATABASE_WAIT_REASON;
      t.waitKind = "database";
      ctx.emitTrack(run, t);
    }
    if (started.length === 0) return;
    const stops = await Promise.allSettled(started.map((slot) => slot.handle!.stop(graceMs)));
    for (const [index, stop] of stops.entries())
      if (stop.status === "rejected")
        ctx.logger.error(
          { err: stop.reason, track: t.plan.key, agent: started[index]!.name },
          "could not end an agent of a failed launch",
        );
  } catch (failure) {
    ctx.logger.error({ err: failure, track: t.plan.key }, "ending a failed launch failed");
  }
}
