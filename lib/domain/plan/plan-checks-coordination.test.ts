import { describe, expect, it } from "vitest";
import type { Plan } from "../types";
import { formatPlanIssues, type PlanIssue, validatePlan } from "./plan-validate";

function check(source: string) {
  return validatePlan(source, { fileName: "plan.yaml", baseDir: "/plans", effectiveTotalBytes: null });
}

function planOf(source: string): Plan {
  const result = check(source);
  if (!result.ok) throw new Error(formatPlanIssues(result.errors).join("\n"));
  return result.plan;
}

function errorsOf(source: string): PlanIssue[] {
  const result = check(source);
  if (result.ok) throw new Error("expected the plan to be invalid");
  return result.errors;
}

const TRACKS = `tracks:
  - { key: api, ram: 1GB, command: run-api, scope: ["api/**"] }
  - { key: web, ram: 1GB, command: run-web, scope: ["web/**"], dependsOn: [api] }
  - { key: docs, ram: 1GB, command: run-docs, worktree: false }
`;

describe("git coordination fields", () => {
  it("normalises repo, base, worktrees, handoffs and integration", () => {
    const plan = planOf(`name: x
${TRACKS}repo: ../repo
base: main
handoffs:
  - { from: api, to: web, artifacts: ["api/openapi.yaml", "dist/**"] }
  - { from: api, to: docs, artifacts: ["api/openapi.yaml"], acknowledge: lead }
integration: { test: npm test }
status: { at: "07:30" }
`);
    expect(plan.repo).toEqual({ path: "/repo", base: "main" });
    expect(plan.tracks.map((t) => [t.key, t.worktree])).toEqual([
      ["api", true],
      ["web", true],
      ["docs", false],
    ]);
    expect(plan.handoffs).toEqual([
      { from: "api", to: "web", artifacts: ["api/openapi.yaml", "dist/**"], acknowledge: "auto" },
      { from: "api", to: "docs", artifacts: ["api/openapi.yaml"], acknowledge: "lead" },
    ]);
    expect(plan.integration).toEqual({ test: "npm test", branch: null });
    expect(plan.status).toEqual({ at: "07:30" });
  });

  it("refuses a daily status time that is not HH:MM and an unknown acknowledgement", () => {
    const result = validatePlan(
      `name: x
${TRACKS}repo: ../repo
handoffs:
  - { from: api, to: web, artifacts: ["x"], acknowledge: later }
status: { at: "6pm" }
`,
      { fileName: "plan.yaml", baseDir: "/plans", effectiveTotalBytes: null },
    );
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.errors.map((e) => e.message);
    expect(messages).toContainEqual(expect.stringContaining('expected one of "auto", "lead", got "later"'));
    expect(messages).toContainEqual(expect.stringContaining('expected a time of day "HH:MM"'));
  });

  it("without repo there is no worktree, handoff copy or integration", () => {
    const plan = planOf(`name: x\n${TRACKS}`);
    expect(plan.repo).toBeNull();
    expect(plan.tracks.every((t) => t.worktree === false)).toBe(true);
    expect(plan.handoffs).toEqual([]);
    expect(plan.integration).toBeNull();
  });

  it("names unknown handoff tracks where they are, with a suggestion", () => {
    const errors = errorsOf(`name: x
${TRACKS}repo: .
handoffs:
  - from: apj
    to: nobody
    artifacts: [a]
`);
    expect(errors.map((e) => [e.path, e.line, e.column])).toEqual([
      ["handoffs[0].from", 8, 11],
      ["handoffs[0].to", 9, 9],
    ]);
    expect(errors[0]!.message).toBe(
      'unknown track "apj" in handoffs (did you mean "api"?); tracks are: api, web, docs',
    );
  });

  it("refuses a handoff from a track to itself, and a duplicate one", () => {
    const errors = errorsOf(`name: x
${TRACKS}repo: .
handoffs:
  - { from: api, to: api, artifacts: [a] }
  - { from: api, to: web, artifacts: [a] }
  - { from: api, to: web, artifacts: [b] }
`);
    expect(errors.map((e) => e.path)).toEqual(["handoffs[0].to", "handoffs[2]"]);
    expect(errors[0]!.message).toContain('"from" and "to" are both "api"');
    expect(errors[1]!.message).toContain("duplicate handoff api → web (also handoffs[1])");
  });

  it("needs at least one artifact glob", () => {
    const errors = errorsOf(`name: x\n${TRACKS}repo: .\nhandoffs: [{ from: api, to: web, artifacts: [] }]\n`);
    expect(errors[0]).toMatchObject({
      path: "handoffs[0].artifacts",
      message: "list at least one artifact glob",
    });
  });

  it("keeps artifact globs inside the sender's worktree", () => {
    const errors = errorsOf(
      `name: x\n${TRACKS}repo: .\nhandoffs: [{ from: api, to: web, artifacts: [ok/**, ../secrets/**, /etc/passwd] }]\n`,
    );
    expect(errors.map((e) => e.path)).toEqual(["handoffs[0].artifacts[1]", "handoffs[0].artifacts[2]"]);
    expect(errors[0]!.message).toBe(
      'artifact glob "../secrets/**" must stay inside the sender\'s worktree (no absolute path, no "..")',
    );
  });

  it("warns when the receiver does not wait for the sender", () => {
    const result = check(`name: x\n${TRACKS}repo: .\nhandoffs: [{ from: web, to: docs, artifacts: [x] }]\n`);
    expect(result.ok).toBe(true);
    expect(result.warnings.find((w) => w.path === "handoffs[0].to")?.message).toBe(
      'track "docs" does not depend on "web": it may start before the handoff arrives; add "web" to its dependsOn',
    );
  });

  it("refuses base, integration and worktree: true without a repo", () => {
    const errors = errorsOf(`name: x
base: main
integration: { test: make check }
tracks:
  - { key: a, ram: 1GB, command: run, worktree: true }
`);
    expect(errors.map((e) => [e.path, e.line])).toEqual([
      ["base", 2],
      ["integration", 3],
      ["tracks[0].worktree", 5],
    ]);
    expect(errors[0]!.message).toBe('"base" needs the plan\'s "repo" (a git repository): add repo: <path>');
  });

  it("refuses a track keyed integration that would share the default integration branch", () => {
    const errors = errorsOf(`name: x
repo: .
integration: { test: make check }
tracks:
  - { key: integration, ram: 1GB, command: run }
`);
    expect(errors[0]).toMatchObject({ path: "tracks[0].key", line: 5 });
    expect(errors[0]!.message).toContain("rename the track");
  });

  it("refuses it without an integration section too: phase 5 integrates any plan with a repo", () => {
    const errors = errorsOf(`name: x
repo: .
tracks:
  - { key: integration, ram: 1GB, command: run }
`);
    expect(errors[0]).toMatchObject({ path: "tracks[0].key", line: 4 });
    expect(errors[0]!.message).toContain("branch");
  });

  it("refuses it with its own integration.branch too: the worktree directory is still the integration's", () => {
    const errors = errorsOf(`name: x
repo: .
integration: { test: make check, branch: release/integration }
tracks:
  - { key: integration, ram: 1GB, command: run }
`);
    expect(errors[0]).toMatchObject({ path: "tracks[0].key", line: 5 });
    expect(errors[0]!.message).toContain("worktree");
    expect(errors[0]!.message).not.toContain("and branch");
  });

  it("accepts a track keyed integration that has no worktree, or a plan without repo", () => {
    const shared = check(`name: x
repo: .
tracks:
  - { key: integration, ram: 1GB, command: run, worktree: false }
`);
    expect(shared.ok).toBe(true);
    expect(check("name: x\ntracks:\n  - { key: integration, ram: 1GB, command: run }\n").ok).toBe(true);
  });

  it("rejects unknown fields in a handoff and a non-boolean worktree", () => {
    const errors = errorsOf(`name: x
repo: .
handoffs: [{ from: a, to: a, artefacts: [x] }]
tracks:
  - { key: a, ram: 1GB, command: run, worktree: yes please }
`);
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(["handoffs[0].artefacts", "tracks[0].worktree"]),
    );
    expect(errors.find((e) => e.path === "handoffs[0].artefacts")?.message).toContain(
      'did you mean "artifacts"',
    );
  });
});
