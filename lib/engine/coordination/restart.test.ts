// Coordination survives a restart (kill -9, or a stop that leaves the agents running): the next server on the same
// data directory takes the run's worktrees, conflicts and holds, blockers and handoffs back from the database, a
// requeued track starts again in its worktree, and the poller reads the worktrees again (an integration across a
// restart: integration-restart.test.ts). Real git, fake agents (they outlive the "crashed" controller as real ones
// outlive the server).
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listRunEvents } from "../../db/events";
import { until } from "../run/harness";
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

async function twoTracks(): Promise<CoordinationFixture> {
  const fx = await startTwoTracks();
  f = fx;
  return fx;
}

/** A and B edit line 3 of the same file: a predicted textual conflict, both paused. */
async function conflicting(fx: CoordinationFixture): Promise<number> {
  fx.write("A", "src/shared.txt", linesWith(10, { 3: "A's line 3" }));
  fx.commit("A", "A edits line 3");
  fx.write("B", "src/shared.txt", linesWith(10, { 3: "B's line 3" }));
  fx.commit("B", "B edits line 3");
  await fx.poll();
  const h = fx.h;
  await until(() => h.track("A").status === "paused" && h.track("B").status === "paused");
  const [row] = await fx.h.db.conflict.findMany();
  return row!.id;
}

describe("coordination after a restart", () => {
  it("keeps the worktrees, the open conflict, then the ruling's hold, across two kill -9 restarts", async () => {
    const fx = await twoTracks();
    const before = { A: fx.h.track("A").git!, B: fx.h.track("B").git! };
    const id = await conflicting(fx);

    await fx.h.restart();
    // The same worktrees, branches and bases, and each track's agents are to run there.
    for (const key of ["A", "B"] as const) {
      const git = fx.h.track(key).git!;
      expect(git).toMatchObject({
        worktree: before[key].worktree,
        branch: before[key].branch,
        baseCommit: before[key].baseCommit,
      });
      expect(git.changes?.commits).toBe(1);
      expect(fx.h.controller.activeRun()?.tracks.get(key)?.workdir).toBe(before[key].worktree);
      expect(existsSync(git.worktree)).toBe(true);
    }
    expect(fx.h.statuses()).toEqual({ A: "paused", B: "paused" });
    // Reading the worktrees again finds the same conflict: nothing new is raised.
    await fx.poll();
    expect(await fx.h.db.conflict.count()).toBe(1);

    // The open conflict is the live run's: the lead rules on it after the restart.
    await fx.h.controller.coordination.resolveConflict(id, {
      option: "keep-paused-until-rebase",
      resume: "A",
      hold: "B",
    });
    const h = fx.h;
    await until(() => h.track("A").status === "running");
    expect(fx.h.track("B")).toMatchObject({ status: "paused", pausedBy: "conflict" });

    await fx.h.restart();
    expect(fx.h.statuses()).toEqual({ A: "running", B: "paused" });
    // Still held: a poll finds the conflict still there and does not let B go.
    await fx.poll();
    expect(fx.h.track("B").status).toBe("paused");
    expect((await fx.h.db.conflict.findFirst())?.held).toBe('["B"]');
    // B gives its edit up: the new server's poller releases the hold and resumes it.
    fx.git(["reset", "-q", "--hard", before.B.baseCommit], "B");
    await fx.poll();
    await until(() => h.track("B").status === "running");
    expect((await fx.h.db.conflict.findFirst())?.held).toBe("[]");
    expect(fx.h.launcher.latest("B").calls.at(-1)).toBe("resume");
    expect(fx.h.launcher.agents).toHaveLength(2); // the same agents all along
  });

  it("the restarted loop sees a change made after the restart (no call from the test)", async () => {
    const fx = await twoTracks();
    await fx.h.controller.shutdown("an upgrade", "detach");
    await fx.h.restart();
    expect(fx.h.statuses()).toEqual({ A: "running", B: "running" });
    fx.write("A", "tools/build.sh", "echo\n");
    const h = fx.h;
    // Only the coordination loop's own polls (about one a second) can see it.
    await until(() => h.track("A").status === "paused", 15_000);
    const [row] = await fx.h.db.conflict.findMany();
    expect(row).toMatchObject({ kind: "scope-violation", key: "scope-violation:A" });
    expect(row!.description).toContain("tools/build.sh");
    expect(fx.h.track("A").git?.changes?.paths.map((p) => p.path)).toEqual(["tools/build.sh"]);
  });

  it("starts a track interrupted by the restart again in its worktree, on its branch", async () => {
    const fx = await twoTracks();
    const worktree = fx.worktree("A");
    fx.write("A", "src/a.txt", "work in flight\n");
    const a = fx.h.launcher.latest("A");
    await fx.h.restart(() => {
      // A's process vanished while no server ran: interrupted, so requeued.
      fx.h.launcher.agents.splice(fx.h.launcher.agents.indexOf(a), 1);
    });
    await fx.h.tick();
    const h = fx.h;
    await until(() => h.track("A").attempts === 2 && h.track("A").status === "running");
    const next = fx.h.launcher.latest("A");
    expect(next).not.toBe(a);
    expect(next.launchedWith.workdir).toBe(worktree);
    expect(fx.git(["rev-parse", "--abbrev-ref", "HEAD"], "A")).toBe(fx.h.track("A").git!.branch);
    // Its uncommitted work is still there.
    expect(readFileSync(path.join(worktree, "src/a.txt"), "utf8")).toBe("work in flight\n");
  });

  it("keeps a delivered handoff waiting for the lead, and the blockers board, across a restart", async () => {
    f = await startWithRepo(`  - key: API
    ram: 100MB
    scope: ["api/**"]
    command: api
  - key: WEB
    ram: 100MB
    scope: ["web/**"]
    dependsOn: [API]
    command: web
handoffs:
  - { from: API, to: WEB, artifacts: ["api/openapi.yaml"], acknowledge: lead }
`);
    const fx = f;
    await startTracks(fx, ["API"]);
    fx.h.launcher.latest("API").say("::blocker critical the staging database is down");
    const h = fx.h;
    await until(() => h.track("API").reportStatus === "blocked");
    await fx.h.controller.coordination.resolveBlocker(1);
    fx.h.launcher.latest("API").say("::blocker high waiting for review");
    await until(() => h.track("API").blockers.length === 1);
    fx.write("API", "api/openapi.yaml", "openapi: 3.1.0\n");
    fx.commit("API", "the spec");
    fx.h.launcher.latest("API").exit(0);
    await until(() => (h.track("WEB").waitReason ?? "").includes("acknowledge"), 10_000);

    await fx.h.restart();
    expect(fx.h.track("API").blockers).toEqual([{ blocker: "waiting for review", severity: "high" }]);
    await expect(fx.h.controller.coordination.resolveBlocker(1)).rejects.toThrow(/is already resolved/);
    await fx.h.tick();
    await fx.h.tick();
    expect(fx.h.track("WEB").status).toBe("pending");
    expect(fx.h.track("WEB").waitReason).toMatch(/acknowledge the handoff from API/);
    const acked = await fx.h.controller.coordination.acknowledgeHandoff("API", "WEB");
    expect(acked).toMatchObject({ state: "acknowledged", acknowledgedBy: "lead" });
    await fx.h.tick();
    await until(() => h.track("WEB").status === "running");
    const web = fx.h.launcher.latest("WEB").launchedWith.workdir;
    expect(web).toBe(fx.h.track("WEB").git!.worktree);
    expect(readFileSync(path.join(web, "api/openapi.yaml"), "utf8")).toBe("openapi: 3.1.0\n");
    // The handed-over file is not WEB's own work, after the restart as before.
    await fx.poll();
    expect(await fx.h.db.conflict.count()).toBe(0);
  });

  it("hands over after the restart when the server went away between the sender's gate and its handoff", async () => {
    f = await startWithRepo(`  - key: API
    ram: 100MB
    scope: ["api/**"]
    command: api
  - key: WEB
    ram: 100MB
    scope: ["web/**"]
    dependsOn: [API]
    command: web
handoffs:
  - { from: API, to: WEB, artifacts: ["api/openapi.yaml"], acknowledge: lead }
`);
    const fx = f;
    await startTracks(fx, ["API"]);
    fx.write("API", "api/openapi.yaml", "openapi: 3.1.0\n");
    fx.commit("API", "the spec");
    fx.h.launcher.latest("API").exit(0);
    const h = fx.h;
    await until(() => (h.track("WEB").waitReason ?? "").includes("acknowledge"), 10_000);
    const web = fx.h.track("WEB").git!.worktree;
    await fx.h.restart(async () => {
      // What the database holds when the server died after storing the gate, before the handoff: nothing delivered.
      await h.db.handoff.updateMany({
        data: { state: "pending", artifacts: "[]", document: null, documentPath: null, deliveredAt: null },
      });
      rmSync(path.join(web, "api"), { recursive: true });
      rmSync(path.join(web, ".paratrack"), { recursive: true });
    });
    // The restarted loop's first tick hands over; the receiver waits for the lead, then starts.
    await expect
      .poll(async () => (await h.db.handoff.findFirst())?.state, { timeout: 10_000 })
      .toBe("delivered");
    expect(readFileSync(path.join(web, "api/openapi.yaml"), "utf8")).toBe("openapi: 3.1.0\n");
    expect(existsSync(path.join(web, ".paratrack/handoffs/API.md"))).toBe(true);
    await fx.h.tick();
    expect(fx.h.track("WEB").status).toBe("pending");
    await fx.h.controller.coordination.acknowledgeHandoff("API", "WEB");
    await fx.h.tick();
    await until(() => h.track("WEB").status === "running");
    const runId = h.track("WEB").runId;
    const kinds = (await listRunEvents(h.db, runId, ["run:reattached", "handoff:delivered"])).map(
      (e) => e.kind,
    );
    expect(kinds).toEqual(["handoff:delivered", "run:reattached", "handoff:delivered"]);
  });

  it("unlocks the worktree of a track that ended while no server ran, or before the last one unlocked it", async () => {
    const fx = await twoTracks();
    const locked = (key: string) => {
      const worktree = fx.h.track(key).git!.worktree;
      const entries = fx.git(["worktree", "list", "--porcelain"]).split("\n\n");
      const entry = entries.find((e) => e.split("\n").some((line) => line === `worktree ${worktree}`));
      if (entry === undefined) throw new Error(`no worktree ${worktree}`);
      return entry.split("\n").some((line) => line.startsWith("locked"));
    };
    expect([locked("A"), locked("B")]).toEqual([true, true]);
    const a = fx.h.launcher.latest("A");
    await fx.h.restart(() => {
      a.exit(0, null, fx.h.clock.now() - 500);
    });
    const h = fx.h;
    await until(() => h.track("A").status === "completed");
    await expect.poll(() => locked("A"), { timeout: 10_000 }).toBe(false);
    // B still runs: its worktree stays locked.
    expect(locked("B")).toBe(true);
    // A server that died after A ended but before unlocking its worktree: the next one unlocks it.
    const worktreeA = fx.h.track("A").git!.worktree;
    await fx.h.restart(() => {
      fx.git(["worktree", "lock", "--reason", "left by a crashed server", "--", worktreeA]);
    });
    await expect.poll(() => locked("A"), { timeout: 10_000 }).toBe(false);
    expect(locked("B")).toBe(true);
  });

  it("branches tracks that start after the restart from the run's base, not from where HEAD moved since", async () => {
    f = await startWithRepo(`  - key: A
    ram: 100MB
    command: a
`);
    const fx = f;
    // The run started on HEAD; no track has started (no worktree records the base yet) when the server dies.
    const base = fx.git(["rev-parse", "HEAD"]);
    fx.repo.write("later.txt", "committed on the main branch meanwhile\n");
    expect(fx.repo.commit("HEAD moves on")).not.toBe(base);
    await fx.h.restart();
    await startTracks(fx, ["A"]);
    expect(fx.h.track("A").git?.baseCommit).toBe(base);
    expect(fx.git(["rev-parse", "HEAD"], "A")).toBe(base);
  });
});
