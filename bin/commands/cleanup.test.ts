import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGit } from "../../lib/git/git-runner";
import { createTestRepo, type TestRepo } from "../../lib/git/test-repo";
import { addTrackWorktree, defaultWorktreePath, hasBranch, trackBranchName } from "../../lib/git/worktrees";
import { cleanupRepository } from "./cleanup";

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../..");
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
const git = createGit();
let repo: TestRepo;

/** A track worktree with one commit, merged into main or not, locked or not. */
async function track(key: string, { merged, locked }: { merged: boolean; locked: boolean }) {
  const worktree = await addTrackWorktree(git, {
    repo: repo.root,
    path: defaultWorktreePath(repo.root, "r1", key),
    branch: trackBranchName("r1", key),
    baseCommit: repo.git(["rev-parse", "main"]),
    ...(locked ? { lockReason: `track ${key} running` } : {}),
  });
  repo.write(`${key}.txt`, `${key}\n`, worktree.path);
  repo.commit(key, worktree.path);
  if (merged) repo.git(["merge", "-q", "--no-ff", "-m", `merge ${key}`, worktree.branch]);
  return worktree;
}

beforeEach(() => {
  repo = createTestRepo();
});
afterEach(() => repo.remove());

describe("paratrack cleanup", () => {
  it("removes merged worktrees and their branches; keeps unmerged, locked and foreign ones", async () => {
    const merged = await track("A", { merged: true, locked: false });
    const open = await track("B", { merged: false, locked: false });
    const running = await track("C", { merged: true, locked: true });
    const unsaved = await track("D", { merged: true, locked: false });
    repo.write("notes.txt", "work not committed\n", unsaved.path);
    repo.git(["worktree", "add", "-q", "-b", "feature", path.join(repo.dir, "feature")]);

    const dry = await cleanupRepository(git, repo.root, { dryRun: true });
    expect(dry.map((r) => [r.branch, r.action, r.reason])).toEqual([
      ["paratrack/r1/A", "would-remove", "merged into HEAD"],
      ["paratrack/r1/B", "kept", "1 commit not merged into HEAD"],
      ["paratrack/r1/C", "kept", "locked (track C running)"],
      ["paratrack/r1/D", "kept", "has uncommitted or untracked files (commit or remove them first)"],
    ]);
    expect(existsSync(merged.path)).toBe(true);

    // The dry run said what the real one does.
    const rows = await cleanupRepository(git, repo.root, {});
    expect(rows.map((r) => [r.branch, r.action])).toEqual(
      dry.map((r) => [r.branch, r.action.replace("would-remove", "removed")]),
    );
    expect(existsSync(merged.path)).toBe(false);
    expect(await hasBranch(git, repo.root, merged.branch)).toBe(false);
    for (const kept of [open, running, unsaved]) {
      expect(existsSync(kept.path)).toBe(true);
      expect(await hasBranch(git, repo.root, kept.branch)).toBe(true);
    }
    expect(existsSync(path.join(repo.dir, "feature"))).toBe(true);
  });

  it("runs from the command line, and says when the directory is not a repository", {
    timeout: 120_000,
  }, async () => {
    await track("A", { merged: true, locked: false });
    const { stdout } = await run(tsx, ["bin/paratrack.ts", "cleanup", repo.root], { cwd: repoRoot });
    expect(stdout).toContain("removed      paratrack/r1/A");
    const failed = await run(tsx, ["bin/paratrack.ts", "cleanup", repo.dir], { cwd: repoRoot }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({
      code: 2,
      stderr: `${repo.dir} is not a git repository (or inside one)\n`,
    });
  });

  it("refuses an --into that names no commit (exit 2), even with no worktree to compare", {
    timeout: 120_000,
  }, async () => {
    const failed = await run(tsx, ["bin/paratrack.ts", "cleanup", repo.root, "--into", "nosuchref"], {
      cwd: repoRoot,
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failed).toMatchObject({
      code: 2,
      stdout: "",
      stderr: `--into "nosuchref": no such commit in ${repo.root}\n`,
    });
    await expect(cleanupRepository(git, repo.root, { into: "-x" })).rejects.toThrow(/--into "-x"/);
  });
});
