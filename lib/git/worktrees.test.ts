import { existsSync, readFileSync, rmSync } from "node:fs";
import nodePath from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGit } from "./git-runner";
import { createTestRepo, type TestRepo } from "./test-repo";
import {
  addTrackWorktree,
  checkTrackWorktree,
  defaultWorktreePath,
  hasBranch,
  integrationBranchName,
  listWorktrees,
  pathInWorktree,
  removeMergedWorktree,
  scopeRootOf,
  trackBranchName,
} from "./worktrees";

const git = createGit();
let repo: TestRepo;
let base: string;
beforeEach(() => {
  repo = createTestRepo();
  base = repo.git(["rev-parse", "HEAD"]);
});
afterEach(() => repo.remove());

function addA(overrides: Partial<Parameters<typeof addTrackWorktree>[1]> = {}) {
  return addTrackWorktree(git, {
    repo: repo.root,
    path: defaultWorktreePath(repo.root, "r1", "A"),
    branch: trackBranchName("r1", "A"),
    baseCommit: base,
    lockReason: "paratrack run r1: track A running",
    ...overrides,
  });
}

describe("branch and path names", () => {
  it("paratrack/<run>/<track>, with characters a branch cannot hold replaced", () => {
    expect(trackBranchName("r1", "A")).toBe("paratrack/r1/A");
    expect(trackBranchName("run 2025:10", "api.lock")).toBe("paratrack/run-2025-10/api");
    expect(trackBranchName("..x", "a..b")).toBe("paratrack/x/a.b");
    expect(integrationBranchName("r1")).toBe("paratrack/r1/integration");
    expect(defaultWorktreePath("/w/repo", "r1", "A")).toBe("/w/repo.paratrack/r1/A");
  });

  it("re-roots a workdir of the repository into a worktree; the scope root relative to the repository", () => {
    expect(pathInWorktree("/w/repo", "/w/repo", "/w/wt")).toBe("/w/wt");
    expect(pathInWorktree("/w/repo/pkg/api", "/w/repo/", "/w/wt")).toBe("/w/wt/pkg/api");
    expect(pathInWorktree("/w/other", "/w/repo", "/w/wt")).toBeNull();
    expect(scopeRootOf("/w/repo", "/w/repo")).toBe("");
    expect(scopeRootOf("/w/repo/pkg", "/w/repo")).toBe("pkg");
    expect(scopeRootOf("/w/repo-2", "/w/repo")).toBeNull();
    expect(scopeRootOf("/w/repo/..odd", "/w/repo")).toBe("..odd");
  });
});

describe("addTrackWorktree", () => {
  it("creates the branch from the base in a locked worktree, and takes it up again after a restart", async () => {
    const worktree = await addA();
    expect(worktree).toEqual({
      path: defaultWorktreePath(repo.root, "r1", "A"),
      branch: "paratrack/r1/A",
      baseCommit: base,
      created: true,
    });
    expect(readFileSync(nodePath.join(worktree.path, "README.md"), "utf8")).toBe("# test\n");
    const entry = (await listWorktrees(git, repo.root)).find((w) => w.branch === "paratrack/r1/A");
    expect(entry).toMatchObject({ head: base, locked: "paratrack run r1: track A running", prunable: null });
    expect(await addA()).toMatchObject({ created: false });
  });

  it("refuses a branch that exists and is not ours, and leaves it as it was", async () => {
    repo.git(["branch", "paratrack/r1/A"]);
    repo.write("x.txt", "x\n");
    const moved = repo.commit("x");
    repo.git(["branch", "-f", "paratrack/r1/A", moved]);
    await expect(addA()).rejects.toMatchObject({
      code: "branch-exists",
      message:
        "branch paratrack/r1/A already exists and was not created for this track; Paratrack neither reuses nor overwrites it (rename or delete it yourself, or start a new run)",
    });
    expect(repo.git(["rev-parse", "paratrack/r1/A"])).toBe(moved);
    expect(existsSync(defaultWorktreePath(repo.root, "r1", "A"))).toBe(false);
  });

  it("refuses a branch checked out in another worktree", async () => {
    await addA();
    await expect(addA({ path: nodePath.join(repo.dir, "elsewhere") })).rejects.toMatchObject({
      code: "branch-exists",
      message: expect.stringContaining("is already checked out at"),
    });
  });

  it("refuses a path that is taken, and leaves no branch behind", async () => {
    const path = defaultWorktreePath(repo.root, "r1", "A");
    repo.write("mine.txt", "keep me\n", path);
    await expect(addA()).rejects.toMatchObject({ code: "path-exists" });
    expect(await hasBranch(git, repo.root, "paratrack/r1/A")).toBe(false);
    expect(readFileSync(nodePath.join(path, "mine.txt"), "utf8")).toBe("keep me\n");
  });

  it("refuses a name git does not accept as a branch", async () => {
    await expect(addA({ branch: "paratrack/r1/bad name" })).rejects.toMatchObject({
      code: "invalid-branch-name",
      message: '"paratrack/r1/bad name" is not a valid branch name',
    });
  });
});

describe("checkTrackWorktree", () => {
  it("notices a worktree deleted by hand; its commits are safe and adopt restores it", async () => {
    const worktree = await addA();
    repo.write("work.txt", "committed work\n", worktree.path);
    const committed = repo.commit("work", worktree.path);
    const where = { repo: repo.root, path: worktree.path, branch: worktree.branch };
    expect(await checkTrackWorktree(git, where)).toEqual({ state: "ok" });

    rmSync(worktree.path, { recursive: true, force: true });
    const health = await checkTrackWorktree(git, where);
    expect(health.state).toBe("missing");
    expect(health.state === "missing" && health.message).toContain(
      `its commits are safe on branch ${worktree.branch}`,
    );
    expect(repo.git(["rev-parse", worktree.branch])).toBe(committed);

    // Without adopt the existing branch is refused; with it (the engine knows it is this run's) it comes back.
    await expect(addA()).rejects.toMatchObject({ code: "branch-exists" });
    const restored = await addA({ adopt: true });
    expect(restored.created).toBe(false);
    expect(readFileSync(nodePath.join(restored.path, "work.txt"), "utf8")).toBe("committed work\n");
    expect(await checkTrackWorktree(git, where)).toEqual({ state: "ok" });
  });

  it("notices another branch checked out in the track's worktree", async () => {
    const worktree = await addA();
    repo.git(["checkout", "-q", "-b", "side"], worktree.path);
    expect(
      await checkTrackWorktree(git, { repo: repo.root, path: worktree.path, branch: worktree.branch }),
    ).toMatchObject({ state: "wrong-branch", branch: "side" });
  });
});

describe("removeMergedWorktree", () => {
  it("keeps an unmerged branch and its worktree", async () => {
    const worktree = await addA();
    repo.write("work.txt", "w\n", worktree.path);
    repo.commit("work", worktree.path);
    const outcome = await removeMergedWorktree(git, {
      repo: repo.root,
      path: worktree.path,
      branch: worktree.branch,
      unlock: true,
    });
    expect(outcome).toEqual({
      removed: false,
      branchDeleted: false,
      reason: "paratrack/r1/A has 1 commit not merged into HEAD: kept",
    });
    expect(existsSync(worktree.path)).toBe(true);
    expect(await hasBranch(git, repo.root, worktree.branch)).toBe(true);
  });

  it("keeps a locked worktree unless told to unlock it; removes worktree and branch once merged", async () => {
    const worktree = await addA();
    repo.write("work.txt", "w\n", worktree.path);
    repo.commit("work", worktree.path);
    repo.git(["merge", "-q", "--no-ff", "-m", "merge A", worktree.branch]);
    const options = { repo: repo.root, path: worktree.path, branch: worktree.branch };
    const locked = await removeMergedWorktree(git, options);
    expect(locked.removed).toBe(false);
    expect(locked.reason).toContain("is locked (paratrack run r1: track A running): kept");
    const done = await removeMergedWorktree(git, { ...options, unlock: true });
    expect(done).toEqual({
      removed: true,
      branchDeleted: true,
      reason: "paratrack/r1/A is merged into HEAD: worktree and branch removed",
    });
    expect(existsSync(worktree.path)).toBe(false);
    expect(await hasBranch(git, repo.root, worktree.branch)).toBe(false);
  });

  it("keeps a merged worktree that holds uncommitted or untracked files", async () => {
    const worktree = await addA();
    repo.write("scratch.txt", "not committed\n", worktree.path);
    const outcome = await removeMergedWorktree(git, {
      repo: repo.root,
      path: worktree.path,
      branch: worktree.branch,
      unlock: true,
    });
    expect(outcome).toMatchObject({ removed: false, branchDeleted: false });
    expect(outcome.reason).toContain("has uncommitted or untracked files: kept");
    expect(readFileSync(nodePath.join(worktree.path, "scratch.txt"), "utf8")).toBe("not committed\n");
  });
});
