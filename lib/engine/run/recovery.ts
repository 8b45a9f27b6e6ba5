// After a restart: runs the previous server process left "running" are marked stopped, since their agents are
// gone with it (agents that outlive the server will be re-attached here instead).
import type { RunContext } from "./context";

export class RecoverySystem {
  constructor(private readonly ctx: RunContext) {}

  async recoverAfterRestart(): Promise<void> {
    const { ctx } = this;
    for (const run of await ctx.store.listUnfinishedRuns()) {
      await ctx.store.markRunStopped(run.id, new Date(ctx.now()), "stopped: the server restarted");
      await ctx.events.record(
        "run:ended",
        { status: "stopped", reason: "the server restarted" },
        {
          severity: "high",
          message: `Run "${run.name}" was stopped: the server restarted while it ran`,
          actor: "system",
          runId: run.id,
          trackKey: null,
        },
      );
    }
  }
}
