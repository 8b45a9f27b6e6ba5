// After a restart the stored state is the truth: a paused track's processes are stopped, a running one's are not
// left stopped (the server may have died between a signal and storing it). One /proc scan tells which agents of the
// re-attached tracks need a signal at all.
import { isStoppedState, type ProcSnapshot, readProcSnapshot } from "../../monitor/process-tree";
import { remoteJobStates } from "../executors/slurm-recovery";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";

/** Signals the re-attached agents of `tracks` into their stored state; records a signal that did not take. */
export async function matchStoredSignals(
  ctx: RunContext,
  run: ActiveRun,
  tracks: readonly TrackRuntime[],
): Promise<void> {
  const snapshot = readProcSnapshot("/proc", { detailPids: () => [] });
  for (const t of tracks) await matchTrack(ctx, run, t, snapshot);
}

async function matchTrack(ctx: RunContext, run: ActiveRun, t: TrackRuntime, snapshot: ProcSnapshot) {
  const live = t.agents.filter((a) => a.handle && !a.exit);
  for (const slot of live) {
    const states =
      remoteJobStates(slot.handle!) ??
      slot.handle!.treePidsIn(snapshot).map((pid) => snapshot.get(pid)?.state ?? "X");
    const stopped = states.filter((state) => isStoppedState(state)).length;
    const wantStopped = t.status === "paused";
    if (wantStopped ? stopped === states.length : stopped === 0) continue;
    const check = wantStopped ? await slot.handle!.pause() : await slot.handle!.resume();
    if (!check.ok && check.outcome === "signalled") {
      await ctx.record(
        run,
        "signal:failed",
        { unchanged: check.unchanged, errors: check.errors },
        {
          severity: "high",
          message: `Track ${t.plan.key}: after the restart, agent ${slot.name} did not reach the ${t.status} state`,
          actor: "system",
          trackKey: t.plan.key,
        },
      );
    }
  }
}
