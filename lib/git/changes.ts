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
  /** Sorted by path. */
  files: FileChange[];
  totals: { files: number; added: number; removed: number };
};

/** Untracked files larger than this are not read to count their lines. */
const MAX_COUNTED_BYTES = 1024 * 1024;
/** At most this many untracked files are read per poll; the rest have unknown lines. */
const MAX_COUNTED_FILES = 500;

/**
 * Reads a worktree's changes since `baseCommit` with four git commands: `status --porcelain=v2 -z` (uncommitted),
 * `diff --numstat -z base...HEAD` (committed), `diff --numstat -z HEAD` (uncommitted lines), `rev-list --count`.
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
  const [committed, uncommitted, count] = await Promise.all([
    git.run([...diffArgs, `${baseCommit}...HEAD`, "--"], { cwd }),
    git.run([...diffArgs, "HEAD", "--"], { cwd }),
    git.run(["rev-list", "--count", `${baseCommit}..HEAD`], { cwd }),
  ]);

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
    commits: Number(count.stdout.trim()) || 0,
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

/** A commit on a track's branch. */
export type CommitSummary = { commit: string; at: string; subject: string };

/**
 * Commits on the worktree's branch since the base, newest first, optionally only those committed at or after
 * `since` (ISO): the daily status's "git:" line.
 */
export async function listCommitsSince(
  git: GitRunner,
  worktree: string,
  baseCommit: string,
  since?: string,
): Promise<CommitSummary[]> {
  const args = ["log", "-z", "--format=%H%x1f%cI%x1f%s", `${baseCommit}..HEAD`];
  if (since !== undefined) args.splice(1, 0, `--since=${since}`);
  const { stdout } = await git.run(args, { cwd: worktree });
  return stdout
    .split("\0")
    .filter((record) => record !== "")
    .map((record) => {
      const [commit = "", at = "", subject = ""] = record.split("\x1f");
      return { commit, at, subject };
    });
}
