// A completed track's own test command, run as its quality gate (after the track, not blocking the run), and
// cancelled with everything it started when the run is shut down.
import { describeEnded, endOrphanedGate, trackGateTag } from "../gate-orphans";
import { runQualityGate } from "../quality-gate";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";

/** A gate under way: its own cancellation (a new attempt of its track begins) and its end. */
type RunningGate = { cancel: AbortController; done: Promise<void> };

export class QualityGateSystem {
  private readonly running = new Set<Promise<void>>();
  /** The gate under way of each track, by track id. */
  private readonly byTrack = new Map<string, RunningGate>();
  private abort = new AbortController();

  constructor(private readonly ctx: RunContext) {}

  /** A new run's gates must not inherit the last shutdown's cancellation. */
  prepareForRun(): void {
    if (this.abort.signal.aborted) this.abort = new AbortController();
  }

  /**
   * Runs the track's gate in the background (or marks it skipped when the plan gives none). `again`: the gate runs
   * again after a restart cut it off, so what is left of the last one is ended first.
   */
  start(run: ActiveRun, t: TrackRuntime, again = false): void {
    const cancel = new AbortController();
    const gate: Promise<void> = (again ? this.endOrphans(run, t) : Promise.resolve())
      .then(() => this.runGate(run, t, cancel.signal))
      .catch((error: unknown) =>
        this.ctx.logger.error({ err: error, track: t.plan.key }, "quality gate failed to run"),
      )
      .finally(() => {
        this.running.delete(gate);
        if (this.byTrack.get(t.id)?.done === gate) this.byTrack.delete(t.id);
      });
    this.running.add(gate);
    this.byTrack.set(t.id, { cancel, done: gate });
  }

  /**
   * A new attempt of the track begins (the lead restarts a completed track): a gate still testing the attempt
   * before is ended with what it started (its verdict: cancelled) and waited for. It would test files the new
   * agents are changing, and its verdict, given later, would be taken for the new attempt's.
   */
  async cancelFor(t: TrackRuntime): Promise<void> {
    const gate = this.byTrack.get(t.id);
    if (!gate) return;
    gate.cancel.abort(new Error(`attempt ${t.attempts + 1} of track ${t.plan.key} begins`));
    await gate.done;
  }

  /** Ends every gate still running (its verdict: cancelled) and waits until they have recorded so. */
  async cancelAll(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.running);
  }

  /**
   * A gate the server's death cut off may still run as an orphan (so may a child of a cancelled one that ignored
   * SIGTERM): ended, found by its tag, and an event names it.
   */
  private async endOrphans(run: ActiveRun, t: TrackRuntime): Promise<void> {
    const orphans = await endOrphanedGate(trackGateTag(t.id));
    if (orphans.pids.length === 0) return;
    await this.ctx.record(run, "track:test-orphans", orphans, {
      severity: "medium",
      message: `The quality gate of track ${t.plan.key} cut off by the restart still ran: ${describeEnded(orphans)} before it runs again`,
      actor: "system",
      trackKey: t.plan.key,
    });
  }

  private async runGate(run: ActiveRun, t: TrackRuntime, cancel: AbortSignal) {
    const { ctx } = this;
    if (!t.plan.test) {
      t.testStatus = "skipped";
      await ctx.persistTrack(run, t);
      ctx.bus.emit("trackGateFinished", { runId: run.id, trackKey: t.plan.key, outcome: "skipped" });
      return;
    }
    t.testStatus = "running";
    await ctx.persistTrack(run, t);
    const result = await runQualityGate({
      command: t.plan.test,
      // In the track's git worktree when it has one (issue 13): the gate tests the track's own branch.
      workdir: t.workdir,
      env: t.plan.env,
      tag: trackGateTag(t.id),
      signal: AbortSignal.any([this.abort.signal, cancel]),
    });
    t.testStatus = result.cancelled ? "cancelled" : result.passed ? "passed" : "failed";
    await ctx.save(`store the test output of ${t.plan.key}`, () =>
      ctx.store.saveTestOutput(t.id, result.output),
    );
    await ctx.persistTrack(run, t);
    const why = cancel.aborted && cancel.reason instanceof Error ? ` (${cancel.reason.message})` : "";
    const verdict = result.cancelled ? `was cancelled${why}` : result.passed ? "passed" : "failed";
    const outcome = result.cancelled ? "cancelled" : result.passed ? "passed" : "failed";
    await ctx.record(
      run,
      "track:test",
      {
        command: t.plan.test,
        exitCode: result.exitCode,
        durationMs: result.durationMs,
        cancelled: result.cancelled,
      },
      {
        severity: result.passed ? "info" : result.cancelled ? "medium" : "high",
        message: `Quality gate of track ${t.plan.key} ${verdict}: \`${t.plan.test}\` ${result.summary}`,
        actor: "system",
        trackKey: t.plan.key,
      },
    );
    ctx.bus.emit("trackGateFinished", { runId: run.id, trackKey: t.plan.key, outcome });
  }
}
