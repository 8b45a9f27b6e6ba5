// A merge key ("<<: *defaults") is read as YAML 1.2 reads it, an ordinary key: the lead is told that plainly, once,
// and what to write instead, not "unknown field" or "not a valid environment variable name".
import { describe, expect, it } from "vitest";
import { type PlanIssue, validatePlan } from "./plan-validate";
import { MERGE_KEY_MESSAGE } from "./plan-yaml-merge-keys";

function issuesOf(lines: string[]): PlanIssue[] {
  const result = validatePlan(lines.join("\n"), {
    fileName: "plan.yaml",
    baseDir: "/plans",
    effectiveTotalBytes: null,
  });
  return [...(result.ok ? [] : result.errors), ...result.warnings];
}

describe("validatePlan: YAML merge keys", () => {
  it("says a track's merge key is not supported and to write the fields out, at the key", () => {
    const issues = issuesOf([
      "name: x",
      "tracks:",
      "  - &defaults",
      "    key: a",
      "    ram: 1GB",
      "    command: run",
      "  - <<: *defaults",
      "    key: b",
    ]);
    const atMerge = issues.filter((issue) => issue.path === 'tracks[1]["<<"]');
    expect(atMerge).toEqual([
      {
        file: "plan.yaml",
        line: 7,
        column: 5,
        path: 'tracks[1]["<<"]',
        message: MERGE_KEY_MESSAGE,
        severity: "error",
      },
    ]);
    expect(MERGE_KEY_MESSAGE).toMatch(/merge keys .* are not supported/);
    expect(MERGE_KEY_MESSAGE).toContain("write them out");
    expect(issues.some((issue) => issue.message.startsWith('unknown field "<<"'))).toBe(false);
  });

  it("says the same once for a merge key in a map of names (env), not that << is a bad name", () => {
    const issues = issuesOf([
      "name: x",
      "tracks:",
      "  - key: a",
      "    ram: 1GB",
      "    command: run",
      "    env:",
      "      <<: { A: x }",
      "      B: y",
    ]);
    expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      `tracks[0].env["<<"]: ${MERGE_KEY_MESSAGE}`,
    ]);
  });

  it('leaves a quoted "<<" key to the unknown-field error, and a merge under %YAML 1.1 to the parser', () => {
    const quoted = issuesOf(["name: x", "tracks:", '  - "<<": 1', "    key: a", "    command: run"]);
    expect(quoted.find((issue) => issue.path === 'tracks[0]["<<"]')?.message).toMatch(/^unknown field "<<"/);
    const yaml11 = issuesOf([
      "%YAML 1.1",
      "---",
      "name: x",
      "tracks:",
      "  - &a { key: a, ram: 1GB, command: run }",
      "  - { <<: *a, key: b }",
    ]);
    expect(yaml11).toEqual([]);
  });
});
