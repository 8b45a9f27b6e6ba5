// Slurm settings that no track runs with are ignored: a warning names them, and the plan still validates.
import { describe, expect, it } from "vitest";
import { type PlanIssue, validatePlan } from "./plan-validate";

function check(lines: string[]) {
  return validatePlan(lines.join("\n"), {
    fileName: "plan.yaml",
    baseDir: "/plans",
    effectiveTotalBytes: null,
  });
}

function slurmIssues(lines: string[]): PlanIssue[] {
  const result = check(lines);
  return [...(result.ok ? [] : result.errors), ...result.warnings].filter((issue) =>
    /slurm|executor/.test(issue.path),
  );
}

const track = (key: string, extra: string[] = []) => [
  `  - key: ${key}`,
  "    ram: 1GB",
  "    command: run",
  ...extra,
];

describe("validatePlan: Slurm settings no track uses", () => {
  it("warns at a plan's slurm block when every track runs locally, and the plan stays valid", () => {
    const lines = ["name: x", "slurm: { partition: gpu }", "tracks:", ...track("a")];
    expect(check(lines).ok).toBe(true);
    expect(slurmIssues(lines)).toEqual([
      {
        file: "plan.yaml",
        line: 2,
        column: 1,
        path: "slurm",
        message:
          'these Slurm settings are ignored: no track runs on Slurm; set executor: slurm on the plan or on a track (or remove "slurm")',
        severity: "warning",
      },
    ]);
    const explicitLocal = [
      "name: x",
      "executor: local",
      "slurm: { partition: gpu }",
      "tracks:",
      ...track("a"),
    ];
    expect(slurmIssues(explicitLocal).map((issue) => issue.severity)).toEqual(["warning"]);
  });

  it("warns at a track's slurm block when that track runs locally", () => {
    const lines = [
      "name: x",
      "executor: slurm",
      "tracks:",
      ...track("a", ["    executor: local", "    slurm: { partition: gpu }"]),
      ...track("b"),
    ];
    expect(
      slurmIssues(lines).map((issue) => `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`),
    ).toEqual([
      '8:5 tracks[0].slurm: these Slurm settings are ignored: track "a" runs locally; set executor: slurm on it (or remove "slurm")',
    ]);
  });

  it("says nothing when a track runs on Slurm, by the plan's executor or its own", () => {
    expect(
      slurmIssues(["name: x", "executor: slurm", "slurm: { partition: gpu }", "tracks:", ...track("a")]),
    ).toEqual([]);
    expect(
      slurmIssues([
        "name: x",
        "slurm: { partition: gpu }",
        "tracks:",
        ...track("a"),
        ...track("b", ["    executor: slurm", "    slurm: { account: lab }"]),
      ]),
    ).toEqual([]);
  });

  it("leaves an executor the schema refuses to its error", () => {
    const issues = slurmIssues([
      "name: x",
      "slurm: { partition: gpu }",
      "tracks:",
      ...track("a", ["    executor: k8s"]),
    ]);
    expect(issues.map((issue) => issue.severity)).toEqual(["error"]);
    expect(issues[0]!.path).toBe("tracks[0].executor");
  });
});
