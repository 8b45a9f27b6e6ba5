import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGit, formatCommand, GitError } from "./git-runner";
import { createThreadedGit } from "./git-thread";
import { createTestRepo, type TestRepo, writeFakeGit } from "./test-repo";

let repo: TestRepo;
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(() => repo.remove());

// The same answers whether git is spawned from this thread or from the git thread (git-thread.ts).
describe.each([
  ["this thread", createGit],
  ["a worker thread", createThreadedGit],
] as const)("createGit, spawning from %s", (_where, make) => {
  it("returns stdout and the exit code", async () => {
    const result = await make().run(["rev-parse", "--abbrev-ref", "HEAD"], { cwd: repo.root });
    expect(result).toMatchObject({ stdout: "main\n", exitCode: 0 });
  });

  it("fails with a GitError naming the command and git's own message", async () => {
    const error = await make()
      .run(["rev-parse", "--verify", "no-such-branch"], { cwd: repo.root })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect(error).toMatchObject({
      code: "unknown-revision",
      exitCode: 128,
      command: `git -C ${repo.root} rev-parse --verify no-such-branch`,
      gitMessage: "fatal: Needed a single revision",
    });
    expect((error as GitError).message).toBe(
      `git -C ${repo.root} rev-parse --verify no-such-branch failed (exit 128): fatal: Needed a single revision`,
    );
  });

  it("treats listed exit codes as answers", async () => {
    const result = await make().run(["show-ref", "--verify", "--quiet", "refs/heads/none"], {
      cwd: repo.root,
      okExitCodes: [1],
    });
    expect(result.exitCode).toBe(1);
  });

  it("says which is missing: the directory or git itself", async () => {
    await expect(make().run(["status"], { cwd: `${repo.dir}/gone` })).rejects.toMatchObject({
      code: "no-such-directory",
      message: expect.stringContaining(`directory ${repo.dir}/gone does not exist`),
    });
    await expect(
      make({ binary: `${repo.dir}/no-git-here` }).run(["status"], { cwd: repo.root }),
    ).rejects.toMatchObject({ code: "git-not-found" });
  });

  it("kills a git that does not answer within the timeout", async () => {
    const slow = writeFakeGit(repo.dir, "exec sleep 30");
    const started = Date.now();
    await expect(
      make({ binary: slow, timeoutMs: 300 }).run(["status"], { cwd: repo.root }),
    ).rejects.toMatchObject({
      code: "timeout",
    });
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("ignores a GIT_DIR inherited from a parent git", async () => {
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = `${repo.dir}/elsewhere.git`;
    try {
      const git = make();
      const { stdout } = await git.run(["rev-parse", "--show-toplevel"], { cwd: repo.root });
      expect(stdout.trim()).toBe(repo.root);
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
  });
});

describe("formatCommand", () => {
  it("quotes what a shell would need quoted", () => {
    expect(formatCommand("git", "/a b", ["log", "--format=%s", "it's", "$HOME"])).toBe(
      "git -C '/a b' log --format=%s 'it'\\''s' '$HOME'",
    );
  });
});
