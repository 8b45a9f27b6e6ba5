// After a restart: agents stored as ended whose processes still run. The server died during their grace (a stop,
// a requeue, a restart), after the leader's end was stored but before the SIGKILL, so a child that ignores SIGTERM
// lives on. It belongs to no live attempt and would run beside the next one: it is ended, in the background (the
// takeover does not wait for the grace), with an agent:orphans event.
import type { AgentIdentity } from "../../agents/identity";
import { endOrphans, findOrphans } from "../../agents/orphans";
import type { StoredAgent } from "../../db/agents";
import { type ProcSnapshot, readProcSnapshot } from "../../monitor/process-tree";
import { runsOnSlurm } from "../executors/slurm-recovery";
import { describeEnded } from "../gate-orphans";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";

/** An agent stored as ended whose processes still run: found only, nothing signalled. */
export type EndedAgentOrphans = { agent: StoredAgent; identity: AgentIdentity; pids: number[] };

/**
 * The live orphans of the stored agents that had ended, in one snapshot; `isLocalTrack` says which tracks ran on this
 * machine (a Slurm track's pids are those of the node it ran on). Finds, never signals: the sweep below ends what it
 * finds, `paratrack check` only names it.
 */
export function findOrphansOfEndedAgents(
  storedAgents: readonly StoredAgent[],
  snapshot: ProcSnapshot,
  isLocalTrack: (trackId: string) => boolean,
): EndedAgentOrphans[] {
  const found: EndedAgentOrphans[] = [];
  for (const agent of storedAgents) {
    if (agent.endedAt === null || agent.identity === null || !isLocalTrack(agent.trackId)) continue;
    const pids = findOrphans(agent.identity, snapshot);
    if (pids.length > 0) found.push({ agent, identity: agent.identity, pids });
  }
  return found;
}

/** Starts ending the orphans; returns, per track that had some, when they are gone. */
export function endOrphansOfEndedAgents(
  ctx: RunContext,
  run: ActiveRun,
  storedAgents: readonly StoredAgent[],
  graceMs: number,
): Map<TrackRuntime, Promise<void>> {
  const endings = new Map<TrackRuntime, Promise<void>>();
  if (!storedAgents.some((row) => row.endedAt !== null && row.identity !== null)) return endings;
  const snapshot = readProcSnapshot("/proc", { detailPids: () => [] });
  const tracks = [...run.tracks.values()];
  const trackOf = (trackId: string) => tracks.find((track) => track.id === trackId);
  const isLocalTrack = (trackId: string) => {
    const t = trackOf(trackId);
    return t !== undefined && !runsOnSlurm(t);
  };
  const found = findOrphansOfEndedAgents(storedAgents, snapshot, isLocalTrack);
  for (const { agent: row, identity, pids } of found) {
    const t = trackOf(row.trackId)!;
    const ending = async () => {
      const { killedPids } = await endOrphans(identity, graceMs);
      const orphans = { pids, killed: killedPids };
      await ctx.record(
        run,
        "agent:orphans",
        { agent: row.name, attempt: row.attempt, ...orphans },
        {
          severity: "high",
          message: `Track ${t.plan.key}: agent ${row.name} (attempt ${row.attempt}) had ended, but processes of it still ran (Paratrack stopped during its grace): ${describeEnded(orphans)}`,
          actor: "system",
          trackKey: t.plan.key,
        },
      );
    };
    const work = ending();
    ctx.background(`ending the orphans of agent ${row.name} of ${t.plan.key}`, work, run, t.plan.key);
    const before = endings.get(t);
    endings.set(
      t,
      Promise.allSettled(before ? [before, work] : [work]).then(() => undefined),
    );
  }
  return endings;
}
