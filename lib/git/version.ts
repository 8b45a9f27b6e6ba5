// Which git is installed, and whether it can predict conflicts (merge-tree --write-tree needs git 2.38).
import { type GitRunner, isGitError } from "./git-runner";

export type GitVersion = { major: number; minor: number; patch: number };

/** `git merge-tree --write-tree` (a real merge without touching any worktree) arrived in git 2.38. */
export const MERGE_TREE_MIN_VERSION: GitVersion = { major: 2, minor: 38, patch: 0 };

/** Parses "git version 2.39.5", "git version 2.39.3 (Apple Git-146)", "git version 2.45.1.windows.1". */
export function parseGitVersion(text: string): GitVersion | null {
  const match = /git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

export function compareVersions(a: GitVersion, b: GitVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function formatVersion(version: GitVersion): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

export type GitVersionCheck =
  | { ok: true; version: GitVersion; text: string }
  /** `version` is null when git is missing or its answer could not be read. */
  | { ok: false; version: GitVersion | null; text: string; problem: string };

/** Runs `git --version` once (at start): ok when git ≥ 2.38, else the problem in words. Never throws. */
export async function checkGitVersion(git: GitRunner): Promise<GitVersionCheck> {
  let text: string;
  try {
    text = (await git.run(["--version"], { cwd: process.cwd() })).stdout.trim();
  } catch (error) {
    const problem = isGitError(error) ? error.message : String(error);
    return { ok: false, version: null, text: "", problem };
  }
  const version = parseGitVersion(text);
  if (version === null) {
    return { ok: false, version: null, text, problem: `cannot read the git version from "${text}"` };
  }
  if (compareVersions(version, MERGE_TREE_MIN_VERSION) < 0) {
    return {
      ok: false,
      version,
      text,
      problem: `git ${formatVersion(version)} is older than ${formatVersion(MERGE_TREE_MIN_VERSION)}: conflict prediction (git merge-tree --write-tree) and worktree coordination need git ${formatVersion(MERGE_TREE_MIN_VERSION)} or newer; upgrade git`,
    };
  }
  return { ok: true, version, text };
}
