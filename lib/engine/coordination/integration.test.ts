// Phase 5 on real branches: three track branches merged in the advised order (fewest predicted conflicts first) and
// the integration test run; a conflicting branch stops the merge with its file named; the report says both.
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import type { IntegrationView } from "../../domain/coordination/coordination-views";
import { createPhaseService } from "../phase-service";
import { until } from "../run/harness";
import { fakeEngine } from "../service-fixtures";
import { type CoordinationFixture, linesWith, startTracks, startWithRepo } from "./test-fixture";

let f: CoordinationFixture | null = null;
afterEach(async () => {
  await f?.dispose();
  f = null;
});

const track = (key: string) => `  - key: ${key}
    ram: 100MB
    scope: ["src/**"]
    command: ${key.toLowerCase()}
`;

async function finished(
  keys: string[],
  edits: Record<string, [string, string][]>,
): Promise<CoordinationFixture> {
  f = await startWithRepo(keys.map(track).join(""), {
    header: "integration: { test: 'test -f src/A.txt && test -f src/B.txt && test -f src/C.txt' }\n",
    prepare: (repo) => {
      repo.write("src/shared.txt", linesWith(10, {}));
      repo.commit("shared");
    },
  });
  await startTracks(f, keys);
  for (const key of keys) {
    for (const [file, text] of edits[key] ?? []) f.write(key, file, text);
    f.commit(key, `${key}'s work`);
    f.h.launcher.latest(key).exit(0);
  }
  const harness = f.h;
  await until(() => keys.every((k) => harness.track(k).status === "completed"), 10_000);
  return f;
}

async function integrated(fx: CoordinationFixture): Promise<IntegrationView> {
  const started = await fx.h.controller.coordination.integrate();
  expect(started.state).toBe("running");
  let latest: IntegrationView | null = null;
  await expect
    .poll(
      async () => {
        latest = await fx.h.controller.coordination.latestIntegration();
        return latest?.state;
      },
      { timeout: 30_000 },
    )
    .not.toBe("running");
  return latest!;
}

describe("integration phase", () => {
  it("merges three branches in the advised order and runs the integration test", async () => {
    const fx = await finished(["A", "B", "C"], {
      A: [
        ["src/A.txt", "a\n"],
        ["src/shared.txt", linesWith(10, { 1: "A" })],
      ],
      B: [["src/B.txt", "b\n"]],
      C: [
        ["src/C.txt", "c\n"],
        ["src/shared.txt", linesWith(10, { 9: "C" })],
      ],
    });
    const result = await integrated(fx);
    expect(result.state).toBe("passed");
    expect(result.order.map((e) => e.key)).toEqual(["A", "B", "C"]);
    expect(result.result?.steps.map((s) => [s.key, s.state])).toEqual([
      ["A", "merged"],
      ["B", "merged"],
      ["C", "merged"],
    ]);
    expect(result.result?.test).toMatchObject({ state: "passed" });
    expect(result.report).toContain("Branches merged: 3 of 3");
    // The merges land on the integration branch, never on the lead's branch.
    expect(fx.git(["log", "--oneline", "main"])).not.toContain("Paratrack: merge");
    expect(fx.git(["log", "--format=%s", result.branch])).toContain("Paratrack: merge track C");
    expect(
      fx.h
        .events()
        .filter((e) => e.kind.startsWith("integration:"))
        .map((e) => e.kind),
    ).toEqual(["integration:started", "integration:finished"]);
  });

  it("refuses a plan's fixed integration.branch that already exists, advising another name (a new run would meet it too)", async () => {
    f = await startWithRepo(track("A"), {
      header: "integration: { branch: release/next }\n",
      prepare: (repo) => repo.git(["branch", "release/next"]),
    });
    await startTracks(f, ["A"]);
    f.write("A", "src/A.txt", "a\n");
    f.commit("A", "A's work");
    f.h.launcher.latest("A").exit(0);
    const harness = f.h;
    await until(() => harness.track("A").status === "completed", 10_000);
    const result = await integrated(f);
    expect(result.state).toBe("error");
    expect(result.error).toMatch(
      /branch release\/next already exists.*or set another integration\.branch in the plan\)/,
    );
  });

  it("advises the branch without predicted conflicts first and stops at the conflicting one, naming the file", async () => {
    const fx = await finished(["A", "B", "C"], {
      A: [
        ["src/A.txt", "a\n"],
        ["src/shared.txt", linesWith(10, { 3: "A's line 3" })],
      ],
      B: [["src/B.txt", "b\n"]],
      C: [
        ["src/C.txt", "c\n"],
        ["src/shared.txt", linesWith(10, { 3: "C's line 3" })],
      ],
    });
    const result = await integrated(fx);
    expect(result.state).toBe("conflict");
    expect(result.order.map((e) => e.key)).toEqual(["B", "A", "C"]);
    expect(result.order[0]?.reason).toBe("1. B: no predicted conflict");
    expect(result.result?.steps.map((s) => [s.key, s.state])).toEqual([
      ["B", "merged"],
      ["A", "merged"],
      ["C", "conflict"],
    ]);
    expect(result.result?.stoppedAt).toBe("C");
    expect(result.result?.test).toMatchObject({ state: "not-run" });
    expect(result.report).toContain("Integration stopped merging **C**: conflicts in `src/shared.txt`");
    const finishedEvent = fx.h.events().find((e) => e.kind === "integration:finished");
    expect(finishedEvent?.message).toContain("stopped at C: conflicts in src/shared.txt");
    // Phase 5's test item fails, saying the test did not run (not that it failed).
    const phases = await createPhaseService(fakeEngine(fx.h.db)).phases(fx.h.track("A").runId);
    expect(phases.phases[4]?.items.find((i) => i.key === "integration-tests-passing")).toMatchObject({
      status: "fail",
      evidence: expect.stringMatching(
        /^integration tests not run: integration stopped at C: conflicts in src\/shared.txt/,
      ),
    });
    // The merge was aborted: the integration worktree is clean, at A's merge.
    expect(
      execFileSync("git", ["status", "--porcelain"], { cwd: result.worktreePath!, encoding: "utf8" }),
    ).toBe("");
  });

  it("fails phase 5's 'All tracks successfully integrated' when a track with a branch failed: every branch of the others merged is not all", async () => {
    f = await startWithRepo(["A", "B", "C"].map(track).join(""));
    await startTracks(f, ["A", "B", "C"]);
    for (const key of ["A", "B"]) {
      f.write(key, `src/${key}.txt`, `${key}\n`);
      f.commit(key, `${key}'s work`);
      f.h.launcher.latest(key).exit(0);
    }
    f.h.launcher.latest("C").exit(3);
    const harness = f.h;
    await until(() => harness.track("C").status === "failed" && harness.track("B").status === "completed");
    const result = await integrated(f);
    expect(result.result?.steps.map((s) => [s.key, s.state])).toEqual([
      ["A", "merged"],
      ["B", "merged"],
    ]);
    const runId = f.h.track("A").runId;
    const phases = await createPhaseService(fakeEngine(f.h.db)).phases(runId);
    const item = phases.phases[4]?.items.find((i) => i.key === "tracks-integrated");
    expect(item).toMatchObject({ status: "fail" });
    expect(item?.evidence).toMatch(/^2 of 2 track branches merged into .+; not integrated: C \(failed\)$/);
    // The events and the validation report say it too, not "every branch merged".
    const messages = f.h
      .events()
      .filter((e) => e.kind.startsWith("integration:"))
      .map((e) => e.message);
    expect(messages).toEqual([
      expect.stringMatching(/^Integration started on .+: merging A → B .+; not integrated: C \(failed\)$/),
      expect.stringMatching(
        /^Integration on .+: every completed track's branch merged \(A, B\); no integration test configured; not integrated: C \(failed\)$/,
      ),
    ]);
    expect(result.report).toContain("- Not integrated: C (failed: only completed tracks are merged)");
  });

  it("refuses while tracks still work, and says which", async () => {
    f = await startWithRepo(track("A"));
    await startTracks(f, ["A"]);
    await expect(f.h.controller.coordination.integrate()).rejects.toThrow(
      /track A still works on its branch: integrate once it is done/,
    );
  });
});
