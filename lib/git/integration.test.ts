import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import nodePath from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adviseIntegrationOrder } from "../domain/coordination/integration-order";
import { createGit } from "./git-runner";
import { type IntegrationTestRunner, integrateBranches } from "./integration";
import { predictPairwise } from "./merge-tree";
import { createTestRepo, numberedLines, type TestRepo } from "./test-repo";
import { defaultWorktreePath, integrationBranchName } from "./worktrees";

const git = createGit();
let repo: TestRepo;
let base: string;

/** A real shell, as the engine's quality-gate runner would start it. */
const runShell: IntegrationTestRunner = ({ command, workdir, env }) =>
  new Promise((resolve) => {
    const started = Date.now();
    execFile(
      "/bin/sh",
      ["-c", command],
      { cwd: workdir, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({
          passed: exitCode === 0,
          exitCode,
          durationMs: Date.now() - started,
          output: stdout + stderr,
          summary: `exited ${exitCode}`,
        });
      },
    );
  });

function trackBranch(key: string, files: Record<string, string>): string {
  const branch = `paratrack/r1/${key}`;
  repo.git(["checkout", "-q", "-b", branch, base]);
  for (const [path, text] of Object.entries(files)) repo.write(path, text);
  repo.commit(`track ${key}`);
  repo.git(["checkout", "-q", "main"]);
  return branch;
}

beforeEach(() => {
  repo = createTestRepo();
  repo.write("src/app.ts", numberedLines(20));
  base = repo.commit("base");
});
afterEach(() => repo.remove());

function options(merge: { key: string; branch: string }[], test: string | null) {
  return {
    repo: repo.root,
    baseCommit: base,
    branch: integrationBranchName("r1"),
    worktreePath: defaultWorktreePath(repo.root, "r1", "integration"),
    merge,
    test: test === null ? null : { command: test },
    runTest: runShell,
  };
}

describe("integrateBranches", () => {
  it("merges three branches in the advised order with --no-ff, then runs the test there", async () => {
    const branches = [
      {
        key: "A",
        branch: trackBranch("A", {
          "a.txt": "a\n",
          "src/app.ts": numberedLines(20).replace("line 1\n", "A\n"),
        }),
      },
      { key: "B", branch: trackBranch("B", { "b.txt": "b\n" }) },
      {
        key: "C",
        branch: trackBranch("C", {
          "c.txt": "c\n",
          "src/app.ts": numberedLines(20).replace("line 20\n", "C\n"),
        }),
      },
    ];
    const predictions = await predictPairwise(git, repo.root, branches);
    const order = adviseIntegrationOrder(["A", "B", "C"], predictions).map(
      (e) => branches.find((b) => b.key === e.key)!,
    );
    expect(order.map((b) => b.key)).toEqual(["A", "B", "C"]);

    const result = await integrateBranches(
      git,
      options(order, "test -f a.txt && test -f b.txt && test -f c.txt && grep -c . src/app.ts"),
    );
    expect(result.stoppedAt).toBeNull();
    expect(result.steps.map((s) => [s.key, s.state])).toEqual([
      ["A", "merged"],
      ["B", "merged"],
      ["C", "merged"],
    ]);
    expect(result.test).toMatchObject({
      command: expect.any(String),
      state: "passed",
      exitCode: 0,
      output: "20\n",
    });
    // Merge commits (two parents each), on the integration branch only: main is untouched.
    expect(repo.git(["rev-list", "--merges", "--count", `${base}..${result.branch}`])).toBe("3");
    expect(repo.git(["rev-parse", "main"])).toBe(base);
    const app = readFileSync(nodePath.join(result.worktreePath, "src/app.ts"), "utf8");
    expect(app.startsWith("A\n") && app.endsWith("C\n")).toBe(true);
  });

  it("stops at the first conflict with the file named, aborts that merge and skips the rest", async () => {
    const ok = { key: "B", branch: trackBranch("B", { "b.txt": "b\n" }) };
    const mine = {
      key: "A",
      branch: trackBranch("A", { "src/app.ts": numberedLines(20).replace("line 5\n", "A's line 5\n") }),
    };
    const theirs = {
      key: "X",
      branch: trackBranch("X", { "src/app.ts": numberedLines(20).replace("line 5\n", "X's line 5\n") }),
    };
    const later = { key: "Z", branch: trackBranch("Z", { "z.txt": "z\n" }) };
    const result = await integrateBranches(git, options([ok, mine, theirs, later], "true"));
    expect(result.steps.map((s) => [s.key, s.state])).toEqual([
      ["B", "merged"],
      ["A", "merged"],
      ["X", "conflict"],
      ["Z", "skipped"],
    ]);
    expect(result.steps[2]).toMatchObject({
      files: ["src/app.ts"],
      message: "merging paratrack/r1/X conflicts in src/app.ts; merge aborted",
    });
    expect(result.stoppedAt).toBe("X");
    expect(result.test).toEqual({
      command: "true",
      state: "not-run",
      reason: "not run: the merge stopped at track X",
    });
    // The merge was aborted: no merge in progress, a clean tree at the last good merge.
    const cwd = result.worktreePath;
    expect(repo.git(["status", "--porcelain"], cwd)).toBe("");
    expect(existsSync(nodePath.join(repo.git(["rev-parse", "--absolute-git-dir"], cwd), "MERGE_HEAD"))).toBe(
      false,
    );
    expect(result.head).toBe(repo.git(["rev-parse", "HEAD"], cwd));
    expect(repo.git(["log", "-1", "--format=%s", result.head])).toBe(
      "Paratrack: merge track A (paratrack/r1/A)",
    );
    // The track branches are as they were.
    expect(repo.git(["rev-list", "--count", `${base}..${theirs.branch}`])).toBe("1");
  });

  it("reports a failing test with its output; a second attempt continues in the same worktree", async () => {
    const a = { key: "A", branch: trackBranch("A", { "a.txt": "a\n" }) };
    const result = await integrateBranches(git, options([a], "echo broken >&2; exit 3"));
    expect(result.test).toMatchObject({ state: "failed", exitCode: 3, output: "broken\n" });
    const again = await integrateBranches(git, options([a], null));
    expect(again.steps).toEqual([{ key: "A", branch: a.branch, state: "up-to-date" }]);
    expect(again.head).toBe(result.head);
    expect(again.test).toBeNull();
  });

  it("refuses an integration branch that exists and is not this run's, and one with uncommitted work in it", async () => {
    const a = { key: "A", branch: trackBranch("A", { "a.txt": "a\n" }) };
    repo.git(["branch", integrationBranchName("r1")]);
    await expect(integrateBranches(git, options([a], null))).rejects.toMatchObject({
      code: "branch-exists",
      message: expect.stringContaining("or start a new run"),
    });
    // A plan's fixed integration.branch: a new run would meet the same branch, so the advice is another name.
    await expect(
      integrateBranches(git, {
        ...options([a], null),
        otherWay: "set another integration.branch in the plan",
      }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/or set another integration\.branch in the plan\)$/),
    });
    repo.git(["branch", "-D", integrationBranchName("r1")]);
    const first = await integrateBranches(git, options([a], null));
    repo.write("wip.txt", "the lead's fix in progress\n", first.worktreePath);
    await expect(integrateBranches(git, options([a], null))).rejects.toMatchObject({
      code: "dirty-worktree",
      message: expect.stringContaining("will not merge over them"),
    });
    expect(readFileSync(nodePath.join(first.worktreePath, "wip.txt"), "utf8")).toBe(
      "the lead's fix in progress\n",
    );
  });

  it("a branch that no longer exists stops the integration with git's reason", async () => {
    const result = await integrateBranches(git, options([{ key: "G", branch: "paratrack/r1/gone" }], "true"));
    expect(result.steps[0]).toMatchObject({ key: "G", state: "error" });
    expect(result.steps[0]?.state === "error" && result.steps[0].message).toContain(
      "merging paratrack/r1/gone failed",
    );
  });
});
