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

describe("validatePlan: tracks without a RAM estimate", () => {
  const track = (key: string, ram?: string) => [
    `  - key: ${key}`,
    ...(ram === undefined ? [] : [`    ram: ${ram}`]),
    "    command: run",
  ];
  const keys = (count: number) => Array.from({ length: count }, (_, index) => `t${index + 1}`);

  it.each([
    [
      "one track: named at the track",
      [...track("A"), ...track("B", "1GB")],
      [
        {
          line: 3,
          column: 5,
          path: "tracks[0]",
          message: 'track "A" has no RAM estimate: it will be admitted on observed use',
        },
      ],
    ],
    [
      "one track with an empty ram: at its ram",
      [...track("A", "~"), ...track("B", "1GB")],
      [
        {
          line: 4,
          column: 10,
          path: "tracks[0].ram",
          message: 'track "A" has no RAM estimate: it will be admitted on observed use',
        },
      ],
    ],
    [
      "three of four tracks: one warning naming them, at tracks:",
      [...track("A"), ...track("B", "1GB"), ...track("C", "~"), ...track("D")],
      [
        {
          line: 2,
          column: 1,
          path: "tracks",
          message: "3 tracks have no RAM estimate (A, C, D): they will be admitted on observed use",
        },
      ],
    ],
    [
      "eight tracks: one warning, not eight",
      keys(8).flatMap((key) => track(key)),
      [
        {
          line: 2,
          column: 1,
          path: "tracks",
          message:
            "8 tracks have no RAM estimate (t1, t2, t3, t4, t5, t6, t7, t8): they will be admitted on observed use",
        },
      ],
    ],
    [
      "twelve tracks: the first ten named, the rest counted",
      keys(12).flatMap((key) => track(key)),
      [
        {
          line: 2,
          column: 1,
          path: "tracks",
          message:
            "12 tracks have no RAM estimate (t1, t2, t3, t4, t5, t6, t7, t8, t9, t10 and 2 more): they will be admitted on observed use",
        },
      ],
    ],
  ])("%s", (_, tracks, expected) => {
    const result = check(["name: x", "tracks:", ...tracks]);
    const warnings = result.warnings.filter((issue) => issue.message.includes("no RAM estimate"));
    expect(warnings.map(({ line, column, path, message }) => ({ line, column, path, message }))).toEqual(
      expected,
    );
  });

  it("the folded warning stands beside the real errors, not in place of them", () => {
    const result = check(["name: x", "tracks:", ...track("A"), ...track("B"), "    dependsOn: [Z]"]);
    expect(result.ok).toBe(false);
    expect(result.warnings).toHaveLength(1);
    expect(result.ok ? [] : result.errors.map((issue) => issue.path)).toEqual(["tracks[1].dependsOn[0]"]);
  });
});
