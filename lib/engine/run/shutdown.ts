// Shutting the run down with the server (or Ctrl-C): quality gates cancelled, every agent stopped (SIGCONT first:
// never leave a child frozen) and waited for, tracks not yet started marked stopped, and the run ended.
import { isActive } from "../../domain/track-lifecycle";
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
    if (!run || run.finished) return;
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
}
