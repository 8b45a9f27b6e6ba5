import { mkdirSync, readFileSync } from "node:fs";
import nodePath from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGit } from "./git-runner";
import { checkBase, ensureExcluded, inspectRepository, resolveCommit } from "./repository";
import { createTestRepo, type TestRepo } from "./test-repo";

const git = createGit();
let repo: TestRepo;
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(() => repo.remove());

describe("inspectRepository", () => {
  it("finds the root, HEAD, the branch and a clean tree from a subdirectory", async () => {
    mkdirSync(nodePath.join(repo.root, "src"));
    const info = await inspectRepository(git, nodePath.join(repo.root, "src"));
    expect(info).toEqual({
      root: repo.root,
      commonDir: nodePath.join(repo.root, ".git"),
      head: repo.git(["rev-parse", "HEAD"]),
      branch: "main",
      dirtyFiles: [],
    });
  });

  it("refuses a directory that is not a repository, naming it", async () => {
    const plain = nodePath.join(repo.dir, "plain");
    mkdirSync(plain);
    await expect(inspectRepository(git, plain)).rejects.toMatchObject({
      code: "not-a-repository",
      message: `${plain} is not a git repository (or inside one)`,
    });
  });

  it("refuses a bare repository: tracks need a working tree", async () => {
    const bare = nodePath.join(repo.dir, "bare.git");
    repo.git(["init", "-q", "--bare", bare]);
    await expect(inspectRepository(git, bare)).rejects.toMatchObject({
      code: "not-a-repository",
      message: expect.stringContaining("is a bare repository"),
    });
  });
});

describe("checkBase", () => {
  it("defaults to HEAD; a dirty main tree is a warning naming the files, and nothing is touched", async () => {
    repo.write("README.md", "# changed, not committed\n");
    repo.write("notes.txt", "untracked\n");
    const info = await inspectRepository(git, repo.root);
    const base = await checkBase(git, info, null);
    expect(base.commit).toBe(repo.git(["rev-parse", "HEAD"]));
    expect(base.ref).toBe("HEAD");
    expect(base.dirtyFiles).toEqual(["README.md", "notes.txt"]);
    expect(base.warnings).toEqual([
      `${repo.root} has 2 uncommitted changes (README.md, notes.txt): the track worktrees start from commit ${base.commit.slice(0, 12)} and will not see them; commit them first if the tracks need them (Paratrack leaves them untouched)`,
    ]);
    expect(readFileSync(nodePath.join(repo.root, "README.md"), "utf8")).toBe("# changed, not committed\n");
    expect(repo.git(["status", "--porcelain"])).toBe("M README.md\n?? notes.txt");
  });

  it("a base other than what is checked out is not affected by the dirty tree", async () => {
    const first = repo.git(["rev-parse", "HEAD"]);
    repo.git(["branch", "release"]);
    repo.write("a.txt", "a\n");
    repo.commit("a");
    repo.write("README.md", "dirty\n");
    const base = await checkBase(git, await inspectRepository(git, repo.root), "release");
    expect(base).toEqual({ commit: first, ref: "release", dirtyFiles: [], warnings: [] });
  });

  it("names a base that does not exist, and a repository without commits", async () => {
    const info = await inspectRepository(git, repo.root);
    await expect(checkBase(git, info, "no-such-branch")).rejects.toMatchObject({
      code: "unknown-revision",
      message: `"no-such-branch" does not name a commit in ${repo.root}`,
    });
    await expect(resolveCommit(git, repo.root, "--all")).rejects.toMatchObject({ code: "unknown-revision" });
    const empty = nodePath.join(repo.dir, "empty");
    repo.git(["init", "-q", empty]);
    await expect(checkBase(git, await inspectRepository(git, empty), null)).rejects.toMatchObject({
      message: `${empty} has no commits yet: commit something for the tracks to branch from`,
    });
  });
});

describe("ensureExcluded", () => {
  it("adds a pattern to info/exclude once, so Paratrack's notes are no change", async () => {
    const info = await inspectRepository(git, repo.root);
    expect(await ensureExcluded(info, "/.paratrack/")).toBe(true);
    expect(await ensureExcluded(info, "/.paratrack/")).toBe(false);
    repo.write(".paratrack/handoffs/a.md", "# doc\n");
    expect(repo.git(["status", "--porcelain"])).toBe("");
    const text = readFileSync(nodePath.join(info.commonDir, "info", "exclude"), "utf8");
    expect(text.match(/\/\.paratrack\//g)).toHaveLength(1);
  });
});
