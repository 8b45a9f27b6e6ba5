// For the coordination tests: a real git repository, the run systems over it with fake agents (harness.ts), and
// helpers that change a track's worktree the way an agent would (write, commit) and poll at once.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { GitRunner } from "../../git/git-runner";
import { createTestRepo, type TestRepo, testEnv } from "../../git/test-repo";
import { createHarness, type Harness, settle, until } from "../run/harness";

export type CoordinationFixture = {
  h: Harness;
  repo: TestRepo;
  /** The track's worktree path (after it started). */
  worktree(key: string): string;
  /** Writes a file in the track's worktree (as its agent would). */
  write(key: string, file: string, text: string): void;
  /** Stages everything in the track's worktree and commits (dated `at`, default now); returns the commit. */
  commit(key: string, message: string, at?: number): string;
  /** git in the track's worktree (or the repository). */
  git(args: readonly string[], key?: string): string;
  /** One poll of the worktrees, then the work it started (pauses, records) settles. */
  poll(): Promise<void>;
  dispose(): Promise<void>;
};

/** Starts `tracksYaml` (the plan's tracks and anything after them) with `repo:` set to a fresh repository. */
export async function startWithRepo(
  tracksYaml: string,
  options: { git?: GitRunner; prepare?: (repo: TestRepo) => void; header?: string } = {},
): Promise<CoordinationFixture> {
  const repo = createTestRepo("paratrack-coord-");
  options.prepare?.(repo);
  const h = await createHarness(options.git ? { git: options.git } : {});
  await h.start(`name: coordination
ram:
  budget: 4GB
workdir: ${repo.root}
repo: ${repo.root}
${options.header ?? ""}tracks:
${tracksYaml}`);
  const worktree = (key: string) => {
    const git = h.track(key).git;
    if (!git) throw new Error(`track ${key} has no worktree`);
    return git.worktree;
  };
  const gitIn = (args: readonly string[], key?: string) =>
    execFileSync("git", args, {
      cwd: key ? worktree(key) : repo.root,
      encoding: "utf8",
      env: testEnv(),
    }).trim();
  return {
    h,
    repo,
    worktree,
    write: (key, file, text) => repo.write(file, text, worktree(key)),
    commit(key, message, at) {
      if (at === undefined) return repo.commit(message, worktree(key));
      const date = new Date(at).toISOString();
      const env = { ...testEnv(), GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
      const cwd = worktree(key);
      execFileSync("git", ["add", "-A"], { cwd, env });
      execFileSync("git", ["commit", "-q", "-m", message], { cwd, env });
      return execFileSync("git", ["rev-parse", "HEAD"], { cwd, env, encoding: "utf8" }).trim();
    },
    git: gitIn,
    async poll() {
      await h.controller.coordination.pollNow();
      await settle(40);
    },
    async dispose() {
      await h.dispose();
      // Worktrees live beside the repository (<repo>.paratrack/…), inside the same temporary directory.
      repo.remove();
    },
  };
}

/** Starts the ready tracks (one governor pass) and waits until they run in their worktrees. */
export async function startTracks(f: CoordinationFixture, keys: readonly string[]): Promise<void> {
  await f.h.tick();
  await until(() => keys.every((k) => f.h.track(k).status === "running"), 10_000);
  for (const k of keys) if (!existsSync(f.worktree(k))) throw new Error(`no worktree for ${k}`);
}

/** Numbered lines with line `n` replaced: edits at different lines of one file merge cleanly. */
export function linesWith(total: number, replace: Record<number, string>): string {
  return `${Array.from({ length: total }, (_, i) => replace[i + 1] ?? `line ${i + 1}`).join("\n")}\n`;
}

export function relativeTo(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join("/");
}

/** Two tracks sharing src/ (A critical), as the restart tests use them. */
export const TWO_TRACKS = `  - key: A
    priority: critical
    ram: 100MB
    scope: ["src/**"]
    command: a
  - key: B
    ram: 100MB
    scope: ["src/**", "docs/**"]
    command: b
`;

/** TWO_TRACKS on a repository holding src/shared.txt, both started (`git`: the engine's runner, to watch it). */
export async function startTwoTracks(
  options: { header?: string; git?: GitRunner } = {},
): Promise<CoordinationFixture> {
  const f = await startWithRepo(TWO_TRACKS, {
    ...options,
    prepare: (repo) => {
      repo.write("src/shared.txt", linesWith(10, {}));
      repo.commit("shared file");
    },
  });
  await startTracks(f, ["A", "B"]);
  return f;
}
