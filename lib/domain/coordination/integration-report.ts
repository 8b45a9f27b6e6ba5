// Phase 5's outcome (merges in order, the conflict that stopped them, the integration test) and the seed's final
// validation report as Markdown. Pure: lib/git/integration.ts produces the result, this renders it.

import type { Severity } from "../types";
import { possessive } from "../wording";
import type { IntegrationOrderEntry } from "./integration-order";

export type MergeStep = { key: string; branch: string } & (
  | { state: "merged"; commit: string }
  | { state: "up-to-date" }
  /** Textual conflicts: the merge was aborted, the integration branch is as before this step. */
  | { state: "conflict"; files: string[]; message: string }
  /** git refused for another reason (unrelated histories, a missing branch, no identity …). */
  | { state: "error"; message: string }
  | { state: "skipped"; reason: string }
);

export type IntegrationTestRun = { command: string } & (
  | {
      state: "passed" | "failed";
      exitCode: number | null;
      durationMs: number;
      output: string;
      summary: string;
    }
  | { state: "not-run"; reason: string }
);

export type IntegrationResult = {
  branch: string;
  worktreePath: string;
  baseCommit: string;
  /** The integration branch's commit at the end. */
  head: string;
  steps: MergeStep[];
  /** The key of the track whose merge stopped the integration; null when every branch merged. */
  stoppedAt: string | null;
  /** null when the plan configures no integration test. */
  test: IntegrationTestRun | null;
};

/** A track with a branch that was not merged because it had not completed (failed, stopped, never ran). */
export type NotIntegrated = { key: string; status: string };

export type ValidationReportInput = {
  planName: string;
  /** ISO time the report was written. */
  at: string;
  order: readonly IntegrationOrderEntry[];
  result: IntegrationResult;
  /** Tracks with a branch left out of the merges; absent: none. */
  notIntegrated?: readonly NotIntegrated[];
  /** Conflicts logged during the run (the Conflicts page's records). */
  conflicts: readonly {
    key: string;
    kind: string;
    severity: Severity;
    state: string;
    files: readonly string[];
  }[];
  /** Phase 5 gate items (evaluateGate(5, …)). */
  gates: readonly { label: string; status: string; evidence: string }[];
};

const OUTPUT_TAIL_LINES = 40;

/** The seed's "Final validation report": merged branches, conflicts met, test results, gate results. */
export function renderValidationReport(input: ValidationReportInput): string {
  const { result } = input;
  const merged = result.steps.filter((s) => s.state === "merged" || s.state === "up-to-date").length;
  const stop = result.steps.find((s) => s.key === result.stoppedAt);
  const blocks = [
    `# Final validation report: ${inline(input.planName)}`,
    `Written ${input.at}. Integration branch \`${result.branch}\` from base \`${short(result.baseCommit)}\`, now at \`${short(result.head)}\`.`,
    "## Summary",
    [
      `- Branches merged: ${merged} of ${result.steps.length}${stop ? `; stopped at ${stop.key}` : ""}`,
      ...(input.notIntegrated ?? []).map(
        (t) => `- Not integrated: ${t.key} (${t.status}: only completed tracks are merged)`,
      ),
      `- Integration test: ${describeTest(result.test)}`,
      `- Gate items: ${countBy(input.gates.map((g) => g.status))}`,
      `- Conflicts logged during the run: ${input.conflicts.length} (${input.conflicts.filter((c) => c.severity === "critical").length} critical; the seed's threshold is 2)`,
    ].join("\n"),
    "## Merge order (advised: fewest predicted conflicts first)",
    input.order.length === 0
      ? "No tracks to merge."
      : input.order.map((e) => `- ${inline(e.reason)}`).join("\n"),
    "## Branches",
    table(
      ["#", "Track", "Branch", "Result"],
      result.steps.map((s, i) => [String(i + 1), s.key, `\`${s.branch}\``, describeStep(s)]),
    ),
    "## Conflicts met",
    renderConflicts(input),
    "## Integration test",
    renderTest(result.test),
    "## Gate results",
    input.gates.length === 0
      ? "No gate items."
      : table(
          ["Item", "Status", "Evidence"],
          input.gates.map((g) => [g.label, g.status, g.evidence]),
        ),
  ];
  return `${blocks.join("\n\n")}\n`;
}

function describeStep(step: MergeStep): string {
  switch (step.state) {
    case "merged":
      return `merged (\`${short(step.commit)}\`)`;
    case "up-to-date":
      return "already merged";
    case "conflict":
      return `**conflict** in ${step.files.map((f) => `\`${f}\``).join(", ")}; merge aborted`;
    case "error":
      return `**failed**: ${step.message}`;
    case "skipped":
      return `skipped: ${step.reason}`;
  }
}

function describeTest(test: IntegrationTestRun | null): string {
  if (test === null) return "none configured (integration.test)";
  switch (test.state) {
    case "passed":
      return `passed (${test.summary})`;
    case "failed":
      return `**failed** (${test.summary})`;
    case "not-run":
      return test.reason;
  }
}

function renderConflicts(input: ValidationReportInput): string {
  const stop = input.result.steps.find((s) => s.state === "conflict" || s.state === "error");
  const lines: string[] = [];
  if (stop?.state === "conflict") {
    lines.push(
      `Integration stopped merging **${stop.key}**: conflicts in ${stop.files.map((f) => `\`${f}\``).join(", ")}. Rebase ${possessive(stop.key)} branch onto \`${input.result.branch}\`, resolve, and integrate again.`,
    );
  } else if (stop?.state === "error") {
    lines.push(`Integration stopped at **${stop.key}**: ${inline(stop.message)}`);
  } else {
    lines.push("No conflict during the merges.");
  }
  if (input.conflicts.length > 0) {
    lines.push(
      "",
      table(
        ["Conflict", "Severity", "State", "Files"],
        input.conflicts.map((c) => [c.key, c.severity, c.state, c.files.join(", ")]),
      ),
    );
  }
  return lines.join("\n");
}

function renderTest(test: IntegrationTestRun | null): string {
  if (test === null) return "No integration test configured.";
  if (test.state === "not-run") return `\`${test.command}\`: ${test.reason}.`;
  const tail = test.output.trimEnd().split("\n").slice(-OUTPUT_TAIL_LINES).join("\n");
  const fence = tail.includes("```") ? "~~~~" : "```";
  return [
    `\`${test.command}\`: **${test.state}**, exit ${test.exitCode ?? "none"}, ${(test.durationMs / 1000).toFixed(1)} s.`,
    "",
    `${fence}text`,
    tail === "" ? "(no output)" : tail,
    fence,
  ].join("\n");
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string) => inline(text).replace(/\|/g, "\\|");
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}

function countBy(values: readonly string[]): string {
  if (values.length === 0) return "none";
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${n} ${v}`).join(", ");
}

function inline(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

function short(commit: string): string {
  return commit.slice(0, 12);
}
