// What the tracks really change, live: every poll reads each active track's worktree (is it still there, on its
// branch? what changed since the base?), predicts merges between the branches when a head moved (merge-tree), and
// hands the detections to the conflict protocol. Run by the coordination loop, one poll at a time, all git in child
// processes: the governor's sampling never waits for it.
import type { TrackChanges } from "../../domain/change-conflict-types";
import { detectChangeConflicts } from "../../domain/change-conflicts";
import { reconcileConflicts } from "../../domain/conflict-lifecycle";
import type { ConflictTrack } from "../../domain/conflicts";
import type { TrackChangeTotals } from "../../domain/coordination-views";
import { type ChangeSet, readChangeSet } from "../../git/changes";
import type { GitRunner } from "../../git/git-runner";
import { predictPairwise } from "../../git/merge-tree";
import type { RunContext } from "../run/context";
import type { SignalSystem } from "../run/signals";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import type { ConflictProtocol } from "./conflict-protocol";
import type { CoordinationRun, TrackGitState } from "./coordination-state";
import { type GitWorkspace, messageOf } from "./git-workspace";

/** Paths shown per track (the card's list); the totals count them all. */
const PATHS_SHOWN = 50;

export class ChangePoller {
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly ctx: RunContext,
    private readonly git: GitRunner,
    private readonly workspace: GitWorkspace,
    private readonly signals: SignalSystem,
    private readonly protocol: ConflictProtocol,
    private readonly current: () => CoordinationRun | null,
  ) {}

  /** One poll (joins one under way): the coordination loop's, a test's, or the lead's "check now". */
  pollNow(): Promise<void> {
    this.inFlight ??= this.poll().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Waits for a poll under way. */
  async stop(): Promise<void> {
    await this.inFlight;
  }

  private async poll(): Promise<void> {
    const run = this.ctx.state.active;
    const coordination = this.current();
    if (!run || !coordination?.setup || coordination.runId !== run.id) return;
    let changed = false;
    for (const state of coordination.tracks.values()) {
      const t = run.tracks.get(state.key);
      if (!t) continue;
      const active = t.status === "running" || t.status === "paused";
      if (!active && !state.readAfterEnd && state.changes !== null) continue;
      state.readAfterEnd = false;
      if ((await this.readTrack(run, t, state)) === "changed") changed = true;
    }
    // Nothing moved in any worktree: the detections would be the same as last time.
    if (!changed) return;
    await this.predict(coordination);
    const detected = detectChangeConflicts({
      tracks: this.trackChanges(run, coordination),
      predictions: coordination.predictions,
      scopeRoot: coordination.setup.scopeRoot ?? "",
    });
    // A conflict that cleared by itself is not on record any more: if it comes back, it is raised again.
    const known = coordination.conflicts.flatMap((c) =>
      c.source === "git" && c.key !== null && c.state !== "cleared"
        ? [{ key: c.key, files: c.files, state: c.state }]
        : [],
    );
    const update = reconcileConflicts(known, detected);
    await this.protocol.reconcile(run, coordination, detected, update);
  }

  /** Reads one track's worktree ("failed": its problem is then an event and the track paused). */
  private async readTrack(
    run: ActiveRun,
    t: TrackRuntime,
    state: TrackGitState,
  ): Promise<"changed" | "same" | "failed"> {
    const health = await this.workspace.health(state);
    if (health.state !== "ok") {
      await this.reportProblem(run, t, state, health.message);
      return "failed";
    }
    if (state.problem !== null) {
      state.problem = null;
      if (t.git) t.git = { ...t.git, problem: null };
      this.ctx.emitTrack(run, t);
    }
    let changes: ChangeSet;
    try {
      changes = await readChangeSet(this.git, state.path, state.baseCommit);
    } catch (error) {
      this.ctx.logger.warn({ err: error, track: t.plan.key }, "could not read a track's changes");
      return "failed";
    }
    const before = state.changes;
    state.changes = changes;
    if (before && sameChanges(before, changes)) return "same";
    const totals = toTotals(changes, new Date(this.ctx.now()).toISOString());
    t.git = {
      worktree: state.path,
      branch: state.branch,
      baseCommit: state.baseCommit,
      changes: totals,
      problem: null,
    };
    this.ctx.emitTrack(run, t);
    await this.ctx.save(`store the changes of ${t.plan.key}`, () =>
      this.ctx.store.saveTrackChanges(t.id, totals),
    );
    return "changed";
  }

  /** The worktree was deleted by hand or switched branch: say so once, and pause the track (nothing more is lost). */
  private async reportProblem(run: ActiveRun, t: TrackRuntime, state: TrackGitState, problem: string) {
    if (state.problem === problem) return;
    state.problem = problem;
    t.git = t.git ? { ...t.git, problem } : null;
    this.ctx.emitTrack(run, t);
    await this.ctx.record(
      run,
      "git:problem",
      { problem, trackKey: t.plan.key },
      { severity: "high", message: `Track ${t.plan.key}: ${problem}`, actor: "system", trackKey: t.plan.key },
    );
    await this.ctx.withLock(t, async () => {
      if (t.status === "running")
        await this.signals.signalTrack(run, t, "pause", "system", `worktree problem: ${problem}`, "conflict");
    });
  }

  /** merge-tree between every pair of branches, again only when a head moved (about 60 ms a pair). */
  private async predict(coordination: CoordinationRun) {
    const setup = coordination.setup;
    if (!setup?.canPredict) return;
    const branches = [...coordination.tracks.values()]
      .filter((s) => s.changes !== null && s.problem === null)
      .map((s) => ({ key: s.key, branch: s.branch, head: s.changes!.head ?? "" }));
    const heads = branches.map((b) => `${b.key}=${b.head}`).join(",");
    if (heads === coordination.predictedHeads) return;
    try {
      coordination.predictions = await predictPairwise(this.git, setup.repo.root, branches);
      coordination.predictedHeads = heads;
    } catch (error) {
      // git too old after all (it was checked at start): go on without predictions.
      setup.canPredict = false;
      this.ctx.logger.warn({ err: error }, `merge-tree predictions are off: ${messageOf(error)}`);
    }
  }

  private trackChanges(run: ActiveRun, coordination: CoordinationRun): TrackChanges[] {
    return [...run.tracks.values()]
      .sort((a, b) => a.position - b.position)
      .flatMap((t) => {
        const state = coordination.tracks.get(t.plan.key);
        if (!state?.changes) return [];
        return [{ track: conflictTrack(t), files: state.changes.files, received: [...state.received] }];
      });
  }
}

function conflictTrack(t: TrackRuntime): ConflictTrack {
  return {
    key: t.plan.key,
    scope: t.plan.scope,
    status: t.status,
    tier: t.plan.tier,
    priority: t.plan.priority,
    progressPercent: t.progress,
  };
}

function sameChanges(a: ChangeSet, b: ChangeSet): boolean {
  if (a.head !== b.head || a.commits !== b.commits || a.files.length !== b.files.length) return false;
  return a.files.every((f, i) => {
    const g = b.files[i]!;
    return (
      f.path === g.path &&
      f.added === g.added &&
      f.removed === g.removed &&
      f.committed === g.committed &&
      f.uncommitted === g.uncommitted
    );
  });
}

function toTotals(changes: ChangeSet, at: string): TrackChangeTotals {
  return {
    files: changes.totals.files,
    added: changes.totals.added,
    removed: changes.totals.removed,
    commits: changes.commits,
    paths: changes.files.slice(0, PATHS_SHOWN).map((f) => ({
      path: f.path,
      added: f.added,
      removed: f.removed,
      committed: f.committed,
    })),
    at,
  };
}
