// A run that recovery ends instead of taking it over (a newer run was still running, or its stored plan cannot be
// read) may still have live agents: nothing would watch, pause or stop them, and they would run on beside the run
// that is taken over. They are adopted and stopped as a stop of their track stops them (SIGTERM and SIGCONT, SIGKILL
// after the grace; a Slurm job is cancelled), each one's row gets its end, and an agent:orphans event names its
// pids. One that cannot be stopped is named the same way, with why, so the lead can end it.
import type { AgentRecord } from "../../agents/adopt";
import { exitFilePathFor } from "../../agents/exit-file";
import { findLaunchedAgent } from "../../agents/find-launched";
import type { StoredAgent } from "../../db/agents";
import type { StoredRun } from "../../db/runs";
import { newToken } from "../../security/secret";
import type { AgentExit, AgentProcess } from "../agent-port";
import { adoptSlurmTrack, runsOnSlurm } from "../executors/slurm-recovery";
import { describeEnded } from "../gate-orphans";
import type { TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";
import { activeRunFromStored, slotFromStored } from "./stored-run";

/** What became of the run's agents that had not ended: how many were stopped, and how many could not be. */
export type SupersededAgents = { stopped: number; failed: number };

/** Stops what still runs of `stored`'s agents and stores their ends; `reason` says why the run is not taken over. */
export async function stopAgentsOfSupersededRun(
  ctx: RunContext,
  stored: StoredRun,
  reason: string,
  graceMs: number,
): Promise<SupersededAgents> {
  const outcome: SupersededAgents = { stopped: 0, failed: 0 };
  const storedAgents = await ctx.store.listRunAgents(stored.id);
  const open = storedAgents.filter((row) => row.endedAt === null);
  if (open.length === 0) return outcome;
  const storedTracks = await ctx.store.listTracks(stored.id);
  // Only to find Slurm tracks' jobs again; the run is not this server's run and is never made the active one.
  const run = activeRunFromStored(
    stored,
    { storedTracks, storedAgents, spans: [] },
    { reportSecret: newToken(), hashes: [] },
    true,
  );
  const trackOfRow = (row: StoredAgent) => [...run.tracks.values()].find((t) => t.id === row.trackId);
  const keyOfRow = (row: StoredAgent) =>
    trackOfRow(row)?.plan.key ?? storedTracks.find((t) => t.id === row.trackId)?.key ?? "?";

  const found = new Map<string, Found>();
  const slurmTracks = new Set<TrackRuntime>();
  for (const row of open) {
    const t = trackOfRow(row);
    if (t && runsOnSlurm(t)) slurmTracks.add(t);
  }
  for (const t of slurmTracks) {
    const rows = open.filter((row) => row.trackId === t.id);
    const agents = rows.map((row) => ({ slot: slotFromStored(row), logPath: row.logPath, cursor: null }));
    const adopted = await adoptSlurmTrack(ctx, run, t, agents);
    for (const [index, row] of rows.entries()) {
      const handle = adopted.kind === "live" ? adopted.handles[index] : undefined;
      found.set(row.id, handle ? { kind: "process", handle } : { kind: "none" });
    }
  }
  for (const row of open) {
    if (!found.has(row.id)) found.set(row.id, await adoptLocal(ctx, row, keyOfRow(row)));
  }

  await Promise.all(
    open.map(async (row) => {
      const agent = found.get(row.id) ?? { kind: "none" };
      const trackKey = keyOfRow(row);
      if (agent.kind === "ended") {
        // It ended while no server ran, and nothing of it is left: its recorded exit, as a takeover would store it.
        await storeEnd(ctx, row, agent.exit);
        return;
      }
      if (agent.kind === "none") {
        // No process of it is left (it was never started, or vanished without a record): its end is unknown.
        await storeEnd(ctx, row, interruptedExit(`${reason}, and no process of it was left`));
        return;
      }
      const { handle } = agent;
      const pids = handle.treePids();
      try {
        const { exit, killedPids, alreadyExited } = await handle.stop(graceMs);
        await storeEnd(ctx, row, exit);
        if (alreadyExited && pids.length === 0) return;
        outcome.stopped++;
        await recordOrphans(
          ctx,
          stored,
          row,
          trackKey,
          { pids, killed: killedPids },
          `${reason}; stopped: ${describeEnded({ pids, killed: killedPids })}`,
        );
      } catch (error) {
        outcome.failed++;
        const why = error instanceof Error ? error.message : String(error);
        await recordOrphans(
          ctx,
          stored,
          row,
          trackKey,
          { pids, killed: [] },
          `${reason}; it could not be stopped (${why}): end pid ${pids.join(", ") || handle.pid} yourself`,
        );
      }
    }),
  );
  return outcome;
}

/** What is left of an agent: processes to stop, only its recorded exit, or nothing known. */
type Found =
  | { kind: "process"; handle: AgentProcess }
  | { kind: "ended"; exit: AgentExit }
  | { kind: "none" };

/** Adopts one local agent of the run by its stored identity (or its shim, found by its log path). */
async function adoptLocal(ctx: RunContext, row: StoredAgent, trackKey: string): Promise<Found> {
  const exitPath = row.exitPath ?? exitFilePathFor(row.logPath);
  const identity = row.identity ?? findLaunchedAgent(row.logPath, exitPath);
  if (!identity) return { kind: "none" };
  const record: AgentRecord = {
    trackKey,
    agentName: row.name,
    identity,
    logPath: row.logPath,
    exitPath,
    cursor: null,
  };
  // Its lines are not read: the run is over, and what it writes now changes nothing of it.
  const result = await ctx.adopt(record, { reapLeftovers: true });
  if (result.outcome === "live" || result.leftovers.length > 0)
    return { kind: "process", handle: result.agent };
  if (result.outcome === "ended") return { kind: "ended", exit: result.exit };
  return { kind: "none" };
}

async function storeEnd(ctx: RunContext, row: StoredAgent, exit: AgentExit): Promise<void> {
  const endedAt = exit.endedAt ? Date.parse(exit.endedAt) : ctx.now();
  await ctx.save(`store the end of agent ${row.name} of an ended run`, () =>
    ctx.store.recordAgentEnd(row.id, {
      endedAt: new Date(Number.isFinite(endedAt) ? endedAt : ctx.now()),
      exitCode: exit.code,
      signal: exit.signal,
      error: exit.error,
      peakBytes: row.peakBytes,
      interrupted: exit.interrupted ? (exit.error ?? exit.message) : null,
    }),
  );
}

async function recordOrphans(
  ctx: RunContext,
  stored: StoredRun,
  row: StoredAgent,
  trackKey: string,
  orphans: { pids: number[]; killed: number[] },
  what: string,
): Promise<void> {
  await ctx.events.record(
    "agent:orphans",
    { agent: row.name, attempt: row.attempt, ...orphans },
    {
      severity: "high",
      message: `Run "${stored.name}", track ${trackKey}: agent ${row.name} (attempt ${row.attempt}) still ran though the run was not taken over: ${what}`,
      actor: "system",
      runId: stored.id,
      trackKey,
    },
  );
}

function interruptedExit(reason: string): AgentExit {
  return { code: null, signal: null, error: reason, message: `interrupted: ${reason}`, interrupted: true };
}
