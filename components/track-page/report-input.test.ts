import { describe, expect, it } from "vitest";
import { formatProblem, parseProblemPath, readReportText, toReportProblems } from "./report-input";

const GOOD = `date: 2025-01-15
track: A
agent: orchestrator
status: on-track
progress_percent: 40
completed_today:
  - scaffolded the module
blockers:
  - blocker: waiting on the API
    severity: high
    resolution_plan: ask track B
resource_usage:
  ram_gb: 0.5
`;

describe("readReportText", () => {
  it("reads the seed's YAML into the object the API takes (dates stay text)", () => {
    const result = readReportText(GOOD);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.body).toMatchObject({
      date: "2025-01-15",
      track: "A",
      progress_percent: 40,
      completed_today: ["scaffolded the module"],
      blockers: [{ blocker: "waiting on the API", severity: "high" }],
      resource_usage: { ram_gb: 0.5 },
    });
  });

  it("reports YAML syntax errors with their line", () => {
    const result = readReportText("track: A\nstatus: [on-track\nprogress_percent: 4\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it("refuses empty text and documents that are not mappings", () => {
    expect(readReportText("  \n").ok).toBe(false);
    expect(readReportText("- a\n- b\n").ok).toBe(false);
    expect(readReportText("just words").ok).toBe(false);
  });

  it("locates a field path on its line", () => {
    const result = readReportText(GOOD);
    if (!result.ok) throw new Error("expected ok");
    expect(result.locate("progress_percent")?.line).toBe(5);
    expect(result.locate("blockers[0].severity")?.line).toBe(10);
    expect(result.locate("resource_usage.ram_gb")?.line).toBe(13);
    // A missing field is placed at its parent.
    expect(result.locate("resource_usage.model")?.line).toBe(12);
    expect(result.locate("(root)")?.line).toBe(1);
  });
});

describe("parseProblemPath", () => {
  it("splits dotted and indexed paths", () => {
    expect(parseProblemPath("blockers[0].severity")).toEqual(["blockers", 0, "severity"]);
    expect(parseProblemPath("status")).toEqual(["status"]);
    expect(parseProblemPath("(root)")).toEqual([]);
  });
});

describe("toReportProblems", () => {
  it("turns the server's details into located problems", () => {
    const result = readReportText(GOOD);
    if (!result.ok) throw new Error("expected ok");
    const problems = toReportProblems(
      [
        { path: "status", message: "must be one of on-track, at-risk, blocked" },
        { path: "blockers[0].severity", message: "must be one of critical, high, medium, low" },
      ],
      result.locate,
    );
    expect(problems.map(formatProblem)).toEqual([
      "line 4: status must be one of on-track, at-risk, blocked",
      "line 10: blockers[0].severity must be one of critical, high, medium, low",
    ]);
  });

  it("ignores details that are not a list of problems", () => {
    expect(toReportProblems(undefined)).toEqual([]);
    expect(toReportProblems({ path: "x" })).toEqual([]);
    expect(toReportProblems([{ path: "x" }, 3])).toEqual([]);
  });
});
