import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGit } from "./git-runner";
import { predictMerge, predictPairwise } from "./merge-tree";
import { createTestRepo, numberedLines, type TestRepo, writeFakeGit } from "./test-repo";

const git = createGit();
let repo: TestRepo;

/** A branch from main with one file rewritten by `edit`. */
function branch(name: string, edit: (text: string) => string, path = "src/app.ts"): void {
  repo.git(["checkout", "-q", "-b", name, "main"]);
  repo.write(path, edit(numberedLines(20)));
  repo.commit(`${name}: edit ${path}`);
  repo.git(["checkout", "-q", "main"]);
}

beforeEach(() => {
  repo = createTestRepo();
  repo.write("src/app.ts", numberedLines(20));
  repo.commit("base");
  branch("top-a", (t) => t.replace("line 2\n", "line two (a)\n"));
  branch("top-b", (t) => t.replace("line 2\n", "line two (b)\n"));
  branch("bottom", (t) => t.replace("line 19\n", "line nineteen\n"));
});
afterEach(() => repo.remove());

describe("predictMerge", () => {
  it("predicts a real textual conflict, with the file and git's words", async () => {
    const outcome = await predictMerge(git, repo.root, "top-a", "top-b");
    expect(outcome.state).toBe("conflicts");
    if (outcome.state !== "conflicts") return;
    expect(outcome.files).toEqual(["src/app.ts"]);
    expect(outcome.messages).toContainEqual({
      paths: ["src/app.ts"],
      type: "CONFLICT (contents)",
      message: "CONFLICT (content): Merge conflict in src/app.ts",
    });
  });

  it("does not predict a conflict for the same file changed in different places", async () => {
    const outcome = await predictMerge(git, repo.root, "top-a", "bottom");
    expect(outcome).toEqual({ state: "clean", tree: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });

  it("touches no worktree or branch", async () => {
    const before = repo.git(["for-each-ref", "--format=%(refname) %(objectname)"]);
    await predictMerge(git, repo.root, "top-a", "top-b");
    expect(repo.git(["for-each-ref", "--format=%(refname) %(objectname)"])).toBe(before);
    expect(repo.git(["status", "--porcelain"])).toBe("");
  });

  it("an unknown branch is an error, never a clean merge nor a conflict (git 2.39 exits 1 for it too)", async () => {
    await expect(predictMerge(git, repo.root, "top-a", "no-such-branch")).rejects.toMatchObject({
      name: "GitError",
      code: "unknown-revision",
      message: expect.stringContaining("no-such-branch - not something we can merge"),
    });
  });

  it("names an old git instead of guessing", async () => {
    const old = writeFakeGit(
      repo.dir,
      "echo 'usage: git merge-tree <base-tree> <branch1> <branch2>' >&2; exit 129",
    );
    await expect(predictMerge(createGit({ binary: old }), repo.root, "top-a", "top-b")).rejects.toMatchObject(
      {
        code: "git-too-old",
        message: expect.stringContaining("needs git 2.38 or newer"),
      },
    );
  });

  it("trusts the exit status over the file list: exit 1 with no file listed is still a conflict", async () => {
    // A stand-in for a git that reports conflicts without naming files (exit 1, only the tree).
    const terse = writeFakeGit(repo.dir, "printf '%s\\0' 1b2c240112553999d321edec7056a3dbafaef2dc; exit 1");
    expect(await predictMerge(createGit({ binary: terse }), repo.root, "a", "b")).toEqual({
      state: "conflicts",
      tree: "1b2c240112553999d321edec7056a3dbafaef2dc",
      files: [],
      messages: [],
    });
  });
});

describe("predictPairwise", () => {
  it("predicts every pair; a pair that fails is reported and the others still run", async () => {
    const results = await predictPairwise(git, repo.root, [
      { key: "A", branch: "top-a" },
      { key: "B", branch: "top-b" },
      { key: "C", branch: "bottom" },
      { key: "D", branch: "deleted-by-hand" },
    ]);
    expect(results.map((r) => [r.a, r.b, r.state])).toEqual([
      ["A", "B", "conflicts"],
      ["A", "C", "clean"],
      ["A", "D", "error"],
      ["B", "C", "clean"],
      ["B", "D", "error"],
      ["C", "D", "error"],
    ]);
  });
});
