// A track the governor would never start is named when the plan is read, not found waiting in the run: it starts a
// track alone only while that track's estimate stays below the Red line of the memory it guards
// (governor-admission: "too-large"). A warning, not an error: manual mode leaves memory out and may start it.
import { describe, expect, it } from "vitest";
import { type PlanIssue, validatePlan } from "./plan-validate";

const GB = 1e9;

function check(lines: string[], effectiveTotalBytes: number | null = null) {
  return validatePlan(lines.join("\n"), { fileName: "plan.yaml", baseDir: "/plans", effectiveTotalBytes });
}

function ramIssues(lines: string[], effectiveTotalBytes: number | null = null): PlanIssue[] {
  const result = check(lines, effectiveTotalBytes);
  return [...(result.ok ? [] : result.errors), ...result.warnings].filter(
    (issue) => issue.path === "tracks[0].ram",
  );
}

const plan = (ram: string, extra: string[] = []) => [
  "name: x",
  ...extra,
  "tracks:",
  "  - key: A",
  `    ram: ${ram}`,
  "    command: run",
];

describe("validatePlan: a track at or above the Red line", () => {
  it("warns of an estimate at or above the Red line of ram.budget, saying what to do", () => {
    const result = check(plan("9GB", ["ram: { budget: 10GB }"]));
    expect(result.ok).toBe(true);
    const issues = ramIssues(plan("9GB", ["ram: { budget: 10GB }"]));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 5, column: 10, severity: "warning" });
    expect(issues[0]!.message).toBe(
      'RAM estimate 9.00 GB reaches the Red line (85 % of ram.budget 10.0 GB = 8.50 GB): the governor will never start track "A", not even alone; raise ram.budget or lower the estimate (or start it in manual mode)',
    );
    expect(ramIssues(plan("8.5GB", ["ram: { budget: 10GB }"]))).toHaveLength(1);
  });

  it("says nothing below the Red line, and follows the plan's own Red line", () => {
    expect(ramIssues(plan("8GB", ["ram: { budget: 10GB }"]))).toEqual([]);
    expect(ramIssues(plan("9GB", ["ram: { budget: 10GB, zones: { red: 95 } }"]))).toEqual([]);
    expect(ramIssues(plan("8GB", ["ram: { budget: 10GB, zones: { orange: 70, red: 80 } }"]))).toHaveLength(1);
  });

  it("warns of an estimate at or above the Red line of the machine when no budget is set", () => {
    const issues = ramIssues(plan("30GB"), 32 * GB);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.severity).toBe("warning");
    expect(issues[0]!.message).toContain("85 % of the effective RAM total 32.0 GB = 27.2 GB");
    expect(ramIssues(plan("27GB"), 32 * GB)).toEqual([]);
    expect(ramIssues(plan("30GB"), null)).toEqual([]);
  });

  it("still refuses an estimate above the budget itself", () => {
    const issues = ramIssues(plan("11GB", ["ram: { budget: 10GB }"]));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.severity).toBe("error");
    expect(issues[0]!.message).toContain("exceeds ram.budget (10.0 GB)");
  });
});
