// An integration across a restart: one the server's death cut off is ended with the reason and runs again by itself,
// once (not while tracks work on its branches; its orphaned test is ended first, and it waits while another process
// works in its worktree); one a stop cut off is no failed integration and waits for the lead. Real git, fake agents.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listRunEvents } from "../../db/events";
import { hasIntegratedOnBranch } from "../../db/integration-runs";
import type { IntegrationView } from "../../domain/coordination/coordination-views";
import { testEnv } from "../../git/test-repo";
import { defaultWorktreePath, integrationBranchName } from "../../git/worktrees";
import { processesTagged } from "../../monitor/tagged-processes";
import { integrationGateTag } from "../gate-orphans";
import { createPhaseService } from "../phase-service";
import { GATE_TAG } from "../quality-gate";
import { until } from "../run/harness";
import { fakeEngine } from "../service-fixtures";
import { INTEGRATION_INTERRUPTED, INTEGRATION_STOPPED } from "./coordination-resume";
import { type CoordinationFixture, startTwoTracks } from "./test-fixture";

let f: CoordinationFixture | null = null;
afterEach(async () => {
  await f?.dispose();
  f = null;
});

describe("an integration across a restart", () => {
  it("ends an integration the restart cut off, naming why, and a new one may take its branch up", async () => {
    f = await startTwoTracks();
    const fx = f;
    const runId = fx.h.track("A").runId;
    await fx.h.db.integrationRun.create({
      data: { runId, state: "running", branch: "paratrack/x/integration", startedAt: new Date() },
    });
    await fx.h.restart();
    const latest = await fx.h.controller.coordination.latestIntegration();
    expect(latest).toMatchObject({ state: "error", error: INTEGRATION_INTERRUPTED });
    expect(fx.h.events().some((e) => e.kind === "integration:finished")).toBe(true);
    // Its branch may exist half-merged: the next integration continues on it instead of refusing a "foreign" branch.
    expect(await hasIntegratedOnBranch(fx.h.db, runId, "paratrack/x/integration")).toBe(true);
    // It is not started again while tracks work on their branches: an event says why, and the lead starts it later.
    const [notRestarted] = await listRunEvents(fx.h.db, runId, ["integration:not-restarted"]);
    expect(notRestarted?.details).toEqual({
      branch: "paratrack/x/integration",
      reason: "tracks A, B still work on their branches: integrate once they are done",
    });
  });

  it("keeps a run that had ended as the server's run: the integration the restart cut off starts again by itself", async () => {
    f = await startTwoTracks();
    const fx = f;
    fx.write("A", "src/a.txt", "A's work\n");
    fx.commit("A", "A's work");
    fx.write("B", "docs/b.md", "B's work\n");
    fx.commit("B", "B's work");
    fx.h.launcher.latest("A").exit(0);
    fx.h.launcher.latest("B").exit(0);
    await until(() => fx.h.controller.activeRun()?.finished === true);
    const runId = fx.h.track("A").runId;
    // The server dies while the lead's integration merges A: its worktree is mid-merge, its record "running".
    const branch = integrationBranchName(runId.slice(0, 8));
    const worktree = defaultWorktreePath(fx.repo.root, runId.slice(0, 8), "integration");
    fx.git(["worktree", "add", "-q", "-b", branch, worktree, fx.h.track("A").git!.baseCommit]);
    execFileSync("git", ["merge", "--no-commit", "--no-ff", fx.h.track("A").git!.branch], {
      cwd: worktree,
      env: testEnv(),
    });
    const cutOff = await fx.h.db.integrationRun.create({
      data: {
        runId,
        state: "running",
        branch,
        worktreePath: worktree,
        startedAt: new Date(fx.h.clock.now()),
      },
    });
    // Its test outlived the server: it is ended (found by its tag). Another process in its worktree (a lead's
    // shell, say) is not Paratrack's to end: nothing starts beside it.
    const orphan = spawn("sleep", ["30"], {
      cwd: worktree,
      stdio: "ignore",
      env: { ...process.env, [GATE_TAG]: integrationGateTag(cutOff.id) },
    });
    const shell = spawn("sleep", ["30"], { cwd: worktree, stdio: "ignore" });
    await Promise.all([orphan, shell].map((p) => new Promise((resolve) => p.once("spawn", resolve))));
    const orphanEnd = new Promise((resolve) => orphan.once("exit", (_code, signal) => resolve(signal)));
    try {
      await fx.h.restart();
    } finally {
      shell.kill("SIGKILL");
      await new Promise((resolve) => shell.once("exit", resolve));
    }
    expect(await orphanEnd).toBe("SIGTERM");
    const [ended] = await listRunEvents(fx.h.db, runId, ["integration:test-orphans"]);
    expect(ended?.details).toEqual({ branch, pids: [orphan.pid], killed: [] });
    const [waits] = await listRunEvents(fx.h.db, runId, ["integration:not-restarted"]);
    expect(waits?.details.reason).toBe(
      `processes from before the crash still run in its worktree (pid ${shell.pid}); start it once they have ended`,
    );
    expect(await fx.h.controller.coordination.latestIntegration()).toMatchObject({ id: cutOff.id });
    // Gone by the next start: it runs again then.
    await fx.h.restart();
    expect(fx.h.controller.activeRun()).toMatchObject({ id: runId, finished: true });
    expect(fx.h.statuses()).toEqual({ A: "completed", B: "completed" });
    expect(await fx.h.db.integrationRun.findUnique({ where: { id: cutOff.id } })).toMatchObject({
      state: "error",
      error: INTEGRATION_INTERRUPTED,
    });
    // The restart starts it again, as the lead had: the half-done merge is aborted first (it was Paratrack's own),
    // and both branches merge.
    const [restarted] = await listRunEvents(fx.h.db, runId, ["integration:started"]);
    expect(restarted).toMatchObject({ actor: "system", details: { branch, restartOf: cutOff.id } });
    await expect
      .poll(async () => (await fx.h.controller.coordination.latestIntegration())?.state, { timeout: 20_000 })
      .toBe("passed");
    expect(fx.h.events().some((e) => e.message.includes("held a merge the restart cut off: aborted"))).toBe(
      true,
    );
    expect(fx.git(["show", `${branch}:src/a.txt`])).toBe("A's work");
    expect(fx.git(["show", `${branch}:docs/b.md`])).toBe("B's work");
  });

  it("a stop cancelling the integration test is no failed integration: it waits for the lead; so does a crash's second", async () => {
    const hang = path.join(os.tmpdir(), `paratrack-hang-${process.pid}-${Date.now()}`);
    const running = `${hang}.running`;
    // The integration test hangs while the file `hang` exists, and says when it has begun.
    f = await startTwoTracks({
      header: `integration: { test: 'touch ${running}; while [ -e ${hang} ]; do sleep 0.05; done' }\n`,
    });
    const fx = f;
    for (const key of ["A", "B"]) {
      fx.write(key, `src/${key}.txt`, `${key}'s work\n`);
      fx.commit(key, `${key}'s work`);
      fx.h.launcher.latest(key).exit(0);
    }
    await until(() => fx.h.controller.activeRun()?.finished === true);
    const runId = fx.h.track("A").runId;
    const latest = () => fx.h.controller.coordination.latestIntegration();
    writeFileSync(hang, "");
    let first: IntegrationView;
    try {
      // The lead's integration; the server is stopped while its test runs (the stop cancels the test).
      first = await fx.h.controller.coordination.integrate();
      await expect.poll(() => existsSync(running), { timeout: 20_000 }).toBe(true);
      // Its processes carry the integration's tag: what a crash would leave is found by it.
      expect(processesTagged(GATE_TAG, integrationGateTag(first.id)).length).toBeGreaterThan(0);
      await fx.h.restart();
    } finally {
      rmSync(hang, { force: true });
      rmSync(running, { force: true });
    }
    expect(await fx.h.db.integrationRun.findUnique({ where: { id: first.id } })).toMatchObject({
      state: "error",
      error: INTEGRATION_STOPPED,
    });
    // Phase 5's gate gives no verdict on a cancelled test (it said "integration tests failed").
    const phases = await createPhaseService(fakeEngine(fx.h.db)).phases(runId);
    const item = phases.phases[4]?.items.find((i) => i.key === "integration-tests-passing");
    expect(item).toMatchObject({
      status: "pending",
      evidence: `integration tests did not run to their end: ${INTEGRATION_STOPPED}`,
    });
    // The lead stopped it: not started again by itself.
    expect(await latest()).toMatchObject({ id: first.id });
    expect(await listRunEvents(fx.h.db, runId, ["integration:started"])).toHaveLength(1);
    await fx.h.controller.coordination.integrate();
    await expect.poll(async () => (await latest())?.state, { timeout: 20_000 }).toBe("passed");

    // The server dies while an integration it had started again after a crash runs: that one waits for the lead.
    const { branch } = (await latest())!;
    const cutAgain = await fx.h.db.integrationRun.create({
      data: { runId, state: "running", branch, startedAt: new Date(fx.h.clock.now() + 60_000) },
    });
    await fx.h.db.event.create({
      data: {
        runId,
        kind: "integration:started",
        severity: "medium",
        actor: "system",
        message: "Integration started again",
        at: new Date(fx.h.clock.now() + 60_000),
        details: JSON.stringify({ branch, order: ["A", "B"], restartOf: first.id }),
      },
    });
    await fx.h.restart();
    expect(await latest()).toMatchObject({ id: cutAgain.id, state: "error", error: INTEGRATION_INTERRUPTED });
    const [waits] = await listRunEvents(fx.h.db, runId, ["integration:not-restarted"]);
    expect(waits?.details.reason).toBe(
      "it had been started again after an earlier crash, and was cut off again",
    );
  });
});
