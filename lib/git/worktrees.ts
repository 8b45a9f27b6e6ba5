// A git worktree per track on its own branch: create, find, check (deleted by hand?), and remove only when merged.
// Nothing here forces: no `worktree add -f`, no `remove --force`, no `branch -D`, no `reset --hard`.
import { existsSync, readdirSync, realpathSync } from "node:fs";
import nodePath from "node:path";
import { GitError, type GitRunner, isGitError } from "./git-runner";
import { parseWorktreeList, type WorktreeEntry } from "./porcelain";

/** The prefix of every branch Paratrack creates; `paratrack cleanup` looks only at these. */
export const BRANCH_PREFIX = "paratrack/";

/** `paratrack/<run>/<track>`; characters a branch name cannot hold become "-". */
export function trackBranchName(runId: string, trackKey: string): string {
  return `${BRANCH_PREFIX}${refSafe(runId)}/${refSafe(trackKey)}`;
}

/** `paratrack/<run>/integration`, where phase 5 merges the track branches. */
export function integrationBranchName(runId: string): string {
  return `${BRANCH_PREFIX}${refSafe(runId)}/integration`;
}

/** Where a track's worktree goes by default: beside the repository, `<repo>.paratrack/<run>/<track>`. */
export function defaultWorktreePath(repoRoot: string, runId: string, name: string): string {
  const parent = nodePath.dirname(repoRoot);
  return nodePath.join(parent, `${nodePath.basename(repoRoot)}.paratrack`, refSafe(runId), refSafe(name));
}

/**
 * A directory of the repository (a track's workdir, the plan's workdir) as it lies inside a worktree: where the
 * track's agents run, or, given the repository itself, the scope root for detectChangeConflicts (""). Null when the
 * directory is outside the repository.
 */
export function pathInWorktree(directory: string, repoRoot: string, worktreePath: string): string | null {
  const relative = nodePath.relative(nodePath.resolve(repoRoot), nodePath.resolve(directory));
  if (isOutside(relative)) return null;
  return relative === "" ? worktreePath : nodePath.join(worktreePath, relative);
}

/** The plan's workdir relative to the repository root ("" = the root): where scope globs are anchored. */
export function scopeRootOf(planWorkdir: string, repoRoot: string): string | null {
  const relative = nodePath.relative(nodePath.resolve(repoRoot), nodePath.resolve(planWorkdir));
  if (isOutside(relative)) return null;
  return relative.split(nodePath.sep).join("/");
}

function isOutside(relative: string): boolean {
  return relative === ".." || relative.startsWith(`..${nodePath.sep}`) || nodePath.isAbsolute(relative);
}

function refSafe(part: string): string {
  const cleaned = part
    .replace(/[^A-Za-z0-9._-]/g, "-")
    .replace(/\.{2,}/g, ".")
    .replace(/^[.-]+/, "")
    .replace(/(\.lock|\.)$/i, "");
  return cleaned === "" ? "_" : cleaned;
}

export type TrackWorktree = {
  path: string;
  branch: string;
  /** The commit the branch started from: diffs and merge checks compare against it. */
  baseCommit: string;
  /** False when an existing worktree of this branch at this path was taken up again (after a restart). */
  created: boolean;
};

export type AddTrackWorktreeOptions = {
  /** The repository's root (any of its worktrees works). */
  repo: string;
  /** Where the worktree goes; must not exist, or be an empty directory. */
  path: string;
  branch: string;
  /** The commit to branch from (resolve the plan's base first). */
  baseCommit: string;
  /** Locks the worktree so no `git worktree remove/prune` (ours or the lead's) takes it while the track runs. */
  lockReason?: string;
  /** The refusal's other way out when the branch is taken (default "start a new run": a run's branches are its own). */
  otherWay?: string;
  /**
   * The branch already exists and the caller knows it is this run's (from its own records), e.g. after the worktree
   * was deleted by hand: check it out again instead of refusing. Never set this for a branch you did not create.
   */
  adopt?: boolean;
};

/**
 * `git worktree add` on a new branch from the base. Refuses with a GitError when the branch exists and is not ours
 * ("branch-exists"), when it is checked out elsewhere, or when the path is taken ("path-exists").
 */
export async function addTrackWorktree(
  git: GitRunner,
  options: AddTrackWorktreeOptions,
): Promise<TrackWorktree> {
  const { repo, branch, baseCommit } = options;
  const path = nodePath.resolve(options.path);
  await assertBranchName(git, repo, branch);
  const worktrees = await listWorktrees(git, repo);
  const holder = worktrees.find((w) => w.branch === branch);
  if (holder && samePath(holder.path, path) && existsSync(path)) {
    if (options.lockReason !== undefined && holder.locked === null) {
      await git.run(["worktree", "lock", "--reason", options.lockReason, "--", holder.path], { cwd: repo });
    }
    return { path, branch, baseCommit, created: false };
  }
  if (holder && existsSync(holder.path)) {
    throw new GitError(
      "branch-exists",
      `branch ${branch} is already checked out at ${holder.path}; Paratrack will not take it over (remove that worktree or ${options.otherWay ?? "start a new run"})`,
    );
  }
  const branchExists = await hasBranch(git, repo, branch);
  if (branchExists && !options.adopt) {
    throw new GitError(
      "branch-exists",
      `branch ${branch} already exists and was not created for this track; Paratrack neither reuses nor overwrites it (rename or delete it yourself, or ${options.otherWay ?? "start a new run"})`,
    );
  }
  if (existsSync(path) && readdirSync(path).length > 0) {
    throw new GitError(
      "path-exists",
      `cannot create the worktree of ${branch}: ${path} already exists and is not empty`,
    );
  }
  // Registrations left by worktrees deleted by hand (at this path, or of this branch) block `add`; they hold no files.
  const stale = worktrees.filter(
    (w) => !existsSync(w.path) && (samePath(w.path, path) || w.branch === branch),
  );
  for (const entry of stale) await forgetMissingWorktree(git, repo, entry);
  const lock = options.lockReason === undefined ? [] : ["--lock", "--reason", options.lockReason];
  const args = branchExists
    ? ["worktree", "add", ...lock, "--", path, branch]
    : ["worktree", "add", ...lock, "-b", branch, "--", path, baseCommit];
  try {
    await git.run(args, { cwd: repo });
  } catch (error) {
    // `worktree add -b` creates the branch before it checks out; take back only a branch still at the base.
    if (!branchExists) await deleteRefIfAt(git, repo, branch, baseCommit);
    throw error;
  }
  return { path, branch, baseCommit, created: !branchExists };
}

/** Every worktree of the repository (the main one first), as git lists them. */
export async function listWorktrees(git: GitRunner, repo: string): Promise<WorktreeEntry[]> {
  const { stdout } = await git.run(["worktree", "list", "--porcelain", "-z"], { cwd: repo });
  return parseWorktreeList(stdout);
}

export type WorktreeHealth =
  | { state: "ok" }
  /** The directory is gone (deleted by hand): uncommitted work in it is lost, commits are safe on the branch. */
  | { state: "missing"; message: string }
  /** The directory exists but git does not know it as a worktree of this repository. */
  | { state: "not-registered"; message: string }
  /** Someone checked out another branch (or detached HEAD) in the track's worktree. */
  | { state: "wrong-branch"; branch: string | null; message: string };

/** Is the track's worktree still there and on its branch? For every poll of a running track. Never throws for these. */
export async function checkTrackWorktree(
  git: GitRunner,
  worktree: { repo: string; path: string; branch: string },
): Promise<WorktreeHealth> {
  const { repo, path, branch } = worktree;
  if (!existsSync(path)) {
    return {
      state: "missing",
      message: `the worktree of ${branch} at ${path} was deleted while its track runs: its commits are safe on branch ${branch}, uncommitted changes in it are gone; pause the track and restore the worktree (check the branch out again at ${path})`,
    };
  }
  const entry = (await listWorktrees(git, repo)).find((w) => samePath(w.path, path));
  if (!entry) {
    return {
      state: "not-registered",
      message: `${path} exists but is no longer a worktree of ${repo} (its .git link is gone?); the track's commits are on branch ${branch}`,
    };
  }
  if (entry.branch !== branch) {
    return {
      state: "wrong-branch",
      branch: entry.branch,
      message: `the worktree at ${path} is on ${entry.branch ?? "a detached HEAD"} instead of ${branch}: its changes no longer land on the track's branch`,
    };
  }
  return { state: "ok" };
}

/** Lifts the lock (track finished); the worktree stays. */
export async function unlockWorktree(git: GitRunner, repo: string, path: string): Promise<void> {
  const entry = (await listWorktrees(git, repo)).find((w) => samePath(w.path, path));
  if (entry?.locked == null) return;
  await git.run(["worktree", "unlock", "--", entry.path], { cwd: repo });
}

export type RemoveOutcome = {
  removed: boolean;
  branchDeleted: boolean;
  /** Why something was kept (not merged, locked, uncommitted changes …), or what was done. */
  reason: string;
};

export type RemoveMergedOptions = {
  repo: string;
  path: string;
  branch: string;
  /** Merged into what (default: the repository's HEAD). */
  into?: string;
  /** Lift Paratrack's own lock first (the caller knows the track is over); otherwise a locked worktree is kept. */
  unlock?: boolean;
};

/**
 * Removes a track's worktree and branch only when the branch is merged into `into`: `git worktree remove` (which
 * itself refuses uncommitted or untracked files) and `git branch -d` (which refuses unmerged branches). Expected
 * refusals come back as { removed: false, reason }; nothing is forced.
 */
export async function removeMergedWorktree(
  git: GitRunner,
  options: RemoveMergedOptions,
): Promise<RemoveOutcome> {
  const { repo, branch } = options;
  const into = options.into ?? "HEAD";
  const unmerged = await countUnmerged(git, repo, branch, into);
  if (unmerged > 0) {
    return {
      removed: false,
      branchDeleted: false,
      reason: `${branch} has ${unmerged} commit${unmerged === 1 ? "" : "s"} not merged into ${into}: kept`,
    };
  }
  const entry = (await listWorktrees(git, repo)).find((w) => samePath(w.path, options.path));
  if (entry) {
    if (entry.locked !== null) {
      if (!options.unlock) {
        return {
          removed: false,
          branchDeleted: false,
          reason: `worktree ${entry.path} is locked (${entry.locked || "no reason given"}): kept; if its track is over, run git worktree unlock ${entry.path}`,
        };
      }
      await git.run(["worktree", "unlock", "--", entry.path], { cwd: repo });
    }
    try {
      await git.run(["worktree", "remove", "--", entry.path], { cwd: repo });
    } catch (error) {
      if (
        isGitError(error) &&
        /modified or untracked files|contains untracked|is dirty/.test(error.gitMessage)
      ) {
        return {
          removed: false,
          branchDeleted: false,
          reason: `worktree ${entry.path} has uncommitted or untracked files: kept (commit or remove them first)`,
        };
      }
      throw error;
    }
  }
  try {
    await git.run(["branch", "-d", "--", branch], { cwd: repo });
  } catch (error) {
    if (isGitError(error) && /not fully merged|not found/.test(error.gitMessage)) {
      return {
        removed: entry !== undefined,
        branchDeleted: false,
        reason: `branch ${branch} kept: ${error.gitMessage.split("\n")[0]}`,
      };
    }
    throw error;
  }
  return {
    removed: entry !== undefined,
    branchDeleted: true,
    reason: `${branch} is merged into ${into}: ${entry ? "worktree and branch removed" : "branch deleted (no worktree)"}`,
  };
}

/** Commits of `branch` not in `into` (0 = merged). */
export async function countUnmerged(
  git: GitRunner,
  repo: string,
  branch: string,
  into: string,
): Promise<number> {
  const merged = await git.run(["merge-base", "--is-ancestor", branch, into], {
    cwd: repo,
    okExitCodes: [1],
  });
  if (merged.exitCode === 0) return 0;
  const ahead = await git.run(["rev-list", "--count", `${into}..${branch}`], { cwd: repo });
  return Number(ahead.stdout.trim());
}

async function assertBranchName(git: GitRunner, repo: string, branch: string): Promise<void> {
  const result = await git.run(["check-ref-format", "--branch", branch], {
    cwd: repo,
    okExitCodes: [1, 128],
  });
  if (result.exitCode !== 0) {
    throw new GitError("invalid-branch-name", `"${branch}" is not a valid branch name`, {
      gitMessage: result.stderr.trim(),
    });
  }
}

/** True when refs/heads/<branch> exists. */
export async function hasBranch(git: GitRunner, repo: string, branch: string): Promise<boolean> {
  const result = await git.run(["show-ref", "--verify", "--quiet", `refs/heads/${branch}`], {
    cwd: repo,
    okExitCodes: [1],
  });
  return result.exitCode === 0;
}

async function forgetMissingWorktree(git: GitRunner, repo: string, entry: WorktreeEntry): Promise<void> {
  if (entry.locked !== null) await git.run(["worktree", "unlock", "--", entry.path], { cwd: repo });
  await git.run(["worktree", "remove", "--", entry.path], { cwd: repo });
}

async function deleteRefIfAt(git: GitRunner, repo: string, branch: string, commit: string): Promise<void> {
  try {
    await git.run(["update-ref", "-d", `refs/heads/${branch}`, commit], { cwd: repo });
  } catch {
    // The branch was not created, or moved on: leave it.
  }
}

/** Same directory, whether or not it still exists (git lists real paths). */
export function samePath(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

function canonical(path: string): string {
  const resolved = nodePath.resolve(path);
  try {
    return realpathSync(resolved);
  } catch {
    // Gone: resolve its parent instead (e.g. /tmp → /private/tmp on macOS).
    try {
      return nodePath.join(realpathSync(nodePath.dirname(resolved)), nodePath.basename(resolved));
    } catch {
      return resolved;
    }
  }
}
