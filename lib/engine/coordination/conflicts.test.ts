// The seed's conflict protocol on real changes in real worktrees (fake agents, real git): detection from commits and
// uncommitted edits, the pause, the record with evidence and recommendation, the lead's rulings.
import { afterEach, describe, expect, it } from "vitest";
import { localDate } from "../../domain/coordination/status-cadence";
import { createGit, type GitRunner } from "../../git/git-runner";
import { until } from "../run/harness";
import { localOffsetMinutes } from "./daily-status-system";
import {
  type CoordinationFixture,
  linesWith,
  startTracks,
  startTwoTracks,
  startWithRepo,
} from "./test-fixture";

let f: CoordinationFixture | null = null;
afterEach(async () => {
  await f?.dispose();
  f = null;
});

/** The shared two-track fixture (test-fixture.ts), disposed after each test. */
async function twoTracks(options: { git?: GitRunner } = {}): Promise<CoordinationFixture> {
  f = await startTwoTracks(options);
  return f;
}

/** Tracks left (src/a/**) and right (src/b/**) running on a repository whose shared/config.ts neither scope covers. */
async function leftAndRightOnSharedConfig(): Promise<CoordinationFixture> {
  const fx = await startWithRepo(
    `  - key: left
    ram: 100MB
    scope: ["src/a/**"]
    command: a
  - key: right
    ram: 100MB
    scope: ["src/b/**"]
    command: b
`,
    {
      prepare: (repo) => {
        repo.write("shared/config.ts", linesWith(10, {}));
        repo.commit("shared config");
      },
    },
  );
  f = fx;
  await startTracks(fx, ["left", "right"]);
  return fx;
}

describe("worktrees per track", () => {
  it("runs each track's agents in its own worktree on paratrack/<run>/<track>, recorded on its row", async () => {
    const fx = await twoTracks();
    const a = fx.h.track("A").git!;
    const runId = fx.h.track("A").runId;
    expect(a.branch).toBe(`paratrack/${runId.slice(0, 8)}/A`);
    expect(fx.git(["rev-parse", "--abbrev-ref", "HEAD"], "A")).toBe(a.branch);
    expect(fx.h.launcher.latest("A")).toBeDefined();
    const row = await fx.h.db.track.findFirst({ where: { key: "A" } });
    expect(row).toMatchObject({ worktree: a.worktree, branch: a.branch, baseCommit: a.baseCommit });
    // Locked while the track runs, so no `git worktree prune/remove` takes it.
    expect(fx.git(["worktree", "list", "--porcelain"])).toContain(`locked paratrack run ${runId} track A`);
  });

  it("shows files, lines and commits on the track", async () => {
    const fx = await twoTracks();
    fx.write("A", "src/a.txt", "one\ntwo\n");
    fx.commit("A", "a file");
    fx.write("A", "src/b.txt", "x\n");
    await fx.poll();
    expect(fx.h.track("A").git?.changes).toMatchObject({
      files: 2,
      added: 3,
      removed: 0,
      commits: 1,
      paths: [
        { path: "src/a.txt", added: 2, committed: true },
        { path: "src/b.txt", added: 1, committed: false },
      ],
    });
  });
});

describe("conflicts from real changes", () => {
  it("predicts a textual conflict, pauses both tracks, records evidence and the seed's recommendation", async () => {
    const fx = await twoTracks();
    fx.write("A", "src/shared.txt", linesWith(10, { 3: "A's line 3" }));
    fx.commit("A", "A edits line 3");
    await fx.poll();
    expect(fx.h.track("A").status).toBe("running");
    fx.write("B", "src/shared.txt", linesWith(10, { 3: "B's line 3" }));
    fx.commit("B", "B edits line 3");
    await fx.poll();
    const harness = fx.h;
    await until(() => harness.track("A").status === "paused" && harness.track("B").status === "paused");
    expect(fx.h.track("A").pausedBy).toBe("conflict");
    expect(fx.h.launcher.latest("B").calls).toEqual(["pause"]);
    const [row] = await fx.h.db.conflict.findMany();
    expect(row).toMatchObject({
      source: "git",
      key: "predicted-conflict:A+B",
      kind: "predicted-conflict",
      severity: "critical",
      status: "open",
      trackKeys: "A,B",
    });
    expect(JSON.parse(row!.files!)).toEqual(["src/shared.txt"]);
    const recommendation = JSON.parse(row!.recommendation!);
    expect(recommendation).toMatchObject({
      option: "keep-paused-until-rebase",
      resume: ["A"],
      hold: ["B"],
      decidedBy: "priority",
    });
    expect(recommendation.reason).toMatch(/^A wins by priority/);
    expect(recommendation.steps.map((s: { step: string }) => s.step)).toEqual([
      "detect",
      "pause",
      "assess",
      "resolve",
      "implement",
      "log",
    ]);
    const evidence = JSON.parse(row!.evidence!);
    expect(evidence.files[0].changes.map((c: { trackKey: string }) => c.trackKey)).toEqual(["A", "B"]);
    expect(fx.h.events().map((e) => e.kind)).toContain("conflict:raised");

    // A second poll of the same changes raises nothing new.
    await fx.poll();
    expect(await fx.h.db.conflict.count()).toBe(1);
  });

  it("does not call edits at different places of one file a conflict, but an overlap (medium)", async () => {
    const fx = await twoTracks();
    fx.write("A", "src/shared.txt", linesWith(10, { 1: "A's line 1" }));
    fx.commit("A", "A edits line 1");
    fx.write("B", "src/shared.txt", linesWith(10, { 9: "B's line 9" }));
    fx.commit("B", "B edits line 9");
    await fx.poll();
    const [row] = await fx.h.db.conflict.findMany();
    expect(row).toMatchObject({ kind: "overlap", severity: "medium", key: "overlap:A+B" });
  });

  it("keeps the loser paused until it rebases, then resumes it by itself", async () => {
    const fx = await twoTracks();
    fx.write("A", "src/shared.txt", linesWith(10, { 3: "A's line 3" }));
    fx.commit("A", "A edits line 3");
    fx.write("B", "src/shared.txt", linesWith(10, { 3: "B's line 3" }));
    const base = fx.h.track("B").git!.baseCommit;
    fx.commit("B", "B edits line 3");
    await fx.poll();
    const [row] = await fx.h.db.conflict.findMany();
    const ruled = await fx.h.controller.coordination.resolveConflict(row!.id, {
      option: "keep-paused-until-rebase",
      resume: "A",
      hold: "B",
    });
    expect(ruled).toMatchObject({ state: "resolved", held: ["B"], ruling: { resumed: ["A"], held: ["B"] } });
    const harness = fx.h;
    await until(() => harness.track("A").status === "running");
    // The held track says why in words, and no event or reason shows the conflict's id.
    expect(fx.h.track("B")).toMatchObject({
      status: "paused",
      pausedBy: "conflict",
      pauseReason: "held until it rebases onto A",
    });
    const words = fx.h.events().map((e) => e.message);
    expect(words).toContain(
      "Predicted merge conflict between A and B resolved by the lead: A goes on, B waits until it rebases",
    );
    expect(words.filter((m) => m.includes("predicted-conflict:"))).toEqual([]);
    await expect(
      fx.h.controller.coordination.resolveConflict(row!.id, { option: "dismiss" }),
    ).rejects.toThrow(/already resolved/);

    // B gives its edit up (a real rebase would do the same): its branch no longer conflicts, and it goes on.
    fx.git(["reset", "-q", "--hard", base], "B");
    await fx.poll();
    await until(() => harness.track("B").status === "running");
    expect((await fx.h.db.conflict.findFirst())?.held).toBe("[]");
    expect(fx.h.events().map((e) => e.kind)).toContain("conflict:hold-released");
  });

  it("a real rebase onto the winner releases the loser: the winner's commits are not taken for its edits", async () => {
    const fx = await twoTracks();
    fx.write("A", "src/shared.txt", linesWith(10, { 3: "A's line 3" }));
    fx.write("A", "src/a-only.txt", "a\n");
    fx.commit("A", "A edits line 3");
    fx.write("B", "src/shared.txt", linesWith(10, { 3: "B's line 3" }));
    fx.commit("B", "B edits line 3");
    await fx.poll();
    const [row] = await fx.h.db.conflict.findMany();
    await fx.h.controller.coordination.resolveConflict(row!.id, {
      option: "keep-paused-until-rebase",
      resume: "A",
      hold: "B",
    });
    // B does what the ruling asks: rebases onto A's branch and resolves line 3.
    expect(() => fx.git(["rebase", "-q", fx.h.track("A").git!.branch], "B")).toThrow();
    fx.write("B", "src/shared.txt", linesWith(10, { 3: "A's and B's line 3" }));
    fx.git(["add", "-A"], "B");
    fx.git(["-c", "core.editor=true", "rebase", "--continue"], "B");
    await fx.poll();
    const harness = fx.h;
    await until(() => harness.track("B").status === "running");
    expect(fx.h.track("A").status).toBe("running");
    // No overlap of A's file (or of the file the lead ruled on) is raised, nothing paused again.
    expect((await fx.h.db.conflict.findMany()).map((c) => c.key)).toEqual(["predicted-conflict:A+B"]);
    expect(fx.h.events().map((e) => e.kind)).toContain("conflict:hold-released");
  });

  /** A and B each commit a file of their own, and the poll has seen both. */
  async function oneFileEach(options: { git?: GitRunner } = {}) {
    const fx = await twoTracks(options);
    fx.write("A", "src/a-only.txt", "a\n");
    fx.commit("A", "A's file");
    fx.write("B", "docs/b.md", "b\n");
    fx.commit("B", "B's file");
    await fx.poll();
    return fx;
  }

  it("a track that merges another track's branch is not charged with its files", async () => {
    const fx = await oneFileEach();
    fx.git(["merge", "-q", "--no-edit", fx.h.track("A").git!.branch], "B");
    await fx.poll();
    expect(fx.h.track("B").git?.changes?.paths.map((p) => p.path)).toEqual(["docs/b.md"]);
    expect(await fx.h.db.conflict.count()).toBe(0);
    expect([fx.h.track("A").status, fx.h.track("B").status]).toEqual(["running", "running"]);
  });

  it("after a rebase onto another track, the track's own edit of that track's file is still its own", async () => {
    const fx = await oneFileEach();
    fx.git(["rebase", "-q", fx.h.track("A").git!.branch], "B");
    await fx.poll();
    expect(await fx.h.db.conflict.count()).toBe(0);
    fx.write("B", "src/a-only.txt", "a, and b\n");
    fx.commit("B", "B edits A's file");
    await fx.poll();
    const harness = fx.h;
    await until(() => harness.track("A").status === "paused" && harness.track("B").status === "paused");
    const rows = await fx.h.db.conflict.findMany();
    expect(rows.map((r) => [r.key, JSON.parse(r.files!)])).toEqual([["overlap:A+B", ["src/a-only.txt"]]]);
  });

  /** What B's card shows (the track API), and what its row keeps for the run's later views. */
  async function totalsOfB(fx: CoordinationFixture) {
    const row = await fx.h.db.track.findFirst({ where: { key: "B" }, select: { changes: true } });
    const { at: _at, ...stored } = JSON.parse(row!.changes!);
    const { at: _shown, ...shown } = fx.h.track("B").git!.changes!;
    expect(stored).toEqual(shown);
    return { ...shown, paths: shown.paths.map((p) => p.path) };
  }

  it("the card of a track rebased onto another counts only its own files, lines and commits", async () => {
    const fx = await oneFileEach();
    fx.git(["rebase", "-q", fx.h.track("A").git!.branch], "B");
    await fx.poll();
    expect(await totalsOfB(fx)).toEqual({ files: 1, added: 1, removed: 0, commits: 1, paths: ["docs/b.md"] });
    expect(fx.h.track("A").git?.changes).toMatchObject({ files: 1, added: 1, commits: 1 });
    // B's own work after the rebase is counted: a commit, and an uncommitted edit.
    fx.write("B", "src/b-too.txt", "one\ntwo\n");
    fx.commit("B", "B's second file");
    fx.write("B", "docs/b.md", "b\nmore\n");
    await fx.poll();
    expect(await totalsOfB(fx)).toEqual({
      files: 2,
      added: 4,
      removed: 0,
      commits: 2,
      paths: ["docs/b.md", "src/b-too.txt"],
    });
    expect(await fx.h.db.conflict.count()).toBe(0);
  });

  /** The "git:" line of the track's daily status for today (real time: git dates the commits by the machine's clock). */
  async function gitLineOf(fx: CoordinationFixture, key: string) {
    const day = localDate(Date.now(), localOffsetMinutes(Date.now()));
    const doc = await fx.h.controller.coordination.buildStatus(key, day);
    return doc?.completed_today.filter((line) => line.startsWith("git:"));
  }

  it("the daily status of a track rebased onto another lists only its own commits and files", async () => {
    const fx = await oneFileEach();
    fx.git(["rebase", "-q", fx.h.track("A").git!.branch], "B");
    await fx.poll();
    expect(await gitLineOf(fx, "B")).toEqual(["git: 1 commit, 1 file changed (+1 −0): B's file"]);
    // A's commit, on B's branch too now, is still A's work.
    expect(await gitLineOf(fx, "A")).toEqual(["git: 1 commit, 1 file changed (+1 −0): A's file"]);
    fx.write("B", "src/b-too.txt", "one\ntwo\n");
    fx.commit("B", "B's second file");
    await fx.poll();
    expect(await gitLineOf(fx, "B")).toEqual([
      "git: 2 commits, 2 files changed (+3 −0): B's second file; B's file",
    ]);
  });

  it("the card of a track that merged another's branch counts only its own files (and its merge commit)", async () => {
    const fx = await oneFileEach();
    fx.git(["merge", "-q", "--no-edit", fx.h.track("A").git!.branch], "B");
    await fx.poll();
    expect(await totalsOfB(fx)).toEqual({ files: 1, added: 1, removed: 0, commits: 2, paths: ["docs/b.md"] });
    // B undoes the merge: A's file is no longer on its branch, its totals are B's commit alone again.
    fx.git(["reset", "-q", "--hard", "HEAD~1"], "B");
    await fx.poll();
    expect(await totalsOfB(fx)).toEqual({ files: 1, added: 1, removed: 0, commits: 1, paths: ["docs/b.md"] });
  });

  it("the cards cost no git beyond reading the changes, unless two tracks share commits", async () => {
    const real = createGit();
    const commands: string[] = [];
    const git: GitRunner = {
      binary: real.binary,
      run: (args, options) => {
        commands.push(args[0]!);
        return real.run(args, options);
      },
    };
    const owned = () => commands.filter((c) => c === "reflog" || c === "log");
    const fx = await oneFileEach({ git });
    expect(owned()).toEqual([]);
    fx.git(["rebase", "-q", fx.h.track("A").git!.branch], "B");
    await fx.poll();
    expect(owned()).toContain("reflog");
    expect((await totalsOfB(fx)).paths).toEqual(["docs/b.md"]);
    // Same head, same shared commits: an edit is shown from what was found, with no git of its own.
    commands.length = 0;
    fx.write("B", "docs/b.md", "b\nmore\n");
    await fx.poll();
    expect(await totalsOfB(fx)).toMatchObject({ files: 1, added: 2, paths: ["docs/b.md"] });
    expect(commands).toContain("status");
    expect(owned()).toEqual([]);
  });

  it("names the file of a scope violation; widening the scope resumes the track", async () => {
    const fx = await twoTracks();
    fx.write("A", "tools/build.sh", "echo\n");
    await fx.poll();
    const harness = fx.h;
    await until(() => harness.track("A").status === "paused");
    const [row] = await fx.h.db.conflict.findMany();
    expect(row).toMatchObject({ kind: "scope-violation", key: "scope-violation:A", severity: "high" });
    expect(row!.description).toContain("tools/build.sh");
    expect(JSON.parse(row!.recommendation!)).toMatchObject({
      option: "widen-scope",
      scopeChanges: [{ trackKey: "A", add: ["tools/build.sh"] }],
    });
    await fx.h.controller.coordination.resolveConflict(row!.id, { option: "widen-scope", trackKey: "A" });
    await until(() => harness.track("A").status === "running");
    expect(fx.h.track("A").scope).toEqual(["src/**", "tools/build.sh"]);
    // The widened contract is kept with the run's plan, and the next poll finds nothing.
    const run = await fx.h.db.run.findFirst();
    expect(JSON.parse(run!.planJson).tracks[0].scope).toEqual(["src/**", "tools/build.sh"]);
    await fx.poll();
    expect(await fx.h.db.conflict.count()).toBe(1);
  });

  it("a ruling says which track stays paused because another open conflict still holds it", async () => {
    const fx = await twoTracks();
    fx.write("A", "src/shared.txt", linesWith(10, { 3: "A's line 3" }));
    fx.write("A", "docs/a.md", "a\n");
    fx.commit("A", "A edits line 3 and B's docs");
    fx.write("B", "src/shared.txt", linesWith(10, { 3: "B's line 3" }));
    fx.commit("B", "B edits line 3");
    await fx.poll();
    const rows = await fx.h.db.conflict.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.key).sort()).toEqual(["predicted-conflict:A+B", "scope-violation:A"]);
    const violation = rows.find((r) => r.key === "scope-violation:A")!;
    await fx.h.controller.coordination.resolveConflict(violation.id, {
      option: "widen-scope",
      trackKey: "A",
    });
    expect(fx.h.track("A").status).toBe("paused");
    expect(fx.h.events().map((e) => e.message)).toContain(
      "Scope violation by A resolved by the lead: A's scope widened by docs/a.md; scopes: A += docs/a.md; A stays paused: the predicted merge conflict between A and B (open) still holds it",
    );
  });

  it("a refreshed conflict's new words replace its old ones in the pause reason of the track it holds", async () => {
    const fx = await leftAndRightOnSharedConfig();
    // Edits far apart: no merge conflict, two scope violations on one file.
    fx.write("left", "shared/config.ts", linesWith(10, { 1: "left's line 1" }));
    fx.commit("left", "left edits the config");
    fx.write("right", "shared/config.ts", linesWith(10, { 9: "right's line 9" }));
    fx.commit("right", "right edits the config");
    await fx.poll();
    const harness = fx.h;
    await until(() => harness.track("right").status === "paused");
    expect(harness.track("right").pauseReason).toContain("no track's scope covers them");
    const rows = new Map((await fx.h.db.conflict.findMany()).map((c) => [c.key, c] as const));
    expect([...rows.keys()].sort()).toEqual(["scope-violation:left", "scope-violation:right"]);
    // The lead gives left the file: right's violation now lies in left's scope, and right's pause says so.
    await fx.h.controller.coordination.resolveConflict(rows.get("scope-violation:left")!.id, {
      option: "widen-scope",
      trackKey: "left",
    });
    await fx.poll();
    await until(() => harness.events().some((e) => e.kind === "conflict:advice-changed"));
    expect(harness.track("right")).toMatchObject({ status: "paused", pausedBy: "conflict" });
    expect(harness.track("right").pauseReason).toContain("they lie in the scope of left");
    expect(harness.track("right").pauseReason).not.toContain("no track's scope covers them");
  });

  it("a released hold names the open conflict that still holds the track; a widened scope refreshes the advice", async () => {
    const fx = await leftAndRightOnSharedConfig();
    fx.write("left", "shared/config.ts", linesWith(10, { 3: "left's line 3" }));
    fx.commit("left", "left edits the config");
    fx.write("right", "shared/config.ts", linesWith(10, { 3: "right's line 3" }));
    fx.commit("right", "right edits the config");
    await fx.poll();
    const harness = fx.h;
    await until(
      () => harness.track("left").status === "paused" && harness.track("right").status === "paused",
    );
    const byKey = async () => new Map((await fx.h.db.conflict.findMany()).map((c) => [c.key, c] as const));
    const rows = await byKey();
    expect([...rows.keys()].sort()).toEqual([
      "predicted-conflict:left+right",
      "scope-violation:left",
      "scope-violation:right",
    ]);
    expect(JSON.parse(rows.get("scope-violation:right")!.recommendation!).reason).toContain(
      "takes nothing from anyone",
    );
    const { coordination } = fx.h.controller;
    await coordination.resolveConflict(rows.get("scope-violation:left")!.id, {
      option: "widen-scope",
      trackKey: "left",
    });
    await coordination.resolveConflict(rows.get("predicted-conflict:left+right")!.id, {
      option: "keep-paused-until-rebase",
      resume: "left",
      hold: "right",
    });
    await until(() => harness.track("left").status === "running");
    expect(fx.h.track("right").pauseReason).toBe("held until it rebases onto left");

    // right rebases onto left by hand, keeping its own line: the prediction is gone, its scope violation is not.
    expect(() => fx.git(["rebase", "-q", fx.h.track("left").git!.branch], "right")).toThrow();
    fx.write("right", "shared/config.ts", linesWith(10, { 3: "right's line 3" }));
    fx.git(["add", "-A"], "right");
    fx.git(["-c", "core.editor=true", "rebase", "--continue"], "right");
    await fx.poll();
    await until(() => harness.events().some((e) => e.kind === "conflict:hold-released"));
    await fx.poll();
    const violation = (await byKey()).get("scope-violation:right")!;
    expect(violation.status).toBe("open");
    // Left's scope covers the file now: widening right's would take it from left.
    const recommendation = JSON.parse(violation.recommendation!);
    expect(recommendation.option).not.toBe("widen-scope");
    expect(recommendation.reason).not.toContain("takes nothing from anyone");
    expect(recommendation.reason).toContain("shared/config.ts is in left's scope");
    expect(violation.description).toContain("they lie in the scope of left");
    // An event says so, which is what makes an open Conflicts page fetch the new advice.
    expect(fx.h.events().filter((e) => e.kind === "conflict:advice-changed")).toHaveLength(1);
    expect(fx.h.track("right")).toMatchObject({ status: "paused", pausedBy: "conflict" });
    expect(fx.h.track("right").pauseReason).toMatch(
      /^Scope violation by right \(open, waiting for the lead\): /,
    );
    expect(fx.h.track("right").pauseReason).toContain("they lie in the scope of left");
  });

  it("refuses a ruling naming a track outside the conflict, and changes nothing", async () => {
    const fx = await twoTracks();
    fx.write("A", "tools/x.sh", "x\n");
    await fx.poll();
    const [row] = await fx.h.db.conflict.findMany();
    await expect(
      fx.h.controller.coordination.resolveConflict(row!.id, { option: "widen-scope", trackKey: "B" }),
    ).rejects.toThrow(/track B is not part of conflict scope-violation:A/);
    expect((await fx.h.db.conflict.findFirst())?.status).toBe("open");
  });
});
