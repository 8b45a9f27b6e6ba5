// `paratrack cleanup [repo]`: removes the paratrack/* worktrees whose branches are merged; keeps everything else.
import { existsSync } from "node:fs";
import { Command } from "commander";
import { createGit, GitError, type GitRunner, isGitError } from "../../lib/git/git-runner";
import { inspectRepository, resolveCommit } from "../../lib/git/repository";
import { BRANCH_PREFIX, countUnmerged, listWorktrees, removeMergedWorktree } from "../../lib/git/worktrees";

export type CleanupOptions = { into?: string; dryRun?: boolean; json?: boolean };

/** One paratrack worktree and what cleanup did with it. */
export type CleanupRow = {
  branch: string;
  path: string;
  action: "removed" | "kept" | "would-remove";
  reason: string;
};

export function createCleanupCommand(): Command {
  return new Command("cleanup")
    .description(
      "remove the paratrack/* worktrees (and branches) that are merged; never forces, never unlocks",
    )
    .argument("[repo]", "the git repository", ".")
    .option("--into <ref>", "merged into what", "HEAD")
    .option("--dry-run", "only say what would be removed")
    .option("--json", "print the rows as JSON")
    .action(async (repo: string, options: CleanupOptions) => {
      process.exitCode = await runCleanup(repo, options);
    });
}

/** Cleans up one repository and prints what it did; returns the exit code (0 done, 2 no repository or --into). */
export async function runCleanup(
  repoPath: string,
  options: CleanupOptions,
  git: GitRunner = createGit(),
): Promise<number> {
  let rows: CleanupRow[];
  try {
    rows = await cleanupRepository(git, repoPath, options);
  } catch (error) {
    console.error(isGitError(error) ? error.message : String(error));
    return 2;
  }
  if (options.json) {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  if (rows.length === 0) console.log("no paratrack worktrees");
  for (const row of rows)
    console.log(`${row.action.padEnd(12)} ${row.branch}  ${row.path}\n${" ".repeat(13)}${row.reason}`);
  return 0;
}

/** The paratrack/* worktrees of the repository, each removed when merged into `into` (or reported with why not). */
export async function cleanupRepository(
  git: GitRunner,
  repoPath: string,
  options: CleanupOptions,
): Promise<CleanupRow[]> {
  const { root } = await inspectRepository(git, repoPath);
  const into = options.into ?? "HEAD";
  // Checked even with no worktree to compare: a mistyped ref must not pass for "nothing to clean up".
  try {
    await resolveCommit(git, root, into);
  } catch (error) {
    if (isGitError(error) && error.code === "unknown-revision")
      throw new GitError("unknown-revision", `--into ${JSON.stringify(into)}: no such commit in ${root}`, {
        command: error.command,
        exitCode: error.exitCode,
        gitMessage: error.gitMessage,
      });
    throw error;
  }
  const ours = (await listWorktrees(git, root)).filter((w) => w.branch?.startsWith(BRANCH_PREFIX));
  const rows: CleanupRow[] = [];
  for (const worktree of ours) {
    const branch = worktree.branch!;
    if (options.dryRun) {
      const keptBecause = await whyKept(git, root, worktree, into);
      rows.push({
        branch,
        path: worktree.path,
        action: keptBecause === null ? "would-remove" : "kept",
        reason: keptBecause ?? `merged into ${into}`,
      });
      continue;
    }
    const outcome = await removeMergedWorktree(git, { repo: root, path: worktree.path, branch, into });
    rows.push({
      branch,
      path: worktree.path,
      action: outcome.removed ? "removed" : "kept",
      reason: outcome.reason,
    });
  }
  return rows;
}

/**
 * Why removeMergedWorktree would keep a worktree, asked without touching it (null: it would be removed): unmerged
 * commits, a lock, or uncommitted or untracked files (which `git worktree remove` refuses).
 */
async function whyKept(
  git: GitRunner,
  root: string,
  worktree: { path: string; branch: string | null; locked: string | null },
  into: string,
): Promise<string | null> {
  const unmerged = await countUnmerged(git, root, worktree.branch!, into);
  if (unmerged > 0) return `${unmerged} commit${unmerged === 1 ? "" : "s"} not merged into ${into}`;
  if (worktree.locked !== null) return `locked (${worktree.locked || "no reason given"})`;
  if (!existsSync(worktree.path)) return null; // gone from the disk: only git's record of it is removed
  const dirty = (await git.run(["status", "--porcelain", "-z"], { cwd: worktree.path })).stdout;
  return dirty === "" ? null : "has uncommitted or untracked files (commit or remove them first)";
}
