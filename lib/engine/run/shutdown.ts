// The server stops: either its agents end with it (quality gates cancelled, every agent stopped, SIGCONT first so
// none is left frozen, the run ended as stopped, and what agents left behind ended before the process may go) or
// they carry on without it (detach: the run stays running, every agent's log position and the governor's memory
// are stored, and the next start re-attaches them; what agents that have ended left running is ended first).
import { isActive } from "../../domain/phases/track-lifecycle";
import type { ActiveRun } from "../track-runtime";
import type { AgentLineSystem } from "./agent-lines";
import type { AttemptSystem } from "./attempts";
import type { RunContext } from "./context";
import type { QualityGateSystem } from "./quality-gates";

/** Agents get this long after SIGTERM before SIGKILL when the server shuts down and ends them. */
const SHUTDOWN_GRACE_MS = 3_000;

/** What happens to running agents when the server stops. */
export type ShutdownMode = "stop" | "detach";

export class ShutdownSystem {
  constructor(
    private readonly ctx: RunContext,
    private readonly attempts: AttemptSystem,
    private readonly lines: AgentLineSystem,
    private readonly gates: QualityGateSystem,
  ) {}

  /** Returns how many agents were left running (detach) or ended (stop). */
  async shutdown(reason: string, mode: ShutdownMode = "stop"): Promise<number> {
    return mode === "detach" ? this.detach(reason) : this.stop(reason);
  }

  private async stop(reason: string): Promise<number> {
    const { ctx } = this;
    await this.gates.cancelAll();
    const run = ctx.state.active;
    if (!run) return 0;
    const agents = run.finished ? 0 : await this.stopRun(run, reason);
    await this.endLeftovers(run);
    return agents;
  }

  private async stopRun(run: ActiveRun, reason: string): Promise<number> {
    const { ctx } = this;
    const active = [...run.tracks.values()].filter((t) => isActive(t.status));
    const agents = active.flatMap((t) => t.agents.filter((a) => a.handle && !a.exit)).length;
    await Promise.all(
      active.map(async (t) => {
        const exits = t.agents.map((a) => a.handle?.exited);
        await this.attempts.endOnPurpose(run, t, { kind: "stop", reason }, SHUTDOWN_GRACE_MS);
        await Promise.all(exits);
        await ctx.withLock(t, async () => undefined);
      }),
    );
    for (const t of run.tracks.values()) {
      if (t.status === "ready" || t.status === "pending") {
        t.status = "stopped";
        t.exitSummary = `stopped: ${reason}`;
        await ctx.persistTrack(run, t);
      }
    }
    await this.attempts.afterChange(run);
    return agents;
  }

  /**
   * The supervisor ends an exited agent's leftovers on its own, half a second after the exit and with a grace
   * after SIGTERM: a run that just ended may not have seen that through, and the process (the headless CLI) must
   * not exit before. Stopping the agent's tree again ends them now and resolves once they are gone.
   */
  private async endLeftovers(run: ActiveRun): Promise<void> {
    const ended = [...run.tracks.values()]
      .flatMap((t) => t.agents)
      .filter((a) => a.handle !== null && a.exit !== null && a.handle.treePids().length > 0);
    await Promise.all(
      ended.map((a) =>
        a
          .handle!.stop(SHUTDOWN_GRACE_MS)
          .catch((error: unknown) =>
            this.ctx.logger.warn({ err: error, agent: a.name }, "could not end what an agent left running"),
          ),
      ),
    );
  }

  private async detach(reason: string): Promise<number> {
    const { ctx } = this;
    const run = ctx.state.active;
    // Gates are children of this server: cancelled now, they run again when the next server takes the run over.
    await this.gates.cancelAll();
    if (!run) return 0;
    // An agent that has ended may still have processes in a grace (a child ignoring the SIGTERM of the lead's stop,
    // leftovers being ended): see that through, and the attempt's end, before leaving; the next start would end
    // them too, but only if there is one. Then the agents that run (a restart's next attempt included) are left.
    await this.endLeftovers(run);
    for (const t of run.tracks.values()) await ctx.withLock(t, async () => undefined);
    if (run.finished) return 0;
    const slots = [...run.tracks.values()].flatMap((t) => t.agents.filter((a) => a.handle && !a.exit));
    await this.lines.flushAll(slots);
    await Promise.all(
      slots.map(async (slot) => {
        const cursor = await slot.handle!.detach();
        if (cursor)
          await ctx.save(`store the log position of agent ${slot.name}`, () =>
            ctx.store.saveAgentLogPosition(slot.id, {
              cursor: JSON.stringify(cursor),
              lastLineKey: slot.lastLineKey,
            }),
          );
      }),
    );
    for (const t of run.tracks.values()) await ctx.persistTrack(run, t);
    await ctx.save(`store the governor's memory of run ${run.id}`, () =>
      ctx.store.saveGovernorMemory(run.id, JSON.stringify(run.governorMemory)),
    );
    await ctx.record(
      run,
      "run:detached",
      { agents: slots.length, reason },
      {
        severity: "medium",
        message: `Paratrack stopped (${reason}) and left ${slots.length} agent(s) running; the next start re-attaches them`,
        actor: "system",
      },
    );
    return slots.length;
  }
}
