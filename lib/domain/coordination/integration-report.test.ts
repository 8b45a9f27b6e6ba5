import { describe, expect, it } from "vitest";
import { adviseIntegrationOrder } from "./integration-order";
import {
  type IntegrationResult,
  renderValidationReport,
  type ValidationReportInput,
} from "./integration-report";

const STOPPED: IntegrationResult = {
  branch: "paratrack/r1/integration",
  worktreePath: "/tmp/r.paratrack/r1/integration",
  baseCommit: "1111111111111111111111111111111111111111",
  head: "2222222222222222222222222222222222222222",
  steps: [
    {
      key: "c",
      branch: "paratrack/r1/c",
      state: "merged",
      commit: "3333333333333333333333333333333333333333",
    },
    {
      key: "a",
      branch: "paratrack/r1/a",
      state: "conflict",
      files: ["src/app.ts"],
      message: "merging paratrack/r1/a conflicts in src/app.ts; merge aborted",
    },
    {
      key: "b",
      branch: "paratrack/r1/b",
      state: "skipped",
      reason: "not merged: the integration stopped at a",
    },
  ],
  stoppedAt: "a",
  test: { command: "npm test", state: "not-run", reason: "not run: the merge stopped at track a" },
};

function input(result: IntegrationResult): ValidationReportInput {
  return {
    planName: "Seed plan",
    at: "2025-10-08T10:00:00.000Z",
    order: adviseIntegrationOrder(
      ["a", "b", "c"],
      [{ a: "a", b: "b", state: "conflicts", files: ["src/app.ts"] }],
    ),
    result,
    conflicts: [
      {
        key: "predicted-conflict:a+b",
        kind: "predicted-conflict",
        severity: "critical",
        state: "resolved",
        files: ["src/app.ts"],
      },
    ],
    gates: [{ label: "Integration tests passing", status: "fail", evidence: "not run" }],
  };
}

describe("renderValidationReport", () => {
  it("names the branch that stopped the integration and its files, and why the test did not run", () => {
    const text = renderValidationReport(input(STOPPED));
    expect(text).toContain("# Final validation report: Seed plan");
    expect(text).toContain("- Branches merged: 1 of 3; stopped at a");
    expect(text).toContain("- Integration test: not run: the merge stopped at track a");
    expect(text).toContain("- Conflicts logged during the run: 1 (1 critical; the seed's threshold is 2)");
    expect(text).toContain("- 1. c: no predicted conflict");
    expect(text).toContain("| 2 | a | `paratrack/r1/a` | **conflict** in `src/app.ts`; merge aborted |");
    expect(text).toContain("Integration stopped merging **a**: conflicts in `src/app.ts`.");
    expect(text).toContain("| Integration tests passing | fail | not run |");
  });

  it("reports every merge and the test's output tail when all went through", () => {
    const done: IntegrationResult = {
      ...STOPPED,
      steps: [
        { key: "c", branch: "paratrack/r1/c", state: "merged", commit: "3".repeat(40) },
        { key: "b", branch: "paratrack/r1/b", state: "up-to-date" },
      ],
      stoppedAt: null,
      test: {
        command: "npm test",
        state: "passed",
        exitCode: 0,
        durationMs: 4200,
        output: "ok 1\nok 2\n",
        summary: "exited 0 in 4.2 s",
      },
    };
    const text = renderValidationReport({ ...input(done), conflicts: [], gates: [] });
    expect(text).toContain("- Branches merged: 2 of 2\n");
    expect(text).not.toContain("Not integrated");
    // A track with a branch that did not complete is named: 2 of 2 merged is not every track.
    const partial = renderValidationReport({
      ...input(done),
      notIntegrated: [{ key: "a", status: "failed" }],
    });
    expect(partial).toContain(
      "- Branches merged: 2 of 2\n- Not integrated: a (failed: only completed tracks are merged)\n",
    );
    expect(text).toContain("| 2 | b | `paratrack/r1/b` | already merged |");
    expect(text).toContain("No conflict during the merges.");
    expect(text).toContain("`npm test`: **passed**, exit 0, 4.2 s.\n\n```text\nok 1\nok 2\n```");
    expect(text).toContain("No gate items.");
  });
});
