// Shutting the run down with the server (or Ctrl-C): quality gates cancelled, every agent stopped (SIGCONT first:
// never leave a child frozen) and waited for, tracks not yet started marked stopped, and the run ended; and,
// ended or not, what agents left behind (a background job outliving its leader) ended before the process may go.
import { isActive } from "../../domain/track-lifecycle";
import type { ActiveRun } from "../track-runtime";
import type { AttemptSystem } from "./attempts";
import type { RunContext } from "./context";
import type { QualityGateSystem } from "./quality-gates";

/** Agents get this long after SIGTERM before SIGKILL when the server shuts down. */
const SHUTDOWN_GRACE_MS = 3_000;

export class ShutdownSystem {
  constructor(
    private readonly ctx: RunContext,
    private readonly attempts: AttemptSystem,
    private readonly gates: QualityGateSystem,
  ) {}

  async shutdown(reason: string): Promise<void> {
    const { ctx } = this;
    await this.gates.cancelAll();
    const run = ctx.state.active;
    if (!run) return;
    if (!run.finished) await this.stopRun(run, reason);
    await this.endLeftovers(run);
  }

  private async stopRun(run: ActiveRun, reason: string): Promise<void> {
    const { ctx } = this;
    await Promise.all(
      [...run.tracks.values()]
        .filter((t) => isActive(t.status))
        .map(async (t) => {
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
}
