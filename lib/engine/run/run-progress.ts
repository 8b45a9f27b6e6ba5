// After a track's status changed, the plan moves on: dependants become ready (or wait for their handoffs, or wait
// for ever behind a failed dependency), the run ends when nothing more can happen, and the governor looks at once.
import { resolveDependencies, runOutcome } from "../../domain/phases/track-lifecycle";
import type { CoordinationSystem } from "../coordination/coordination-system";
import type { ActiveRun } from "../track-runtime";
import type { RunContext } from "./context";

/** Dependencies, the run's end, and a governor look at once when tracks became ready. */
export async function moveRunOn(
  ctx: RunContext,
  coordination: Pick<CoordinationSystem, "holdReason">,
  run: ActiveRun,
): Promise<void> {
  const list = [...run.tracks.values()];
  const { ready, blocked } = resolveDependencies(
    list.map((t) => ({ key: t.plan.key, status: t.status, dependsOn: t.plan.dependsOn })),
  );
  for (const key of ready) {
    const t = run.tracks.get(key)!;
    // Issue 13: a receiver waits for its handoffs (delivered, and acknowledged when the plan asks the lead to).
    const hold = coordination.holdReason(run, key);
    if (hold) {
      if (t.waitReason !== hold) {
        t.waitReason = hold;
        ctx.emitTrack(run, t);
      }
      continue;
    }
    t.status = "ready";
    t.queuedAt = ctx.now();
    t.waitReason = null;
    t.waitKind = null;
    await ctx.persistTrack(run, t);
  }
  for (const b of blocked) {
    const t = run.tracks.get(b.key)!;
    if (t.waitReason !== `waiting forever: ${b.reason}`) {
      t.waitReason = `waiting forever: ${b.reason}`;
      ctx.emitTrack(run, t);
    }
  }
  // Issue 15: a dependency restarted (or completed): "waiting forever" no longer holds for those still pending.
  const stillBlocked = new Set(blocked.map((b) => b.key));
  for (const t of list) {
    if (t.status !== "pending" || stillBlocked.has(t.plan.key)) continue;
    if (!t.waitReason?.startsWith("waiting forever: ")) continue;
    t.waitReason = null;
    ctx.emitTrack(run, t);
  }
  const outcome = runOutcome(
    list.map((t) => ({ key: t.plan.key, status: t.status, dependsOn: t.plan.dependsOn })),
  );
  if (outcome && !run.finished) {
    run.finished = true;
    const endedAt = new Date(ctx.now()); // now, not when a write that waited for the database is made
    await ctx.save(`store the end of run ${run.id}`, () => ctx.store.setRunStatus(run.id, outcome, endedAt));
    await ctx.record(
      run,
      "run:ended",
      { status: outcome, reason: null },
      {
        severity: outcome === "completed" ? "info" : "high",
        message: `Run "${run.name}" ${outcome}`,
        actor: "system",
      },
    );
    await ctx.emitRun(run);
    ctx.bus.emit("runEnded", { runId: run.id, status: outcome });
    return;
  }
  if (ready.length > 0) ctx.bus.emit("tracksReady", { runId: run.id });
}
