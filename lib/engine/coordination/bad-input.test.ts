// Bad input from issue 13: not a repository, a dirty base, git older than 2.38, a branch that exists, a worktree
// deleted by hand while its track runs. A clear message or event naming the problem, no crash, nothing lost.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createGit } from "../../git/git-runner";
import { writeFakeGit } from "../../git/test-repo";
import { createHarness, type Harness, until } from "../run/harness";
import { type CoordinationFixture, startTracks, startWithRepo } from "./test-fixture";

let f: CoordinationFixture | null = null;
let h: Harness | null = null;
let fakeGitDir: string | null = null;
afterEach(async () => {
  await f?.dispose();
  await h?.dispose();
  if (fakeGitDir) rmSync(fakeGitDir, { recursive: true, force: true });
  f = null;
  h = null;
  fakeGitDir = null;
});

const ONE_TRACK = `  - key: A
    ram: 100MB
    scope: ["src/**"]
    command: a
`;

describe("bad input", () => {
  it("refuses a plan whose repo is not a git repository, naming it, and stores no run", async () => {
    h = await createHarness();
    const notARepo = path.join(h.dir, "plain-dir");
    mkdirSync(notARepo);
    const start = h.start(`name: x
ram: { budget: 4GB }
repo: ${notARepo}
tracks:
${ONE_TRACK}`);
    await expect(start).rejects.toMatchObject({
      status: 400,
      errors: [
        expect.objectContaining({
          path: "repo",
          line: 3,
          message: expect.stringContaining(`${notARepo} is not a git repository`),
        }),
      ],
    });
    expect(await h.db.run.count()).toBe(0);
  });

  it("says a dirty base is not seen by the worktrees, and leaves it untouched", async () => {
    f = await startWithRepo(ONE_TRACK, {
      prepare: (repo) => repo.write("README.md", "# edited, not committed\n"),
    });
    const problem = f.h.events().find((e) => e.kind === "git:problem");
    expect(problem?.message).toMatch(/1 uncommitted change \(README\.md\).*will not see them/);
    await startTracks(f, ["A"]);
    expect(readFileSync(path.join(f.repo.root, "README.md"), "utf8")).toBe("# edited, not committed\n");
    expect(readFileSync(path.join(f.worktree("A"), "README.md"), "utf8")).toBe("# test\n");
  });

  it("with git older than 2.38: says so, works in worktrees, reads changes without merge-tree predictions", async () => {
    fakeGitDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-old-git-"));
    const old = writeFakeGit(
      fakeGitDir,
      'for a; do [ "$a" = --version ] && { echo "git version 2.30.2"; exit 0; }; done\nexec git "$@"',
    );
    f = await startWithRepo(
      `${ONE_TRACK}  - key: B
    ram: 100MB
    scope: ["src/**"]
    command: b
`,
      { git: createGit({ binary: old }) },
    );
    expect(f.h.events().find((e) => e.kind === "git:problem")?.message).toMatch(
      /git 2\.30\.2 is older than 2\.38\.0: conflict prediction \(git merge-tree --write-tree\)/,
    );
    await startTracks(f, ["A", "B"]);
    f.write("A", "src/x.txt", "a\n");
    f.commit("A", "a");
    f.write("B", "src/x.txt", "b\n");
    f.commit("B", "b");
    await f.poll();
    // No prediction: the same file changed by both is an overlap, never called clean.
    const rows = await f.h.db.conflict.findMany();
    expect(rows.map((r) => r.kind)).toEqual(["overlap"]);
    expect(rows[0]?.description).not.toContain("merge cleanly");
  });

  it("does not take over a branch that exists: the track fails to start, naming it; the branch is untouched", async () => {
    f = await startWithRepo(ONE_TRACK);
    const runId = f.h.track("A").runId;
    const branch = `paratrack/${runId.slice(0, 8)}/A`;
    f.repo.write("mine.txt", "someone's work\n");
    f.repo.git(["checkout", "-q", "-b", branch]);
    const theirs = f.repo.commit("someone's commit");
    f.repo.git(["checkout", "-q", "main"]);
    await f.h.tick();
    const harness = f.h;
    await until(() => harness.track("A").status === "failed");
    expect(f.h.track("A").exitSummary).toMatch(
      new RegExp(`not started: track A cannot get its git worktree: branch ${branch} already exists`),
    );
    expect(f.h.events().some((e) => e.kind === "git:problem" && e.message.includes("already exists"))).toBe(
      true,
    );
    expect(f.repo.git(["rev-parse", branch])).toBe(theirs);
    expect(f.h.launcher.agents).toHaveLength(0);
  });

  it("pauses a track whose worktree was deleted by hand, and a restart brings its committed work back", async () => {
    f = await startWithRepo(ONE_TRACK);
    await startTracks(f, ["A"]);
    f.write("A", "src/kept.txt", "committed\n");
    const commit = f.commit("A", "work");
    const worktree = f.worktree("A");
    rmSync(worktree, { recursive: true, force: true });
    await f.poll();
    const harness = f.h;
    await until(() => harness.track("A").status === "paused");
    expect(f.h.track("A").git?.problem).toMatch(
      /was deleted while its track runs: its commits are safe on branch/,
    );
    expect(f.h.events().some((e) => e.kind === "git:problem" && e.trackKey === "A")).toBe(true);

    await f.h.controller.leadAction("A", "restart");
    await until(() => harness.track("A").status === "running" && harness.track("A").attempts === 2);
    expect(existsSync(path.join(worktree, "src/kept.txt"))).toBe(true);
    expect(f.git(["rev-parse", "HEAD"], "A")).toBe(commit);
    expect(f.h.track("A").git?.problem).toBeNull();
  });

  it("pauses a track whose worktree was switched to another branch by hand, naming both", async () => {
    f = await startWithRepo(ONE_TRACK);
    await startTracks(f, ["A"]);
    f.git(["checkout", "-q", "-b", "someone-else"], "A");
    await f.poll();
    const harness = f.h;
    await until(() => harness.track("A").status === "paused");
    expect(f.h.track("A").git?.problem).toMatch(/is on someone-else instead of paratrack\/\w+\/A/);
  });
});
