// What a track has really changed in its worktree since the base: committed and uncommitted files, lines, commits.
import { lstat, open } from "node:fs/promises";
import nodePath from "node:path";
import type { GitRunner } from "./git-runner";
import { type NumstatEntry, parseNumstat, parseStatusV2 } from "./porcelain";

/** One changed file; lines are committed + uncommitted, null when unknown (binary, or an untracked file too large). */
export type FileChange = {
  /** Relative to the repository's root, "/"-separated. */
  path: string;
  added: number | null;
  removed: number | null;
  /** Changed by a commit since the base (base...HEAD). */
  committed: boolean;
  /** Has changes not committed yet (staged, unstaged, untracked or conflicted). */
  uncommitted: boolean;
  /** Not known to git yet (a new file never added). */
  untracked: boolean;
};

/** The real changes of one worktree at one moment. */
export type ChangeSet = {
  worktree: string;
  baseCommit: string;
  /** The commit HEAD points at. */
  head: string | null;
  /** The branch checked out; null when detached. */
  branch: string | null;
  /** Commits since the base (base..HEAD). */
  commits: number;
  /**
   * Their SHAs, newest first, at most MAX_LISTED_COMMITS: a commit on two tracks' lists came from one into the other
   * (a rebase onto, or a merge of, the other's branch).
   */
  commitIds: string[];
  /** Sorted by path. */
  files: FileChange[];
  totals: { files: number; added: number; removed: number };
};

/** Untracked files larger than this are not read to count their lines. */
const MAX_COUNTED_BYTES = 1024 * 1024;
/** At most this many untracked files are read per poll; the rest have unknown lines. */
const MAX_COUNTED_FILES = 500;
/** At most this many commit SHAs are listed per track (newest first); a longer branch is counted once more. */
export const MAX_LISTED_COMMITS = 1000;

/**
 * Reads a worktree's changes since `baseCommit` with four git commands: `status --porcelain=v2 -z` (uncommitted),
 * `diff --numstat -z base...HEAD` (committed), `diff --numstat -z HEAD` (uncommitted lines), `rev-list` (the commits;
 * `rev-list --count` too, only for a branch of more than MAX_LISTED_COMMITS).
 * Renames count as a deletion plus an addition, so both paths meet the scope checks. Takes no lock.
 */
export async function readChangeSet(
  git: GitRunner,
  worktree: string,
  baseCommit: string,
): Promise<ChangeSet> {
  const cwd = worktree;
  const status = parseStatusV2(
    (
      await git.run(["status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", "--no-renames"], {
        cwd,
      })
    ).stdout,
  );
  const diffArgs = ["diff", "--numstat", "-z", "--no-renames", "--no-ext-diff", "--no-textconv"];
  const [committed, uncommitted, listed] = await Promise.all([
    git.run([...diffArgs, `${baseCommit}...HEAD`, "--"], { cwd }),
    git.run([...diffArgs, "HEAD", "--"], { cwd }),
    git.run(["rev-list", `--max-count=${MAX_LISTED_COMMITS + 1}`, `${baseCommit}..HEAD`, "--"], { cwd }),
  ]);
  const commitIds = listed.stdout.split("\n").filter((sha) => sha !== "");
  const commits =
    commitIds.length > MAX_LISTED_COMMITS
      ? Number(
          (await git.run(["rev-list", "--count", `${baseCommit}..HEAD`, "--"], { cwd })).stdout.trim(),
        ) || 0
      : commitIds.length;

  const files = new Map<string, FileChange>();
  const touch = (path: string): FileChange => {
    let file = files.get(path);
    if (!file) {
      file = { path, added: 0, removed: 0, committed: false, uncommitted: false, untracked: false };
      files.set(path, file);
    }
    return file;
  };
  const addLines = (file: FileChange, entry: NumstatEntry) => {
    file.added = file.added === null || entry.added === null ? null : file.added + entry.added;
    file.removed = file.removed === null || entry.removed === null ? null : file.removed + entry.removed;
  };
  for (const entry of parseNumstat(committed.stdout)) {
    const file = touch(entry.path);
    file.committed = true;
    addLines(file, entry);
  }
  for (const entry of parseNumstat(uncommitted.stdout)) {
    const file = touch(entry.path);
    file.uncommitted = true;
    addLines(file, entry);
  }
  let counted = 0;
  for (const entry of status.entries) {
    if (entry.kind === "ignored") continue;
    const file = touch(entry.path);
    file.uncommitted = true;
    if (entry.kind === "untracked") {
      file.untracked = true;
      file.added =
        counted++ < MAX_COUNTED_FILES ? await countLines(nodePath.join(worktree, entry.path)) : null;
      file.removed = file.added === null ? null : 0;
    }
  }

  const list = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    worktree,
    baseCommit,
    head: status.head,
    branch: status.branch,
    commits,
    commitIds: commitIds.slice(0, MAX_LISTED_COMMITS),
    files: list,
    totals: {
      files: list.length,
      added: list.reduce((sum, f) => sum + (f.added ?? 0), 0),
      removed: list.reduce((sum, f) => sum + (f.removed ?? 0), 0),
    },
  };
}

/** Lines of a text file as git would count them; null for binary, unreadable or large files. */
async function countLines(file: string): Promise<number | null> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // lstat first: a symlink or FIFO is not read (opening a FIFO would block the poll).
    if (!(await lstat(file)).isFile()) return null;
    handle = await open(file, "r");
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_COUNTED_BYTES) return null;
    const buffer = Buffer.alloc(info.size);
    await handle.read(buffer, 0, info.size, 0);
    if (buffer.subarray(0, 8000).includes(0)) return null;
    if (buffer.length === 0) return 0;
    let lines = 0;
    for (const byte of buffer) if (byte === 10) lines++;
    return buffer[buffer.length - 1] === 10 ? lines : lines + 1;
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}

/**
 * The commits a branch was moved to by its own work, as its reflog says: commits, amends, merges made, cherry-picks,
 * the end of a rebase that replayed its commits. Not a fast-forward, a reset, the branch's creation, nor a rebase that
 * ended on the commit it rebased onto (nothing of its own was left): there the branch took another's commit. Empty
 * when the branch has no reflog. Branch reflogs are shared by all worktrees: `repo` may be any of them.
 */
export async function readAuthoredCommits(
  git: GitRunner,
  repo: string,
  branch: string,
): Promise<Set<string>> {
  const { stdout } = await git.run(["reflog", "show", "--format=%H%x1f%gs", `refs/heads/${branch}`, "--"], {
    cwd: repo,
    okExitCodes: [128],
  });
  return new Set(
    stdout.split("\n").flatMap((line) => {
      const [sha = "", subject = ""] = line.split("\x1f");
      return sha !== "" && isAuthoring(sha, subject) ? [sha] : [];
    }),
  );
}

function isAuthoring(sha: string, subject: string): boolean {
  if (/^(branch|reset): /.test(subject) || /: Fast-forward$/.test(subject)) return false;
  const rebase = /^rebase( -i| -m)? \(finish\): .* onto ([0-9a-f]+)$/.exec(subject);
  return rebase === null || !sha.startsWith(rebase[2]!);
}

/**
 * The paths the commits from `baseCommit` to `head` changed, leaving out the commits reachable from `otherHeads`
 * (other tracks' branches it rebased onto or merged). A merge counts only for what it changed beyond its parents
 * (`--cc`: a conflict's resolution). `repo` is the repository or any of its worktrees.
 */
export async function readOwnCommittedPaths(
  git: GitRunner,
  repo: string,
  range: { baseCommit: string; head: string },
  otherHeads: readonly string[],
): Promise<Set<string>> {
  const { stdout } = await git.run(
    [
      "log",
      "--format=",
      "--name-only",
      "-z",
      "--no-renames",
      "--cc",
      `${range.baseCommit}..${range.head}`,
      ...(otherHeads.length > 0 ? ["--not", ...otherHeads] : []),
      "--",
    ],
    { cwd: repo },
  );
  return new Set(
    stdout
      .split("\0")
      .map((path) => path.replace(/^\n+/, ""))
      .filter((path) => path !== ""),
  );
}

/** A commit on a track's branch; `at` is when it was authored (a rebase or cherry-pick keeps that, not the rest). */
export type CommitSummary = { commit: string; at: string; subject: string };

/**
 * Commits on the worktree's branch since the base, newest first, optionally only those authored at or after
 * `since` (ISO): the daily status's "git:" line. By author date: a rebase re-commits a track's older commits, and
 * they are not that day's work (an amend keeps the author date too: work amended into an older commit is not
 * counted again).
 */
export async function listCommitsSince(
  git: GitRunner,
  worktree: string,
  baseCommit: string,
  since?: string,
): Promise<CommitSummary[]> {
  // No --since: it reads the commit date, which skewed clocks can put before the author date, and it stops the walk
  // there (dropping older commits of the day too). The track's own range is short enough to read whole.
  const args = ["log", "-z", "--format=%H%x1f%aI%x1f%s", `${baseCommit}..HEAD`];
  const { stdout } = await git.run(args, { cwd: worktree });
  const from = since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(since);
  return stdout
    .split("\0")
    .filter((record) => record !== "")
    .map((record) => {
      const [commit = "", at = "", subject = ""] = record.split("\x1f");
      return { commit, at, subject };
    })
    .filter((c) => Date.parse(c.at) >= from);
}
