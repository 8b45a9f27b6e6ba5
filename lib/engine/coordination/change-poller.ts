// What the tracks really change, live: every poll reads each active track's worktree (is it still there, on its
// branch? what changed since the base?), predicts merges between the branches when a head moved (merge-tree), and
// hands the detections to the conflict protocol. Run by the coordination loop, one poll at a time, all git in child
// processes: the governor's sampling never waits for it.
import { existsSync } from "node:fs";
import type { TrackChanges } from "../../domain/coordination/change-conflict-types";
import { detectChangeConflicts } from "../../domain/coordination/change-conflicts";
import { reconcileConflicts } from "../../domain/coordination/conflict-lifecycle";
import type { ConflictTrack } from "../../domain/coordination/conflicts";
import type { TrackChangeTotals } from "../../domain/coordination/coordination-views";
import { deliveredFiles } from "../../domain/coordination/handoffs";
import { findSharedCommits, tracksTakenFrom } from "../../domain/coordination/shared-commits";
import { type ChangeSet, readAuthoredCommits, readChangeSet, readOwnCommittedPaths } from "../../git/changes";
import type { GitRunner } from "../../git/git-runner";
import { predictPairwise } from "../../git/merge-tree";
import type { RunContext } from "../run/context";
import type { SignalSystem } from "../run/signals";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import type { ConflictProtocol } from "./conflict-protocol";
import type { CoordinationRun, HeadedPrediction, TrackGitState } from "./coordination-state";
import { withoutDeliveredFiles } from "./delivered-files";
import { type GitWorkspace, messageOf } from "./git-workspace";
import { ownTotals, takenPart } from "./own-changes";

/** Paused tracks are read every this many polls. */
const PAUSED_EVERY = 5;
/** The worktree list (is it still registered?) is read every this many polls. */
const HEALTH_EVERY = 10;

export class ChangePoller {
  private inFlight: Promise<void> | null = null;
  private polls = 0;

  constructor(
    private readonly ctx: RunContext,
    private readonly git: GitRunner,
    private readonly workspace: GitWorkspace,
    private readonly signals: SignalSystem,
    private readonly protocol: ConflictProtocol,
    private readonly current: () => CoordinationRun | null,
  ) {}

  /** One poll (joins one under way); `everyTrack` reads paused tracks too (the lead's "check now", tests). */
  pollNow(everyTrack = false): Promise<void> {
    this.inFlight ??= this.poll(everyTrack).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Waits for a poll under way. */
  async stop(): Promise<void> {
    await this.inFlight;
  }

  private async poll(everyTrack: boolean): Promise<void> {
    const run = this.ctx.state.active;
    const coordination = this.current();
    if (!run || !coordination?.setup || coordination.runId !== run.id) return;
    const read = new Set<string>();
    this.polls++;
    for (const state of coordination.tracks.values()) {
      const t = run.tracks.get(state.key);
      if (!t) continue;
      // A paused track changes only by hand (a rebase while it is held): read it every few polls.
      const due =
        t.status === "running" || (t.status === "paused" && (everyTrack || this.polls % PAUSED_EVERY === 0));
      if (!due && !state.readAfterEnd && state.changes !== null) continue;
      state.readAfterEnd = false;
      const delivered = deliveredFiles(coordination.handoffs.values(), state.key);
      if ((await this.readTrack(run, t, state, delivered)) === "changed") read.add(state.key);
    }
    // Nothing moved in any worktree, no scope changed and no track ended: the detections (and the cards) would be as last time.
    if (read.size === 0 && !coordination.detectAgain) return;
    coordination.detectAgain = false;
    await this.readOwnCommits(coordination);
    await this.showTotals(run, coordination, read);
    await this.predict(coordination);
    const detected = detectChangeConflicts({
      tracks: this.trackChanges(run, coordination),
      predictions: coordination.predictions,
      scopeRoot: coordination.setup.scopeRoot ?? "",
    });
    // A conflict that cleared by itself is not on record any more: if it comes back, it is raised again.
    const known = coordination.conflicts.flatMap((c) =>
      c.source === "git" && c.key !== null && c.state !== "cleared"
        ? [
            {
              key: c.key,
              files: c.files,
              state: c.state,
              trackKeys: c.trackKeys,
              recommendation: c.recommendation,
            },
          ]
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
    /** Files handoffs copied into this worktree (path → sha256): not its own work while unchanged. */
    delivered: ReadonlyMap<string, string>,
  ): Promise<"changed" | "same" | "failed"> {
    // The worktree list is asked every few polls (a deleted directory is seen at once, a switched branch in the
    // change set): one git less per track and poll.
    if (!existsSync(state.path) || state.problem !== null || this.polls % HEALTH_EVERY === 0) {
      const health = await this.workspace.health(state);
      if (health.state !== "ok") {
        await this.reportProblem(run, t, state, health.message);
        return "failed";
      }
    }
    if (state.problem !== null) {
      state.problem = null;
      if (t.git) t.git = { ...t.git, problem: null };
      this.ctx.emitTrack(run, t);
    }
    let changes: ChangeSet;
    try {
      changes = await withoutDeliveredFiles(
        await readChangeSet(this.git, state.path, state.baseCommit),
        delivered,
      );
    } catch (error) {
      this.ctx.logger.warn({ err: error, track: t.plan.key }, "could not read a track's changes");
      return "failed";
    }
    if (changes.branch !== state.branch) {
      await this.reportProblem(
        run,
        t,
        state,
        `the worktree at ${state.path} is on ${changes.branch ?? "a detached HEAD"} instead of ${state.branch}: its changes no longer land on the track's branch`,
      );
      return "failed";
    }
    const before = state.changes;
    state.changes = changes;
    // Shown once the poll knows which commits are the track's own (showTotals).
    return before && sameChanges(before, changes) ? "same" : "changed";
  }

  /**
   * The card's totals (and the row's), without what a track took from another's branch, as conflict detection
   * charges it: for each track `read` this poll, and any other whose own part changed (a track it took commits from
   * moved). No git: it uses what readOwnCommits found.
   */
  private async showTotals(run: ActiveRun, coordination: CoordinationRun, read: ReadonlySet<string>) {
    const at = new Date(this.ctx.now()).toISOString();
    for (const state of coordination.tracks.values()) {
      const t = run.tracks.get(state.key);
      if (!t || !state.changes) continue;
      const totals = ownTotals(state.changes, takenPart(state), at);
      const shown = t.git?.changes;
      if (!read.has(state.key) && shown && sameTotals(shown, totals)) continue;
      t.git = {
        worktree: state.path,
        branch: state.branch,
        baseCommit: state.baseCommit,
        changes: totals,
        problem: state.problem,
      };
      this.ctx.emitTrack(run, t);
      await this.ctx.save(`store the changes of ${t.plan.key}`, () =>
        this.ctx.store.saveTrackChanges(t.id, totals),
      );
    }
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

  /**
   * merge-tree between every pair of branches (about 60 ms a pair on an idle machine), computed again only for the
   * pairs whose heads moved since: one track's commit costs n-1 merges, not n(n-1)/2.
   */
  private async predict(coordination: CoordinationRun) {
    const setup = coordination.setup;
    if (!setup?.canPredict) return;
    const branches = [...coordination.tracks.values()]
      .filter((s) => s.changes !== null && s.problem === null)
      .map((s) => ({ key: s.key, branch: s.branch, head: s.changes!.head ?? "" }));
    const known = new Map(coordination.predictions.map((p) => [pairId(p.a, p.aHead, p.b, p.bHead), p]));
    const next: HeadedPrediction[] = [];
    try {
      for (let i = 0; i < branches.length; i++) {
        for (let j = i + 1; j < branches.length; j++) {
          const a = branches[i]!;
          const b = branches[j]!;
          const cached = known.get(pairId(a.key, a.head, b.key, b.head));
          if (cached) {
            next.push(cached);
            continue;
          }
          const [prediction] = await predictPairwise(this.git, setup.repo.root, [a, b]);
          next.push({ ...prediction!, aHead: a.head, bHead: b.head });
        }
      }
      coordination.predictions = next;
    } catch (error) {
      // git too old after all (it was checked at start): go on without predictions.
      setup.canPredict = false;
      this.ctx.logger.warn({ err: error }, `merge-tree predictions are off: ${messageOf(error)}`);
    }
  }

  /**
   * A track that rebased onto (or merged) another track's branch holds that track's commits: the files only they
   * changed are not its edits. Found from the commit lists already read (no git while no two tracks share a commit);
   * then its reflog and own commits are read once per head and shared commits. Unknown on a git error: none taken.
   */
  private async readOwnCommits(coordination: CoordinationRun) {
    const states = [...coordination.tracks.values()].filter((s) => s.changes !== null);
    const shared = findSharedCommits(states.map((s) => ({ key: s.key, commits: s.changes!.commitIds })));
    for (const state of states) {
      const changes = state.changes!;
      const byTrack = shared.get(state.key);
      if (!byTrack) {
        delete state.ownCommitted;
        continue;
      }
      const key = [changes.head, ...[...byTrack].map(([k, commits]) => `${k}:${commits.join(",")}`)].join(
        "|",
      );
      if (state.ownCommitted?.key === key) continue;
      // In the repository, not the worktree: an ended track's worktree may be gone, its branch is not.
      const repo = state.repoRoot;
      try {
        const taken = tracksTakenFrom(byTrack, await readAuthoredCommits(this.git, repo, state.branch));
        // Their commits on its list: a commit taken from two tracks (one had it from the other) counts once.
        const takenCommits = new Set(taken.flatMap((k) => byTrack.get(k) ?? []));
        const heads = taken
          .map((k) => coordination.tracks.get(k)?.changes?.head ?? "")
          .filter((h) => h !== "");
        const paths =
          heads.length === 0 || changes.head === null
            ? null
            : await readOwnCommittedPaths(
                this.git,
                repo,
                { baseCommit: state.baseCommit, head: changes.head },
                heads,
              );
        state.ownCommitted = { key, paths, takenCommits: paths === null ? new Set() : takenCommits };
      } catch (error) {
        // Kept for this head: no git again on every poll; the track is charged with every committed file.
        this.ctx.logger.warn({ err: error, track: state.key }, "could not tell a track's own commits");
        state.ownCommitted = { key, paths: null, takenCommits: new Set() };
      }
    }
  }

  private trackChanges(run: ActiveRun, coordination: CoordinationRun): TrackChanges[] {
    return [...run.tracks.values()]
      .sort((a, b) => a.position - b.position)
      .flatMap((t) => {
        const state = coordination.tracks.get(t.plan.key);
        if (!state?.changes) return [];
        const received = [...state.received, ...takenPart(state).inherited];
        return [{ track: conflictTrack(t), files: state.changes.files, received }];
      });
  }
}

function pairId(a: string, aHead: string, b: string, bHead: string): string {
  return `${a}@${aHead}|${b}@${bHead}`;
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

/** The same figures, whenever they were read. */
function sameTotals(a: TrackChangeTotals, b: TrackChangeTotals): boolean {
  return JSON.stringify({ ...a, at: "" }) === JSON.stringify({ ...b, at: "" });
}
