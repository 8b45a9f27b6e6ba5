// Scope conflicts, the seed's process: an agent says it touched a path (::touch) → detect a violation of the scope
// contracts → assess who yields → pause the loser (both on a tie: the lead rules on the Conflicts page) → record the
// conflict and its resolution.
import path from "node:path";
import {
  type ConflictTrack,
  decideConflictResolution,
  detectScopeViolation,
} from "../../domain/coordination/conflicts";
import { isInScope, toScopePath } from "../../domain/coordination/scope-match";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";
import type { SignalSystem } from "./signals";

const conflictTrack = (t: TrackRuntime): ConflictTrack => ({
  key: t.plan.key,
  scope: t.plan.scope,
  status: t.status,
  tier: t.plan.tier,
  priority: t.plan.priority,
  progressPercent: t.progress,
});

export class ConflictSystem {
  /**
   * Per run: who touched each path outside every scope (relative to the workdir), so a second track's touch of it is
   * an overlap. Loaded once from the run's stored ::touch conflicts, so a restarted server knows the touches before.
   */
  private readonly touches = new WeakMap<ActiveRun, Promise<Map<string, Set<string>>>>();

  constructor(
    private readonly ctx: RunContext,
    private readonly signals: SignalSystem,
  ) {}

  /** Called under the toucher's lock; a repeated touch of the same path in one attempt is recorded once. */
  async checkScope(run: ActiveRun, t: TrackRuntime, touchedPath: string): Promise<void> {
    const { ctx } = this;
    if (t.plan.scope.length === 0) return;
    // Tracks in a git worktree are judged by what they really change (lib/engine/coordination); ::touch is for the rest.
    if (run.plan.repo && t.plan.worktree !== false) return;
    const relative = toScopePath(path.resolve(t.plan.workdir, touchedPath), path.resolve(run.plan.workdir));
    const touchers = await this.touchersOf(run, relative);
    const tracks = [...run.tracks.values()].map(conflictTrack);
    const conflict = detectScopeViolation(conflictTrack(t), relative, tracks, [...touchers]);
    // Inside a scope, the owner decides (detectScopeViolation): only unowned paths need their touchers remembered.
    if (!tracks.some((c) => isInScope(c.scope, relative))) touchers.add(t.plan.key);
    if (!conflict || t.conflictPaths.has(`${conflict.kind}:${conflict.path}`)) return;
    t.conflictPaths.add(`${conflict.kind}:${conflict.path}`);
    // An overlap found from earlier touches is one conflict between the tracks: the earlier toucher's next touch of
    // the path does not raise it again from its side.
    if (conflict.kind === "overlapping-work" && conflict.otherTrackKeys.some((k) => touchers.has(k)))
      for (const key of conflict.otherTrackKeys)
        run.tracks.get(key)?.conflictPaths.add(`${conflict.kind}:${conflict.path}`);
    const other = conflict.otherTrackKeys.map((k) => run.tracks.get(k)).find((o) => o !== undefined);
    const resolution = other
      ? decideConflictResolution(conflict, conflictTrack(t), conflictTrack(other))
      : null;
    const loser = resolution?.loser ? run.tracks.get(resolution.loser) : undefined;
    const at = new Date(ctx.now()); // now, not when a write that waited for the database is made
    await ctx.save(`store the conflict of ${t.plan.key}`, () =>
      ctx.store.createConflict({
        at,
        runId: run.id,
        kind: conflict.kind,
        severity: conflict.severity,
        trackKeys: [conflict.trackKey, ...conflict.otherTrackKeys],
        description: conflict.message,
        files: [conflict.path],
        status: resolution?.action === "escalate" ? "open" : "resolved",
        // In words, as the Conflicts page shows it: what was done, and why.
        resolution: resolution
          ? `${resolution.steps.find((s) => s.step === "implement")?.text ?? resolution.action}: ${resolution.reason}`
          : "recorded: the track touched a path outside its scope",
      }),
    );
    await ctx.record(
      run,
      "conflict:detected",
      { conflict, resolution },
      {
        severity: conflict.severity === "info" ? "low" : conflict.severity,
        message: `Scope conflict (${conflict.kind}): ${conflict.message}${resolution ? ` — ${resolution.reason}` : ""}`,
        actor: "system",
        trackKey: t.plan.key,
      },
    );
    // The seed's "immediate pause": the loser, or both tracks while the lead decides a tie (the Conflicts page's
    // rulings resume them).
    const paused =
      resolution?.action === "pause-loser" && loser
        ? [loser]
        : resolution?.action === "escalate" && other
          ? [t, other]
          : [];
    const reason = `scope conflict on ${conflict.path}: ${resolution?.reason ?? ""}`;
    for (const track of paused) await this.pause(run, t, track, reason);
  }

  private async touchersOf(run: ActiveRun, relative: string): Promise<Set<string>> {
    let loading = this.touches.get(run);
    if (!loading) {
      loading = this.ctx.store.listTouchConflicts(run.id).then(
        (recorded) => restoreTouches(run, recorded),
        (error: unknown) => {
          this.ctx.logger.warn({ err: error }, "could not read the run's touched paths");
          return new Map<string, Set<string>>();
        },
      );
      this.touches.set(run, loading);
    }
    const byPath = await loading;
    let touchers = byPath.get(relative);
    if (!touchers) {
      touchers = new Set();
      byPath.set(relative, touchers);
    }
    return touchers;
  }

  /** SIGSTOP for a running track; the toucher's own lock is held, another track's lock serialises its pause. */
  private async pause(run: ActiveRun, toucher: TrackRuntime, track: TrackRuntime, reason: string) {
    const pause = async () => {
      if (track.status === "running")
        await this.signals.signalTrack(run, track, "pause", "system", reason, "conflict");
    };
    if (track === toucher) await pause();
    else
      this.ctx.background(
        `pausing track ${track.plan.key} for a conflict`,
        this.ctx.withLock(track, pause),
        run,
        track.plan.key,
      );
  }
}

/**
 * Who touched which path, from the run's recorded ::touch conflicts (a restarted server's memory of them), and each
 * track's record of the conflicts already raised, so a touch read again from its log is not recorded twice.
 */
function restoreTouches(
  run: ActiveRun,
  recorded: readonly { kind: string; trackKeys: string[]; files: string[] }[],
): Map<string, Set<string>> {
  const touched = new Map<string, Set<string>>();
  for (const conflict of recorded) {
    for (const file of conflict.files) {
      const keys = touched.get(file) ?? new Set<string>();
      for (const key of conflict.trackKeys) {
        keys.add(key);
        run.tracks.get(key)?.conflictPaths.add(`${conflict.kind}:${file}`);
      }
      touched.set(file, keys);
    }
  }
  return touched;
}
