import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../types";
import { formatDataPath } from "./plan-issues";
import { formatPlanIssues, type PlanIssue, validatePlan } from "./plan-validate";

const GB = 1e9;

function check(lines: string[], effectiveTotalBytes: number | null = null) {
  return validatePlan(lines.join("\n"), { fileName: "plan.yaml", baseDir: "/plans", effectiveTotalBytes });
}

function errorsOf(lines: string[], effectiveTotalBytes: number | null = null): PlanIssue[] {
  const result = check(lines, effectiveTotalBytes);
  if (result.ok) throw new Error("expected the plan to be invalid");
  return result.errors;
}

function planOf(lines: string[], effectiveTotalBytes: number | null = null): Plan {
  const result = check(lines, effectiveTotalBytes);
  if (!result.ok) throw new Error(formatPlanIssues(result.errors).join("\n"));
  return result.plan;
}

function warningsOf(lines: string[]): PlanIssue[] {
  return check(lines).warnings;
}

/** The one issue at this path; fails the test when there is none or several. */
function issueAt(issues: PlanIssue[], at: string): PlanIssue {
  const found = issues.filter((issue) => issue.path === at);
  expect(found, `issues at ${at}: ${JSON.stringify(issues, null, 1)}`).toHaveLength(1);
  return found[0]!;
}

const HEAD = ["name: test plan", "tracks:"];
const TRACK_A = ["  - key: a", "    ram: 1GB", "    command: run-a"];

describe("validatePlan: errors with line and column", () => {
  it("reports a YAML syntax error where it is", () => {
    const errors = errorsOf(["name: x", "tracks:", "  - key: [a", "other: 1"]);
    expect(errors[0]).toMatchObject({ file: "plan.yaml", line: 4, column: 1, severity: "error", path: "" });
    expect(errors[0]!.message).toMatch(/^YAML: /);
  });

  it.each([
    ['    command: "echo hi', 14],
    ["    command: 'it''s", 14],
    ['    command: "a \\" b', 14],
  ])("points at the quote that never closes (%s), not at the end of the file", (line, column) => {
    const errors = errorsOf([
      "name: x",
      "tracks:",
      "  - key: a",
      line,
      "    ram: 1GB",
      "  - key: b",
      "    command: b",
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 4, column });
    expect(errors[0]!.message).toBe(
      "YAML: this quote is never closed (the parser looked for its end up to the end of the file)",
    );
    // A quoted value that closes is no error.
    expect(
      check(["name: x", "tracks:", "  - key: a", '    command: "echo \'hi\' \\"x\\""', "    ram: 1GB"]).ok,
    ).toBe(true);
  });

  it("accepts one YAML document only, and refuses an alias bomb", () => {
    expect(errorsOf(["name: a", "---", "name: b"])[0]).toMatchObject({ line: 2, column: 1 });
    expect(errorsOf(["name: a", "---", "name: b"])[0]!.message).toContain('remove the second "---"');
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (const [name, previous] of [
      ["b", "a"],
      ["c", "b"],
      ["d", "c"],
      ["e", "d"],
    ]) {
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(", ")}]`);
    }
    expect(errorsOf(bomb)[0]!.message).toContain("Excessive alias count");
  });

  it("says a plan nested past what the parser can follow is nested too deeply, not that a stack overflowed", () => {
    for (const deep of [
      `tracks: ${"[".repeat(20_000)}${"]".repeat(20_000)}`,
      `tracks: ${"{a: ".repeat(20_000)}1${"}".repeat(20_000)}`,
    ]) {
      const errors = errorsOf(["name: deep", deep]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ line: 2, severity: "error" });
      expect(errors[0]!.message).toBe(
        "YAML: the plan is nested too deeply to read (brackets or indentation a thousand levels deep or more)",
      );
    }
  });

  it("refuses a NUL character in a command, a test or an env value, at its place (no process could take it)", () => {
    const errors = errorsOf([
      "name: nul",
      "tracks:",
      "  - key: a",
      '    command: "echo a\\0b"',
      '    test: "true\\0"',
      '    env: { X: "a\\0b" }',
    ]);
    expect(errors.map((e) => [e.line, e.path])).toEqual([
      [4, "tracks[0].command"],
      [5, "tracks[0].test"],
      [6, "tracks[0].env.X"],
    ]);
    expect(errors[0]!.message).toContain("holds a NUL character (byte 0)");
  });

  it("refuses bidirectional control characters in names and commands (text shown in another order than it runs)", () => {
    const errors = errorsOf([
      'name: "Demo \\u202e"',
      "tracks:",
      "  - key: a",
      '    command: "echo safe \\u2066; rm -rf x"',
      '    name: "Arabic with a mark \\u200f is fine"',
    ]);
    expect(errors.map((e) => [e.line, e.path])).toEqual([
      [1, "name"],
      [4, "tracks[0].command"],
    ]);
    expect(errors[0]!.message).toContain("bidirectional control character (U+202E) at character 6");
  });

  it("warns of a worktree track whose workdir is outside the repo (its agents would work outside the worktree)", () => {
    const result = check([
      "name: outside",
      "repo: /tmp/r",
      "workdir: /tmp/r",
      "tracks:",
      "  - { key: in, command: x, workdir: /tmp/r/sub }",
      "  - { key: out, command: x, workdir: /tmp/elsewhere }",
      "  - { key: shared, command: x, workdir: /tmp/rx, worktree: false }",
    ]);
    expect(result.ok).toBe(true);
    const outside = result.warnings.filter((w) => w.message.includes("outside the repo"));
    expect(outside.map((w) => [w.line, w.path])).toEqual([[6, "tracks[1].workdir"]]);
    expect(outside[0]!.message).toBe(
      'track "out" works in its own worktree of the repo /tmp/r, but its workdir /tmp/elsewhere is outside the ' +
        "repo, so its agents would work outside the worktree; move the workdir into the repo, or give the track " +
        "worktree: false",
    );
    // Relative paths are resolved against the plan file's folder before they are compared.
    const relative = check(["name: rel", "repo: .", "tracks:", "  - { key: a, command: x, workdir: src }"]);
    expect(relative.warnings.filter((w) => w.message.includes("outside the repo"))).toEqual([]);
  });

  it("refuses scope globs that can never match: absolute, or climbing out of the workdir with ..", () => {
    const errors = errorsOf([
      "name: scopes",
      "tracks:",
      "  - key: a",
      "    command: x",
      '    scope: ["src/**", "/etc/**", "../shared/**", "!../x", "docs/../y", "./ok/**", "a..b/**"]',
    ]);
    expect(errors.map((e) => e.path)).toEqual([
      "tracks[0].scope[1]",
      "tracks[0].scope[2]",
      "tracks[0].scope[3]",
      "tracks[0].scope[4]",
    ]);
    expect(errors[0]!.message).toBe(
      'scope glob "/etc/**" can never match: scopes are relative to the plan\'s workdir and cannot reach outside it (no absolute path, no "..")',
    );
  });

  it("names an unknown field, points at its key and suggests the right one", () => {
    const errors = errorsOf([
      ...HEAD,
      "  - key: a",
      "    command: run",
      "    depends_on: [b]",
      "    ramm: 1GB",
    ]);
    const dependsOn = issueAt(errors, "tracks[0].depends_on");
    expect(dependsOn).toMatchObject({ line: 5, column: 5 });
    expect(dependsOn.message).toContain('unknown field "depends_on" (did you mean "dependsOn"?)');
    expect(issueAt(errors, "tracks[0].ramm").message).toContain('(did you mean "ram"?)');
  });

  it("suggests nothing for an unknown field unlike any known one, but lists the allowed ones", () => {
    const issue = issueAt(errorsOf(["name: x", "colour: blue", ...HEAD.slice(1), ...TRACK_A]), "colour");
    expect(issue).toMatchObject({ line: 2, column: 1 });
    expect(issue.message).not.toContain("did you mean");
    expect(issue.message).toContain(
      "allowed here: name, workdir, maxConcurrent, resources, ram, nice, maxCostUsd, prices, idleMinutes, notify, executor, slurm, tracks, repo, base, handoffs, integration",
    );
  });

  it("finds unknown fields in nested objects: ram, zones, model and agents", () => {
    const errors = errorsOf([
      "name: x",
      "ram:",
      "  budjet: 8GB",
      "  zones: { yelow: 50 }",
      "tracks:",
      "  - key: a",
      "    model: { lokal: llama }",
      "    agents:",
      "      - command: run",
      "        subagents: 2",
    ]);
    expect(issueAt(errors, "ram.budjet")).toMatchObject({ line: 3, column: 3 });
    expect(issueAt(errors, "ram.budjet").message).toContain('"budget"');
    expect(issueAt(errors, "ram.zones.yelow")).toMatchObject({ line: 4, column: 12 });
    expect(issueAt(errors, "tracks[0].model.lokal").message).toContain('(did you mean "local"?)');
    expect(issueAt(errors, "tracks[0].agents[0].subagents")).toMatchObject({ line: 10, column: 9 });
  });

  it("rejects a bad size with the expected form", () => {
    const issue = issueAt(
      errorsOf([...HEAD, "  - key: a", "    ram: 12 gigs", "    command: run"]),
      "tracks[0].ram",
    );
    expect(issue).toMatchObject({ line: 4, column: 10 });
    expect(issue.message).toBe('expected a size such as "8GB", "512MiB" or "800MB", got "12 gigs"');
  });

  it("rejects a bare number as a size, since its unit is a guess", () => {
    const issue = issueAt(
      errorsOf([...HEAD, "  - key: a", "    ram: 12", "    command: run"]),
      "tracks[0].ram",
    );
    expect(issue.message).toContain('expected a size such as "8GB"');
    expect(issue.message).toContain("got 12");
  });

  it.each(["512", "1.5", " 20 "])(
    "rejects a size without its unit (%s): it could mean bytes or megabytes",
    (size) => {
      const errors = errorsOf([
        "name: test plan",
        "ram:",
        `  budget: "${size}"`,
        "tracks:",
        "  - key: a",
        `    ram: "${size}"`,
        "    command: run",
      ]);
      expect(issueAt(errors, "tracks[0].ram").message).toContain(
        'expected a size such as "8GB", "512MiB" or "800MB": add its unit (a bare number could mean bytes or megabytes)',
      );
      expect(issueAt(errors, "ram.budget").message).toContain('expected "auto" or a size such as "8GB"');
      expect(issueAt(errors, "ram.budget").message).toContain("add its unit");
    },
  );

  it.each(["0MB", "0.4B"])(
    "rejects a RAM estimate of nothing (%s): leave ram out when it is not known",
    (size) => {
      const issue = issueAt(
        errorsOf([...HEAD, "  - key: a", `    ram: "${size}"`, "    command: run"]),
        "tracks[0].ram",
      );
      expect(issue).toMatchObject({ line: 4, column: 10 });
      expect(issue.message).toContain("must be more than 0: leave ram out when the size is not known");
    },
  );

  it("rejects a bad duration, including a range that runs backwards", () => {
    const errors = errorsOf([
      ...HEAD,
      "  - key: a",
      "    duration: 3 days",
      "    command: run",
      "  - key: b",
      "    duration: 3-2d",
      "    command: run",
    ]);
    expect(issueAt(errors, "tracks[0].duration")).toMatchObject({ line: 4, column: 15 });
    expect(issueAt(errors, "tracks[0].duration").message).toContain(
      'a duration such as "90m", "6h" or a range "2-3d"',
    );
    expect(issueAt(errors, "tracks[1].duration")).toMatchObject({ line: 7, column: 15 });
  });

  it("rejects duplicate track keys at the second one", () => {
    const errors = errorsOf([...HEAD, ...TRACK_A, "  - key: a", "    command: again"]);
    const issue = issueAt(errors, "tracks[1].key");
    expect(issue).toMatchObject({ line: 6, column: 10 });
    expect(issue.message).toBe('duplicate track key "a" (also used by tracks[0])');
  });

  it("rejects duplicate YAML mapping keys and still checks the rest", () => {
    const errors = errorsOf([...HEAD, "  - key: a", "    command: one", "    command: two", "    ram: lots"]);
    const issue = issueAt(errors, "tracks[0].command");
    expect(issue).toMatchObject({ line: 5, column: 5 });
    expect(issue.message).toContain('duplicate key "command" (first given on line 4)');
    expect(issueAt(errors, "tracks[0].ram")).toMatchObject({ line: 6 });
  });

  it("rejects an unknown dependency and suggests the close key", () => {
    const errors = errorsOf([
      ...HEAD,
      ...TRACK_A,
      "  - key: build",
      "    command: run",
      "    dependsOn: [biuld]",
      "  - key: test",
      "    command: run",
      "    dependsOn: [a, biuld]",
    ]);
    const issue = issueAt(errors, "tracks[2].dependsOn[1]");
    expect(issue).toMatchObject({ line: 11, column: 20 });
    expect(issue.message).toBe(
      'unknown track "biuld" in dependsOn (did you mean "build"?); tracks are: a, build, test',
    );
    // Never the track itself: it cannot wait on itself, by its key or by its name.
    expect(issueAt(errors, "tracks[1].dependsOn[0]").message).toBe(
      'unknown track "biuld" in dependsOn; tracks are: a, build, test',
    );
    const byName = errorsOf([
      ...HEAD,
      "  - key: build",
      "    name: Build",
      "    command: run",
      "    dependsOn: [Build]",
    ]);
    expect(issueAt(byName, "tracks[0].dependsOn[0]").message).toBe(
      'unknown track "Build" in dependsOn; tracks are: build',
    );
    const close = issueAt(
      errorsOf([...HEAD, ...TRACK_A, "  - key: b", "    command: x", "    dependsOn: [A]"]),
      "tracks[1].dependsOn[0]",
    );
    expect(close.message).toContain('(did you mean "a"?)');
  });

  it("names a dependency cycle and points at the edge that closes it", () => {
    const errors = errorsOf([
      ...HEAD,
      "  - key: A",
      "    command: run",
      "    dependsOn: [B]",
      "  - key: B",
      "    command: run",
      "    dependsOn: [C]",
      "  - key: C",
      "    command: run",
      "    dependsOn: [A]",
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 5, column: 17, path: "tracks[0].dependsOn[0]" });
    expect(errors[0]!.message).toBe("dependency cycle: A → B → C → A");
  });

  it("treats a track depending on itself as a cycle", () => {
    const issue = issueAt(
      errorsOf([...HEAD, "  - key: a", "    command: run", "    dependsOn: [a]"]),
      "tracks[0].dependsOn[0]",
    );
    expect(issue.message).toBe("dependency cycle: a → a");
  });

  it("rejects a RAM estimate above the effective total, only when a total is given", () => {
    const lines = [...HEAD, "  - key: big", "    ram: 30GB", "    command: run"];
    const issue = issueAt(errorsOf(lines, 24 * GB), "tracks[0].ram");
    expect(issue).toMatchObject({ line: 4, column: 10 });
    expect(issue.message).toContain("RAM estimate 30.0 GB exceeds the effective RAM total (24.0 GB)");
    expect(check(lines, null).ok).toBe(true);
    expect(check(lines, 32 * GB).ok).toBe(true);
  });

  it("rejects a budget of 0, at its value", () => {
    const errors = errorsOf(["name: test plan", "ram: { budget: 0GB }", "tracks:", ...TRACK_A]);
    const issue = issueAt(errors, "ram.budget");
    expect(issue).toMatchObject({ line: 2 });
    expect(issue.message).toContain("must be more than 0");
  });

  it("rejects a RAM estimate above a fixed budget", () => {
    const lines = [
      "name: x",
      "ram:",
      "  budget: 8GB",
      "tracks:",
      "  - key: a",
      "    ram: 9GB",
      "    command: run",
    ];
    expect(issueAt(errorsOf(lines), "tracks[0].ram").message).toContain("exceeds ram.budget (8.00 GB)");
  });

  it("rejects a track without any command", () => {
    const issue = issueAt(errorsOf([...HEAD, "  - key: a", "    ram: 1GB"]), "tracks[0]");
    expect(issue).toMatchObject({ line: 3, column: 5 });
    expect(issue.message).toBe('missing command: track "a" needs "command" or "agents"');
  });

  it("rejects an empty command and an empty agent list", () => {
    const errors = errorsOf([...HEAD, "  - key: a", '    command: "  "', "  - key: b", "    agents: []"]);
    expect(issueAt(errors, "tracks[0].command")).toMatchObject({ line: 4, column: 14 });
    expect(issueAt(errors, "tracks[0].command").message).toContain("missing command");
    expect(issueAt(errors, "tracks[1].agents")).toMatchObject({ line: 6, column: 13 });
    expect(issueAt(errors, "tracks[1].agents").message).toContain("missing command");
  });

  it("rejects an agent with an empty command or none", () => {
    const errors = errorsOf([
      ...HEAD,
      "  - key: a",
      "    agents:",
      '      - command: ""',
      "      - name: second",
    ]);
    expect(issueAt(errors, "tracks[0].agents[0].command")).toMatchObject({ line: 5, column: 18 });
    expect(issueAt(errors, "tracks[0].agents[1].command")).toMatchObject({ line: 6, column: 9 });
    expect(issueAt(errors, "tracks[0].agents[1].command").message).toBe('missing required field "command"');
  });

  it("rejects command and agents together, and duplicate agent names", () => {
    const errors = errorsOf([
      ...HEAD,
      "  - key: a",
      "    command: run",
      "    agents: [{ name: x, command: one }, { name: x, command: two }]",
    ]);
    expect(issueAt(errors, "tracks[0].command")).toMatchObject({ line: 4, column: 5 });
    expect(issueAt(errors, "tracks[0].agents[1].name").message).toBe('duplicate agent name "x" in track "a"');
  });

  it("rejects zone thresholds out of order", () => {
    const errors = errorsOf([
      "name: x",
      "ram:",
      "  zones:",
      "    yellow: 80",
      "    orange: 70",
      ...HEAD.slice(1),
      ...TRACK_A,
    ]);
    const issue = issueAt(errors, "ram.zones.orange");
    expect(issue).toMatchObject({ line: 5, column: 13 });
    expect(issue.message).toContain("zone thresholds out of order: orange (70) must be above yellow (80)");
  });

  it("rejects red at or below a default orange, blaming red", () => {
    const issue = issueAt(
      errorsOf(["name: x", "ram: { zones: { red: 75 } }", ...HEAD.slice(1), ...TRACK_A]),
      "ram.zones.red",
    );
    expect(issue).toMatchObject({ line: 2, column: 22 });
    expect(issue.message).toContain("red (75) must be above orange (75)");
  });

  it("rejects thresholds outside 0–100", () => {
    const errors = errorsOf([
      "name: x",
      "ram:",
      "  zones:",
      "    red: 120",
      "    yellow: -5",
      ...HEAD.slice(1),
      ...TRACK_A,
    ]);
    expect(issueAt(errors, "ram.zones.red")).toMatchObject({
      line: 4,
      column: 10,
      message: "must be a percent from 0 to 100",
    });
    expect(issueAt(errors, "ram.zones.yellow")).toMatchObject({ line: 5, column: 13 });
  });

  it("rejects a hysteresis as large as yellow and an admission line above red", () => {
    const errors = errorsOf([
      "name: x",
      "ram:",
      "  zones: { yellow: 10, hysteresis: 10 }",
      "  admitBelow: 90",
      ...HEAD.slice(1),
      ...TRACK_A,
    ]);
    expect(issueAt(errors, "ram.zones.hysteresis").message).toContain(
      "must be smaller than the yellow threshold",
    );
    expect(issueAt(errors, "ram.admitBelow")).toMatchObject({ line: 4, column: 15 });
  });

  it("rejects resource demands on undeclared resources or beyond capacity", () => {
    const errors = errorsOf([
      "name: x",
      "resources: { gpuGB: 24 }",
      ...HEAD.slice(1),
      "  - key: a",
      "    command: run",
      "    resources: { gpuGb: 8 }",
      "  - key: b",
      "    command: run",
      "    resources: { gpuGB: 30 }",
    ]);
    expect(issueAt(errors, "tracks[0].resources.gpuGb")).toMatchObject({ line: 6, column: 18 });
    expect(issueAt(errors, "tracks[0].resources.gpuGb").message).toContain('(did you mean "gpuGB"?)');
    expect(issueAt(errors, "tracks[1].resources.gpuGB").message).toContain(
      "demand 30 exceeds the plan's gpuGB capacity (24)",
    );
  });

  it("rejects a missing required field at its parent, and bad enum values with a suggestion", () => {
    const errors = errorsOf(["tracks:", "  - command: run", "    priority: hi-prio", "    tier: sub_agent"]);
    expect(issueAt(errors, "name")).toMatchObject({
      line: 1,
      column: 1,
      message: 'missing required field "name"',
    });
    expect(issueAt(errors, "tracks[0].key")).toMatchObject({ line: 2, column: 5 });
    expect(issueAt(errors, "tracks[0].priority").message).toBe(
      'expected one of "critical", "standard", "low", got "hi-prio"',
    );
    expect(issueAt(errors, "tracks[0].tier").message).toContain('(did you mean "sub-agent"?)');
  });

  it("rejects a model that is neither a name nor { local, cloud }", () => {
    const errors = errorsOf([
      ...HEAD,
      "  - key: a",
      "    command: run",
      "    model: 34",
      "  - key: b",
      "    command: run",
      "    model: {}",
    ]);
    expect(issueAt(errors, "tracks[0].model")).toMatchObject({ line: 5, column: 12 });
    expect(issueAt(errors, "tracks[1].model").message).toBe("give a local model, a cloud model or both");
  });

  it("rejects a workdir starting with ~, which nothing would expand", () => {
    const issue = issueAt(errorsOf(["name: x", "workdir: ~/src", ...HEAD.slice(1), ...TRACK_A]), "workdir");
    expect(issue).toMatchObject({ line: 2, column: 10 });
  });

  it("rejects an empty file and a plan without tracks", () => {
    expect(errorsOf(["# nothing here"])[0]).toMatchObject({
      line: 1,
      column: 1,
      message: "the plan file is empty",
    });
    expect(issueAt(errorsOf(["name: x", "tracks: []"]), "tracks").message).toBe(
      "a plan needs at least one track",
    );
  });

  it("reports every problem of a file at once, sorted by position", () => {
    const errors = errorsOf([
      "name: x",
      "maxConcurrent: 0",
      "tracks:",
      "  - key: a b",
      "    ram: big",
      "    duration: soon",
      "    command: run",
      "    dependsOn: [nope]",
      "    colour: red",
    ]);
    expect(errors.map((issue) => issue.path)).toEqual([
      "maxConcurrent",
      "tracks[0].key",
      "tracks[0].ram",
      "tracks[0].duration",
      "tracks[0].dependsOn[0]",
      "tracks[0].colour",
    ]);
    expect(errors.map((issue) => issue.line)).toEqual([2, 4, 5, 6, 8, 9]);
  });
});

describe("validatePlan: warnings", () => {
  it("warns of a dependency listed twice, at the second, and accepts the plan with it once", () => {
    const lines = [...HEAD, ...TRACK_A, "  - key: b", "    command: x", "    dependsOn: [a, a]"];
    const issue = issueAt(warningsOf(lines), "tracks[1].dependsOn[1]");
    expect(issue).toMatchObject({ line: 8, severity: "warning" });
    expect(issue.message).toBe('"a" is listed twice in dependsOn (also at position 0); once is enough');
    expect(planOf(lines).tracks[1]!.dependsOn).toEqual(["a"]);
  });

  it("warns of track keys that differ only in case", () => {
    const lines = [...HEAD, ...TRACK_A, "  - key: A", "    command: x"];
    const issue = issueAt(warningsOf(lines), "tracks[1].key");
    expect(issue.message).toContain('track key "A" differs from "a" only in case');
    expect(planOf(lines).tracks.map((track) => track.key)).toEqual(["a", "A"]);
  });

  it("warns about a track without a RAM estimate, which is admitted on observed use", () => {
    const warnings = warningsOf([
      ...HEAD,
      "  - key: a",
      "    command: run",
      "  - key: b",
      "    ram: 1GB",
      "    command: run",
    ]);
    expect(issueAt(warnings, "tracks[0]")).toMatchObject({ line: 3, column: 5, severity: "warning" });
    expect(issueAt(warnings, "tracks[0]").message).toBe(
      'track "a" has no RAM estimate: it will be admitted on observed use',
    );
    const empty = warningsOf([...HEAD, ...TRACK_A, "  - key: b", "    ram: ~", "    command: run"]);
    expect(issueAt(empty, "tracks[1].ram")).toMatchObject({ line: 7, column: 10 });
  });

  it("warns about overlapping scopes of tracks that may run together", () => {
    const warnings = warningsOf([
      ...HEAD,
      ...TRACK_A,
      "    scope: [lib/**, docs/*.md]",
      "  - key: b",
      "    ram: 1GB",
      "    command: run",
      "    scope: [app/**, lib/domain/zones.ts]",
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      path: "tracks[1].scope[1]",
      line: 10,
      column: 21,
      severity: "warning",
    });
    expect(warnings[0]!.message).toBe(
      'scope "lib/domain/zones.ts" overlaps "lib/**" of track "a": both tracks may change the same files',
    );
  });

  it("does not warn about overlapping scopes of tracks ordered by dependsOn, even transitively", () => {
    const planWith = (bDependsOn: string) => [
      ...HEAD,
      ...TRACK_A,
      "    scope: [lib/**]",
      "  - key: b",
      "    ram: 1GB",
      "    command: run",
      `    dependsOn: [${bDependsOn}]`,
      "    scope: [lib/x.ts]",
      "  - key: c",
      "    ram: 1GB",
      "    command: run",
      "    dependsOn: [b]",
      "    scope: [lib/y.ts]",
    ];
    // c runs after b, so only each against a remains.
    expect(warningsOf(planWith("")).map((issue) => issue.path)).toEqual([
      "tracks[1].scope[0]",
      "tracks[2].scope[0]",
    ]);
    // b after a, c after b (so after a): nothing may run together.
    expect(warningsOf(planWith("a"))).toEqual([]);
  });

  it("keeps warnings on a valid plan", () => {
    const result = check([...HEAD, "  - key: a", "    command: run"]);
    expect(result.ok).toBe(true);
    expect(result.warnings).toHaveLength(1);
  });
});

describe("validatePlan: defaults and normalisation", () => {
  it("fills in every default", () => {
    const plan = planOf([...HEAD, "  - key: a", "    command: run"]);
    expect(plan).toEqual({
      name: "test plan",
      ram: {
        budget: "auto",
        zones: { yellow: 60, orange: 75, red: 85, hysteresis: 2 },
        admitBelow: 75,
        graceSeconds: 5,
        settleSeconds: 10,
        backfillSeconds: 300,
        victimOrder: null,
      },
      maxConcurrent: null,
      resources: {},
      workdir: "/plans",
      tracks: [
        {
          key: "a",
          name: "a",
          nice: 10,
          priority: "standard",
          tier: "primary",
          ramBytes: null,
          duration: null,
          ramProfile: null,
          model: { local: null, cloud: null },
          dependsOn: [],
          scope: [],
          workdir: "/plans",
          env: {},
          test: null,
          agents: [{ name: "a", command: "run", subAgents: 0, kind: "generic", resume: null }],
          resources: {},
          maxCostUsd: null,
          idleMinutes: null,
          requiresEnv: [],
          worktree: false,
          executor: { kind: "local" },
        },
      ],
      maxCostUsd: null,
      prices: {},
      notify: { webhook: null },
      repo: null,
      handoffs: [],
      integration: null,
      status: { at: "18:00" },
    } satisfies Plan);
  });

  it("defaults admitBelow to the orange threshold the plan sets", () => {
    const plan = planOf(["name: x", "ram: { zones: { orange: 70 } }", ...HEAD.slice(1), ...TRACK_A]);
    expect(plan.ram.zones).toEqual({ yellow: 60, orange: 70, red: 85, hysteresis: 2 });
    expect(plan.ram.admitBelow).toBe(70);
  });

  it("turns sizes into bytes and durations into millisecond ranges", () => {
    const plan = planOf([
      "name: x",
      "ram: { budget: 20GiB }",
      "tracks:",
      "  - { key: a, ram: 11.976GB, duration: 90m, command: run }",
      "  - { key: b, ram: 512MiB, duration: 6h, command: run }",
      "  - { key: c, ram: 800MB, duration: 2-3d, command: run }",
    ]);
    expect(plan.ram.budget).toBe(20 * 1024 ** 3);
    expect(plan.tracks.map((track) => track.ramBytes)).toEqual([11_976_000_000, 536_870_912, 800_000_000]);
    expect(plan.tracks.map((track) => track.duration)).toEqual([
      { minMs: 90 * 60_000, maxMs: 90 * 60_000 },
      { minMs: 6 * 3_600_000, maxMs: 6 * 3_600_000 },
      { minMs: 2 * 86_400_000, maxMs: 3 * 86_400_000 },
    ]);
  });

  it("reads a model string as the local model and an object as local and cloud", () => {
    const plan = planOf([
      ...HEAD,
      "  - { key: a, model: qwen2.5:32b, command: run }",
      "  - { key: b, model: { cloud: claude-sonnet-4.5 }, command: run }",
      "  - { key: c, model: { local: codellama:34b, cloud: claude-sonnet-4.5 }, command: run }",
    ]);
    expect(plan.tracks.map((track) => track.model)).toEqual([
      { local: "qwen2.5:32b", cloud: null },
      { local: null, cloud: "claude-sonnet-4.5" },
      { local: "codellama:34b", cloud: "claude-sonnet-4.5" },
    ]);
  });

  it("turns the command shortcut into one agent named after the key, with its sub-agents", () => {
    const plan = planOf([...HEAD, "  - key: docs", "    command: write docs", "    subAgents: 3"]);
    expect(plan.tracks[0]!.agents).toEqual([
      { name: "docs", command: "write docs", subAgents: 3, kind: "generic", resume: null },
    ]);
  });

  it("names unnamed agents key-1, key-2 … when there are several", () => {
    const plan = planOf([
      ...HEAD,
      "  - key: t",
      "    agents: [{ command: one }, { name: lead, command: two, subAgents: 2 }, { command: three }]",
    ]);
    expect(plan.tracks[0]!.agents).toEqual([
      { name: "t-1", command: "one", subAgents: 0, kind: "generic", resume: null },
      { name: "lead", command: "two", subAgents: 2, kind: "generic", resume: null },
      { name: "t-3", command: "three", subAgents: 0, kind: "generic", resume: null },
    ]);
  });

  it("resolves workdirs against the plan file's directory", () => {
    const plan = planOf([
      "name: x",
      "workdir: ../repo",
      "tracks:",
      "  - { key: a, command: run }",
      "  - { key: b, command: run, workdir: ./sub/dir/.. }",
      "  - { key: c, command: run, workdir: /abs/path/ }",
    ]);
    expect(plan.workdir).toBe("/repo");
    expect(plan.tracks.map((track) => track.workdir)).toEqual(["/repo", "/plans/sub", "/abs/path"]);
  });

  it("keeps every other track field, with env values as strings", () => {
    const plan = planOf([
      "name: x",
      "maxConcurrent: 2",
      "resources: { gpuGB: 24 }",
      "tracks:",
      "  - key: a",
      "    name: Track A",
      "    priority: critical",
      "    tier: sub-agent",
      "    command: run",
      "    dependsOn: [b]",
      "    scope: [src/**]",
      "    env: { PORT: 3000, DEBUG: true, NAME: a }",
      "    test: npm test",
      "    resources: { gpuGB: 8 }",
      "  - { key: b, command: run, priority: low }",
    ]);
    expect(plan.maxConcurrent).toBe(2);
    expect(plan.resources).toEqual({ gpuGB: 24 });
    expect(plan.tracks[0]).toMatchObject({
      name: "Track A",
      priority: "critical",
      tier: "sub-agent",
      dependsOn: ["b"],
      scope: ["src/**"],
      env: { PORT: "3000", DEBUG: "true", NAME: "a" },
      test: "npm test",
      resources: { gpuGB: 8 },
    });
    expect(plan.tracks[1]!.priority).toBe("low");
  });
});

describe("the example plans", () => {
  const examples = path.resolve(__dirname, "../../../examples");

  it("seed-plan.yaml validates and matches the seed's Phase 2 example", () => {
    const source = readFileSync(path.join(examples, "seed-plan.yaml"), "utf8");
    expect(source.split("\n")[0]).toBe("# yaml-language-server: $schema=../docs/plan.schema.json");
    const result = validatePlan(source, {
      fileName: "seed-plan.yaml",
      baseDir: examples,
      effectiveTotalBytes: 64 * GB,
    });
    if (!result.ok) throw new Error(formatPlanIssues(result.errors).join("\n"));
    expect(result.warnings).toEqual([]);
    const summary = result.plan.tracks.map((track) => ({
      key: track.key,
      ramBytes: track.ramBytes,
      subAgents: track.agents.reduce((sum, agent) => sum + agent.subAgents, 0),
      days: track.duration && [track.duration.minMs / 86_400_000, track.duration.maxMs / 86_400_000],
      model: track.model,
    }));
    expect(summary).toEqual([
      {
        key: "A",
        ramBytes: 11_976_000_000,
        subAgents: 3,
        days: [2, 3],
        model: { local: "codellama:34b", cloud: "claude-sonnet-4.5" },
      },
      {
        key: "B",
        ramBytes: 23_900_000_000,
        subAgents: 2,
        days: [1, 2],
        model: { local: "qwen2.5:32b", cloud: null },
      },
      {
        key: "C",
        ramBytes: 10_376_000_000,
        subAgents: 3,
        days: [2, 3],
        model: { local: null, cloud: "claude-sonnet-4.5" },
      },
    ]);
  });

  it("minimal-plan.yaml validates", () => {
    const source = readFileSync(path.join(examples, "minimal-plan.yaml"), "utf8");
    const result = validatePlan(source, {
      fileName: "minimal-plan.yaml",
      baseDir: examples,
      effectiveTotalBytes: 16 * GB,
    });
    expect(result.ok && result.warnings).toEqual([]);
  });
});

describe("formatPlanIssues", () => {
  it("writes file:line:col severity path: message", () => {
    const issue: PlanIssue = {
      file: "plan.yaml",
      line: 12,
      column: 5,
      path: "tracks[1].ram",
      message: "bad",
      severity: "error",
    };
    expect(formatPlanIssues([issue, { ...issue, path: "", severity: "warning" }])).toEqual([
      "plan.yaml:12:5 error tracks[1].ram: bad",
      "plan.yaml:12:5 warning bad",
    ]);
  });

  it("quotes data path keys that are not identifiers", () => {
    expect(formatDataPath(["tracks", 0, "resources", "gpu.gb"])).toBe('tracks[0].resources["gpu.gb"]');
    expect(formatDataPath([])).toBe("");
  });
});

describe("validatePlan: ram.victimOrder", () => {
  it("passes a custom victim order through and rejects repeats", () => {
    const ok = validatePlan(
      "name: p\nram:\n  victimOrder: [memory, priority]\ntracks:\n  - key: a\n    command: run\n",
      { fileName: "p.yaml", baseDir: "/plans", effectiveTotalBytes: null },
    );
    expect(ok.ok && ok.plan.ram.victimOrder).toEqual(["memory", "priority"]);
    const bad = validatePlan(
      "name: p\nram:\n  victimOrder: [tier, tier]\ntracks:\n  - key: a\n    command: run\n",
      { fileName: "p.yaml", baseDir: "/plans", effectiveTotalBytes: null },
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.errors[0]).toMatchObject({
        line: 3,
        path: "ram.victimOrder",
        message: expect.stringContaining("at most once"),
      });
  });
});

describe("ramProfile", () => {
  it.each([
    ['"40%"', 40],
    ["40", 40],
    ['" 12.5 % "', 12.5],
  ])("reads rampTo %s as %d percent of the duration", (rampTo, percent) => {
    const plan = planOf([
      ...HEAD,
      ...TRACK_A,
      "    duration: 90m",
      "    ramProfile:",
      `      rampTo: ${rampTo}`,
    ]);
    expect(plan.tracks[0]?.ramProfile).toEqual({ rampToPercent: percent });
  });

  it("is null when the plan gives none", () => {
    expect(planOf([...HEAD, ...TRACK_A]).tracks[0]?.ramProfile).toBeNull();
  });

  it.each(['"140%"', '"fast"', "-5"])("refuses rampTo %s", (rampTo) => {
    const errors = errorsOf([
      ...HEAD,
      ...TRACK_A,
      "    duration: 90m",
      "    ramProfile:",
      `      rampTo: ${rampTo}`,
    ]);
    expect(errors.map((e) => e.message).join(" ")).toMatch(/percent/);
  });

  it("warns that it is ignored without a duration", () => {
    const warnings = warningsOf([...HEAD, ...TRACK_A, "    ramProfile:", "      rampTo: 40%"]);
    expect(warnings.map((w) => w.message)).toContain(
      "ramProfile is ignored without duration: the ramp runs from 0 to ram over part of the duration",
    );
  });
});
