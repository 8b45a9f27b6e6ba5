import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import nodePath from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { detectChangeConflicts } from "../domain/coordination/change-conflicts";
import { findSharedCommits, inheritedPaths, tracksTakenFrom } from "../domain/coordination/shared-commits";
import { listCommitsSince, readAuthoredCommits, readChangeSet, readOwnCommittedPaths } from "./changes";
import { createGit } from "./git-runner";
import { createTestRepo, numberedLines, type TestRepo, testEnv } from "./test-repo";
import { addTrackWorktree, defaultWorktreePath, trackBranchName } from "./worktrees";

const git = createGit();
let repo: TestRepo;
let base: string;
let wt: string;

beforeEach(async () => {
  repo = createTestRepo();
  repo.write("src/app.ts", numberedLines(10));
  repo.write("src/old.ts", "old\nold\n");
  repo.write("docs/guide.md", "guide\n");
  base = repo.commit("base");
  wt = (
    await addTrackWorktree(git, {
      repo: repo.root,
      path: defaultWorktreePath(repo.root, "r1", "A"),
      branch: trackBranchName("r1", "A"),
      baseCommit: base,
    })
  ).path;
});
afterEach(() => repo.remove());

describe("readChangeSet", () => {
  it("an untouched worktree has no changes", async () => {
    expect(await readChangeSet(git, wt, base)).toEqual({
      worktree: wt,
      baseCommit: base,
      head: base,
      branch: "paratrack/r1/A",
      commits: 0,
      commitIds: [],
      files: [],
      totals: { files: 0, added: 0, removed: 0 },
    });
  });

  it("committed and uncommitted files with their lines; renames as a deletion plus an addition", async () => {
    // Two commits: an edit, a new file, a deletion, a rename.
    repo.write("src/app.ts", numberedLines(10).replace("line 2\n", "line two\n"), wt);
    repo.write("src/new file.ts", "a\nb\nc\n", wt);
    repo.commit("edit and add", wt);
    repo.git(["rm", "-q", "docs/guide.md"], wt);
    repo.git(["mv", "src/old.ts", "src/renamed.ts"], wt);
    const first = repo.git(["rev-parse", "HEAD"], wt);
    const head = repo.commit("delete and rename", wt);
    // Uncommitted: an edit of a committed file, a staged new file, an untracked file without a final newline,
    // and a binary file.
    repo.write("src/app.ts", `${numberedLines(10).replace("line 2\n", "line two\n")}line 11\n`, wt);
    repo.write("src/staged.ts", "s\n", wt);
    repo.git(["add", "src/staged.ts"], wt);
    repo.write("notes/todo.md", "one\ntwo", wt);
    writeFileSync(nodePath.join(wt, "logo.bin"), Buffer.from([0, 1, 2, 3]));

    const changes = await readChangeSet(git, wt, base);
    expect(changes.head).toBe(head);
    expect(changes.commits).toBe(2);
    expect(changes.commitIds).toEqual([head, first]);
    const row = (
      path: string,
      added: number | null,
      removed: number | null,
      committed: boolean,
      uncommitted: boolean,
      untracked = false,
    ) => ({
      path,
      added,
      removed,
      committed,
      uncommitted,
      untracked,
    });
    expect(changes.files).toEqual([
      row("docs/guide.md", 0, 1, true, false),
      row("logo.bin", null, null, false, true, true),
      row("notes/todo.md", 2, 0, false, true, true),
      // +1 −1 committed, +1 uncommitted.
      row("src/app.ts", 2, 1, true, true),
      row("src/new file.ts", 3, 0, true, false),
      row("src/old.ts", 0, 2, true, false),
      row("src/renamed.ts", 2, 0, true, false),
      row("src/staged.ts", 1, 0, false, true),
    ]);
    expect(changes.totals).toEqual({ files: 8, added: 10, removed: 4 });
  });

  it("a track that edits outside its scope: a violation naming the file", async () => {
    repo.write("src/app.ts", `${numberedLines(10)}more\n`, wt);
    repo.write("docs/guide.md", "guide, rewritten by the wrong track\n", wt);
    repo.commit("edit", wt);
    const changes = await readChangeSet(git, wt, base);
    const track = {
      key: "A",
      scope: ["src/**"],
      status: "running" as const,
      tier: "primary" as const,
      priority: "standard" as const,
      progressPercent: 10,
    };
    const [violation, ...rest] = detectChangeConflicts({
      tracks: [{ track, files: changes.files }],
      predictions: [],
    });
    expect(rest).toEqual([]);
    expect(violation).toMatchObject({ kind: "scope-violation", files: ["docs/guide.md"], pause: ["A"] });
    expect(violation?.message).toContain("docs/guide.md");
    expect(violation?.evidence.files[0]?.changes).toEqual([
      { trackKey: "A", committed: true, uncommitted: false, added: 1, removed: 1 },
    ]);
  });

  it("fails clearly when the worktree is gone", async () => {
    await expect(readChangeSet(git, `${wt}-gone`, base)).rejects.toMatchObject({ code: "no-such-directory" });
  });
});

describe("listCommitsSince", () => {
  it("lists the branch's commits since the base, newest first, with their subjects", async () => {
    repo.write("a.txt", "a\n", wt);
    const first = repo.commit("first: a", wt);
    repo.write("b.txt", "b\n", wt);
    const second = repo.commit("second | b", wt);
    const commits = await listCommitsSince(git, wt, base);
    expect(commits.map((c) => [c.commit, c.subject])).toEqual([
      [second, "second | b"],
      [first, "first: a"],
    ]);
    expect(Number.isNaN(Date.parse(commits[0]!.at))).toBe(false);
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    expect(await listCommitsSince(git, wt, base, inAnHour)).toEqual([]);
  });

  it("dates a commit by its authoring: one re-committed today by a rebase is not today's work, one from a skewed clock is", async () => {
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    repo.write("a.txt", "a\n", wt);
    // As a rebase leaves it: authored two days ago, committed now.
    execFileSync("git", ["add", "a.txt"], { cwd: wt, env: testEnv() });
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "old work"], {
      cwd: wt,
      env: { ...testEnv(), GIT_AUTHOR_DATE: twoDaysAgo.toISOString() },
    });
    repo.write("b.txt", "b\n", wt);
    repo.commit("new work", wt);
    const today = new Date(Date.now() - 3_600_000).toISOString();
    expect((await listCommitsSince(git, wt, base, today)).map((c) => c.subject)).toEqual(["new work"]);
    // Committed "before" it was authored (a clock behind): still today's work, and so is the commit before it.
    repo.write("c.txt", "c\n", wt);
    execFileSync("git", ["add", "c.txt"], { cwd: wt, env: testEnv() });
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "skewed clock"], {
      cwd: wt,
      env: { ...testEnv(), GIT_COMMITTER_DATE: new Date(Date.now() - 2 * 3_600_000).toISOString() },
    });
    expect((await listCommitsSince(git, wt, base, today)).map((c) => c.subject)).toEqual([
      "skewed clock",
      "new work",
    ]);
    const all = await listCommitsSince(git, wt, base);
    expect(all.map((c) => c.subject)).toEqual(["skewed clock", "new work", "old work"]);
    expect(Math.abs(Date.parse(all[2]!.at) - twoDaysAgo.getTime())).toBeLessThan(2_000);
  });
});

describe("a track's own commits after it took another track's", () => {
  let b: string;
  const A = "paratrack/r1/A";
  const B = "paratrack/r1/B";
  beforeEach(async () => {
    b = (
      await addTrackWorktree(git, {
        repo: repo.root,
        path: defaultWorktreePath(repo.root, "r1", "B"),
        branch: trackBranchName("r1", "B"),
        baseCommit: base,
      })
    ).path;
    repo.write("src/a.ts", "a\n", wt);
    repo.commit("A", wt);
    repo.write("src/b.ts", "b\n", b);
    repo.commit("B", b);
  });

  /** What the change poller does once the two lists share commits. */
  async function inherited(cwd: string, branch: string, other: string): Promise<string[]> {
    const changes = await readChangeSet(git, cwd, base);
    const otherChanges = await readChangeSet(git, other === A ? wt : b, base);
    const shared = findSharedCommits([
      { key: branch, commits: changes.commitIds },
      { key: other, commits: otherChanges.commitIds },
    ]).get(branch);
    if (!shared) return [];
    // In the repository: the worktrees share its branch reflogs and commits.
    const taken = tracksTakenFrom(shared, await readAuthoredCommits(git, repo.root, branch));
    if (taken.length === 0) return [];
    const own = await readOwnCommittedPaths(git, repo.root, { baseCommit: base, head: changes.head! }, [
      otherChanges.head!,
    ]);
    return inheritedPaths(changes.files, own);
  }

  it("after B rebases onto A, A's file came with A's commit: B's, not A's, and still after A goes on", async () => {
    expect(await inherited(b, B, A)).toEqual([]);
    repo.git(["rebase", "-q", A], b);
    expect((await readChangeSet(git, b, base)).files.map((f) => f.path)).toEqual(["src/a.ts", "src/b.ts"]);
    expect(await inherited(b, B, A)).toEqual(["src/a.ts"]);
    expect(await inherited(wt, A, B)).toEqual([]);
    repo.write("src/a2.ts", "a\n", wt);
    repo.commit("A again", wt);
    expect(await inherited(b, B, A)).toEqual(["src/a.ts"]);
    expect(await inherited(wt, A, B)).toEqual([]);
  });

  it("B's own commit on A's file after the rebase, or an uncommitted edit of it, is B's", async () => {
    repo.git(["rebase", "-q", A], b);
    repo.write("src/a.ts", "a, and b\n", b);
    expect(await inherited(b, B, A)).toEqual([]);
    repo.commit("B edits A's file", b);
    expect(await inherited(b, B, A)).toEqual([]);
  });

  it("a merge of A's branch into B: A's file is A's, a conflict B resolved in the merge is B's", async () => {
    repo.write("src/app.ts", "A's app\n", wt);
    repo.commit("A edits app", wt);
    repo.write("src/app.ts", "B's app\n", b);
    repo.commit("B edits app", b);
    expect(() => repo.git(["merge", "-q", "--no-edit", A], b)).toThrow();
    repo.write("src/app.ts", "A's and B's app\n", b);
    repo.git(["add", "-A"], b);
    repo.git(["commit", "-q", "--no-edit"], b);
    expect(await inherited(b, B, A)).toEqual(["src/a.ts"]);
    expect(await inherited(wt, A, B)).toEqual([]);
  });

  it("a rebase that leaves nothing of B's own (B gave its change up) takes all of A's commits", async () => {
    repo.git(["reset", "-q", "--hard", base], b);
    repo.git(["rebase", "-q", A], b);
    expect(await inherited(b, B, A)).toEqual(["src/a.ts"]);
    expect(await inherited(wt, A, B)).toEqual([]);
  });
});
