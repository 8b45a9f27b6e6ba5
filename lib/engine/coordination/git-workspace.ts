// The plan's repository and the tracks' worktrees: checked before a run is stored (not a repository: refused; old git
// or a dirty base: said as events), and a worktree per track made (or taken up again) before its agents start.
// Nothing here forces: no `reset --hard`, no forced removal, no deletion of a branch.
import { existsSync } from "node:fs";
import type { PlanIssue } from "../../domain/plan/plan-validate";
import type { Plan } from "../../domain/types";
import { type GitRunner, isGitError } from "../../git/git-runner";
import { checkBase, ensureExcluded, inspectRepository, type RepositoryInfo } from "../../git/repository";
import { checkGitVersion } from "../../git/version";
import {
  addTrackWorktree,
  checkTrackWorktree,
  defaultWorktreePath,
  pathInWorktree,
  scopeRootOf,
  trackBranchName,
  unlockWorktree,
  type WorktreeHealth,
} from "../../git/worktrees";
import { PlanRejectedError } from "../errors";
import type { RunContext } from "../run/context";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import type { CoordinationRun, TrackGitState } from "./coordination-state";

/** What the repository check found before the run was stored. */
export type RepositoryCheck = {
  repo: RepositoryInfo;
  baseCommit: string;
  baseRef: string;
  /** The plan's workdir relative to the repository root ("" = the root); null when it lies outside. */
  scopeRoot: string | null;
  /** git ≥ 2.38: merge-tree predictions are possible. */
  canPredict: boolean;
  /** Said to the lead as events once the run exists (old git, dirty base, workdir outside the repository). */
  warnings: string[];
};

/** Paratrack's notes in worktrees (handoff documents) are not the tracks' changes. */
const EXCLUDED = "/.paratrack/";

export class GitWorkspace {
  constructor(
    private readonly ctx: RunContext,
    private readonly git: GitRunner,
  ) {}

  /**
   * Checks the plan's repository before the run is stored: a path that is not a repository (or a base that names no
   * commit) refuses the run with the problem named; an old git or a dirty base are warnings. Null without `repo`.
   */
  async checkRepository(
    plan: Plan,
    source: { fileName: string; text: string },
  ): Promise<RepositoryCheck | null> {
    if (!plan.repo) return null;
    const refuse = (message: string): never => {
      const line = source.text.split("\n").findIndex((l) => /^repo\s*:/.test(l)) + 1;
      const issue: PlanIssue = {
        file: source.fileName,
        line: Math.max(1, line),
        column: 1,
        path: "repo",
        message,
        severity: "error",
      };
      throw new PlanRejectedError([issue], []);
    };
    const version = await checkGitVersion(this.git);
    if (!version.ok && version.version === null) refuse(`git is needed for "repo": ${version.problem}`);
    let repo: RepositoryInfo;
    try {
      repo = await inspectRepository(this.git, plan.repo.path);
    } catch (error) {
      return refuse(messageOf(error));
    }
    let base: Awaited<ReturnType<typeof checkBase>>;
    try {
      base = await checkBase(this.git, repo, plan.repo.base);
    } catch (error) {
      return refuse(messageOf(error));
    }
    const warnings = [...base.warnings];
    if (!version.ok) warnings.push(version.problem);
    const scopeRoot = scopeRootOf(plan.workdir, repo.root);
    if (scopeRoot === null)
      warnings.push(
        `the plan's workdir ${plan.workdir} lies outside the repository ${repo.root}: scope contracts cannot be checked against the tracks' changes`,
      );
    await ensureExcluded(repo, EXCLUDED).catch((error: unknown) =>
      warnings.push(`could not add ${EXCLUDED} to ${repo.commonDir}/info/exclude: ${messageOf(error)}`),
    );
    return {
      repo,
      baseCommit: base.commit,
      baseRef: base.ref,
      scopeRoot,
      canPredict: version.ok,
      warnings,
    };
  }

  /**
   * The track's worktree, made before its agents start (or taken up again after a restart, or after it was deleted by
   * hand: the branch is this run's own, so its commits are checked out again). Sets where the agents run. Returns the
   * problem in words when the track cannot start there.
   */
  async prepare(run: ActiveRun, coordination: CoordinationRun, t: TrackRuntime): Promise<string | null> {
    const setup = coordination.setup;
    if (!setup || t.plan.worktree === false) return null;
    const state = await this.ensureWorktree(run, coordination, t);
    if (typeof state === "string") return state;
    const workdir = pathInWorktree(t.plan.workdir, setup.repo.root, state.path);
    t.workdir = workdir ?? t.plan.workdir;
    return null;
  }

  /** Creates the worktree if the track has none yet (a handoff may need it before the receiver starts). */
  async ensureWorktree(
    run: ActiveRun,
    coordination: CoordinationRun,
    t: TrackRuntime,
  ): Promise<TrackGitState | string> {
    const setup = coordination.setup!;
    const known = coordination.tracks.get(t.plan.key);
    const branch = known?.branch ?? trackBranchName(coordination.branchId, t.plan.key);
    const path = known?.path ?? defaultWorktreePath(setup.repo.root, coordination.branchId, t.plan.key);
    if (known && existsSync(known.path) && (await this.health(known)).state === "ok") {
      await this.lock(run, known);
      return known;
    }
    try {
      const worktree = await addTrackWorktree(this.git, {
        repo: setup.repo.root,
        path,
        branch,
        baseCommit: known?.baseCommit ?? setup.baseCommit,
        lockReason: lockReasonOf(run, t),
        // Only a branch this run's own record says it created is taken up again.
        adopt: known !== undefined,
      });
      const state: TrackGitState = known ?? {
        key: t.plan.key,
        repoRoot: setup.repo.root,
        path: worktree.path,
        branch: worktree.branch,
        baseCommit: worktree.baseCommit,
        changes: null,
        problem: null,
        received: new Set(),
        readAfterEnd: false,
      };
      state.problem = null;
      coordination.tracks.set(t.plan.key, state);
      t.git = {
        worktree: state.path,
        branch: state.branch,
        baseCommit: state.baseCommit,
        changes: t.git?.changes ?? null,
        problem: null,
      };
      await this.ctx.save(`store the worktree of ${t.plan.key}`, () =>
        this.ctx.store.saveTrackWorktree(t.id, {
          path: state.path,
          branch: state.branch,
          baseCommit: state.baseCommit,
        }),
      );
      await this.ctx.record(
        run,
        "git:worktree",
        { path: state.path, branch: state.branch, baseCommit: state.baseCommit, created: worktree.created },
        {
          severity: "info",
          message: `Track ${t.plan.key}: ${known ? "worktree restored" : worktree.created ? "worktree created" : "worktree taken up again"} at ${state.path} on branch ${state.branch} (base ${state.baseCommit.slice(0, 12)})`,
          actor: "system",
          trackKey: t.plan.key,
        },
      );
      return state;
    } catch (error) {
      const problem = `track ${t.plan.key} cannot get its git worktree: ${messageOf(error)}`;
      await this.ctx.record(
        run,
        "git:problem",
        { problem, trackKey: t.plan.key },
        { severity: "high", message: problem, actor: "system", trackKey: t.plan.key },
      );
      return problem;
    }
  }

  /** Is the worktree still there and on its branch? (never throws) */
  async health(state: TrackGitState): Promise<WorktreeHealth> {
    try {
      return await checkTrackWorktree(this.git, {
        repo: state.repoRoot,
        path: state.path,
        branch: state.branch,
      });
    } catch (error) {
      return { state: "not-registered", message: messageOf(error) };
    }
  }

  /** The track is over: its worktree stays (its work is not merged yet), but no longer locked. */
  async release(coordination: CoordinationRun, key: string): Promise<void> {
    const state = coordination.tracks.get(key);
    if (!coordination.setup || !state || !existsSync(state.path)) return;
    await unlockWorktree(this.git, coordination.setup.repo.root, state.path).catch((error: unknown) =>
      this.ctx.logger.warn({ err: error, track: key }, "could not unlock a track's worktree"),
    );
  }

  private async lock(run: ActiveRun, state: TrackGitState): Promise<void> {
    const t = run.tracks.get(state.key);
    if (!t) return;
    // addTrackWorktree on an existing worktree of its branch only locks it again.
    await addTrackWorktree(this.git, {
      repo: state.repoRoot,
      path: state.path,
      branch: state.branch,
      baseCommit: state.baseCommit,
      lockReason: lockReasonOf(run, t),
      adopt: true,
    }).catch((error: unknown) =>
      this.ctx.logger.warn({ err: error, track: state.key }, "could not lock a track's worktree"),
    );
  }
}

function lockReasonOf(run: ActiveRun, t: TrackRuntime): string {
  return `paratrack run ${run.id} track ${t.plan.key} is working here`;
}

export function messageOf(error: unknown): string {
  if (isGitError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
