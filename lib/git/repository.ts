// The plan's repository: is it one, where is its top, what is HEAD, and is the base clean enough to start from.
import { appendFile, mkdir, readFile } from "node:fs/promises";
import nodePath from "node:path";
import { GitError, type GitRunner, isGitError } from "./git-runner";
import { parseStatusV2 } from "./porcelain";

export type RepositoryInfo = {
  /** The top of the main working tree (absolute). */
  root: string;
  /** The shared .git directory of every worktree (absolute). */
  commonDir: string;
  /** The commit HEAD points at; null on a repository without commits. */
  head: string | null;
  /** The checked-out branch; null when HEAD is detached. */
  branch: string | null;
  /** Uncommitted paths of the main working tree (staged, unstaged, untracked, conflicted). */
  dirtyFiles: string[];
};

/** Reads the repository at `path`; throws a GitError "not-a-repository" (or "no-such-directory") with a clear message. */
export async function inspectRepository(git: GitRunner, path: string): Promise<RepositoryInfo> {
  let root: string;
  let commonDir: string;
  try {
    const { stdout } = await git.run(
      ["rev-parse", "--path-format=absolute", "--show-toplevel", "--git-common-dir"],
      { cwd: path },
    );
    [root = "", commonDir = ""] = stdout.trim().split("\n");
  } catch (error) {
    if (isGitError(error) && error.code === "not-a-repository") {
      throw new GitError("not-a-repository", `${path} is not a git repository (or inside one)`, {
        command: error.command,
        exitCode: error.exitCode,
        gitMessage: error.gitMessage,
      });
    }
    if (isGitError(error) && /must be run in a work tree/.test(error.gitMessage)) {
      throw new GitError("not-a-repository", `${path} is a bare repository: tracks need a working tree`, {
        command: error.command,
        exitCode: error.exitCode,
        gitMessage: error.gitMessage,
      });
    }
    throw error;
  }
  const { stdout } = await git.run(
    ["status", "--porcelain=v2", "--branch", "-z", "--untracked-files=normal"],
    {
      cwd: root,
    },
  );
  const status = parseStatusV2(stdout);
  return {
    root,
    commonDir,
    head: status.head,
    branch: status.branch,
    dirtyFiles: status.entries.filter((e) => e.kind !== "ignored").map((e) => e.path),
  };
}

/** The commit a revision names (branch, tag, sha, HEAD~2 …); throws GitError "unknown-revision" naming it. */
export async function resolveCommit(git: GitRunner, repo: string, revision: string): Promise<string> {
  if (revision.startsWith("-")) {
    throw new GitError("unknown-revision", `"${revision}" is not a revision of ${repo}`);
  }
  const result = await git.run(
    ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`],
    {
      cwd: repo,
      okExitCodes: [1],
    },
  );
  const commit = result.stdout.trim();
  if (result.exitCode !== 0 || commit === "") {
    throw new GitError("unknown-revision", `"${revision}" does not name a commit in ${repo}`, {
      command: `git -C ${repo} rev-parse --verify ${revision}^{commit}`,
      exitCode: result.exitCode,
      gitMessage: result.stderr.trim(),
    });
  }
  return commit;
}

export type BaseCheck = {
  /** The commit every track branch starts from. */
  commit: string;
  /** The base as the plan gave it ("HEAD" when it gave none). */
  ref: string;
  /** Uncommitted changes that the track worktrees will not see (only when the base is what is checked out). */
  dirtyFiles: string[];
  /** Things the lead should know before starting; empty when all is well. */
  warnings: string[];
};

/**
 * Resolves the plan's base (default: the repository's HEAD). A dirty main tree is a warning, not an error: the track
 * worktrees start from the committed base and cannot see uncommitted work, and Paratrack never stashes or resets it.
 */
export async function checkBase(
  git: GitRunner,
  repo: RepositoryInfo,
  base: string | null,
): Promise<BaseCheck> {
  const ref = base ?? "HEAD";
  if (repo.head === null) {
    throw new GitError(
      "unknown-revision",
      `${repo.root} has no commits yet: commit something for the tracks to branch from`,
    );
  }
  const commit = await resolveCommit(git, repo.root, ref);
  const isCheckedOut = commit === repo.head && (base === null || base === "HEAD" || base === repo.branch);
  const dirtyFiles = isCheckedOut ? repo.dirtyFiles : [];
  const warnings: string[] = [];
  if (dirtyFiles.length > 0) {
    const shown = dirtyFiles.slice(0, 5).join(", ");
    const more = dirtyFiles.length > 5 ? ` and ${dirtyFiles.length - 5} more` : "";
    warnings.push(
      `${repo.root} has ${dirtyFiles.length} uncommitted change${dirtyFiles.length === 1 ? "" : "s"} (${shown}${more}): the track worktrees start from commit ${commit.slice(0, 12)} and will not see them; commit them first if the tracks need them (Paratrack leaves them untouched)`,
    );
  }
  return { commit, ref, dirtyFiles, warnings };
}

/**
 * Adds a line to the repository's own ignore list (`<common dir>/info/exclude`, shared by every worktree, never
 * committed), so Paratrack's files in a worktree (.paratrack/: handoff documents) do not count as changes.
 */
export async function ensureExcluded(
  repo: Pick<RepositoryInfo, "commonDir">,
  pattern: string,
): Promise<boolean> {
  const file = nodePath.join(repo.commonDir, "info", "exclude");
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (text.split("\n").some((line) => line.trim() === pattern)) return false;
  await mkdir(nodePath.dirname(file), { recursive: true });
  const separator = text === "" || text.endsWith("\n") ? "" : "\n";
  await appendFile(file, `${separator}# added by Paratrack (its notes in track worktrees)\n${pattern}\n`);
  return true;
}
