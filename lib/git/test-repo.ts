// For tests: a real git repository in a fresh temporary directory, set up synchronously, removed with its worktrees.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import nodePath from "node:path";

export type TestRepo = {
  /** The temporary directory holding the repository and anything beside it (worktrees). */
  dir: string;
  /** The repository's root. */
  root: string;
  /** Runs git in `cwd` (default: the root) and returns its trimmed stdout. */
  git(args: readonly string[], cwd?: string): string;
  /** Writes a file (creating directories) under `cwd` (default: the root). */
  write(path: string, text: string, cwd?: string): void;
  /** Stages everything and commits; returns the new commit. */
  commit(message: string, cwd?: string): string;
  remove(): void;
};

/** A repository on branch main with one commit (README.md), user.name/email set locally. */
export function createTestRepo(prefix = "paratrack-git-"): TestRepo {
  const dir = mkdtempSync(nodePath.join(os.tmpdir(), prefix));
  const root = nodePath.join(dir, "repo");
  mkdirSync(root);
  const git = (args: readonly string[], cwd = root) =>
    execFileSync("git", args, { cwd, encoding: "utf8", env: testEnv() }).trim();
  git(["init", "-q", "-b", "main"]);
  git(["config", "user.name", "Paratrack Test"]);
  git(["config", "user.email", "test@paratrack.invalid"]);
  git(["config", "commit.gpgsign", "false"]);
  const write = (path: string, text: string, cwd = root) => {
    const file = nodePath.join(cwd, path);
    mkdirSync(nodePath.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  const commit = (message: string, cwd = root) => {
    git(["add", "-A"], cwd);
    git(["commit", "-q", "-m", message], cwd);
    return git(["rev-parse", "HEAD"], cwd);
  };
  write("README.md", "# test\n");
  commit("initial");
  return { dir, root, git, write, commit, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment for test git commands: no global or system config, so the machine's settings cannot leak in. */
export function testEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
}

/** An executable shell script standing in for git (an old version, a hang), written into `dir`. */
export function writeFakeGit(dir: string, script: string): string {
  const file = nodePath.join(dir, "fake-git");
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Lines 1..n, one per line: files whose edits at different places merge cleanly. */
export function numberedLines(n: number): string {
  return `${Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n")}\n`;
}
