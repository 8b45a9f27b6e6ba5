import { describe, expect, it } from "vitest";
import { formatPlanIssues, validatePlan } from "./plan-validate";

function check(lines: string[]) {
  return validatePlan(lines.join("\n"), {
    fileName: "plan.yaml",
    baseDir: "/plans",
    effectiveTotalBytes: null,
  });
}

function planOf(lines: string[]) {
  const result = check(lines);
  if (!result.ok) throw new Error(formatPlanIssues(result.errors).join("\n"));
  return result.plan;
}

function errorsOf(lines: string[]): string[] {
  const result = check(lines);
  if (result.ok) throw new Error("expected the plan to be invalid");
  return formatPlanIssues(result.errors);
}

describe("plan fields for real agents", () => {
  it("reads kind, resume, budgets, prices, idle minutes, notify and required environment", () => {
    const plan = planOf([
      "name: agents",
      "maxCostUsd: 25",
      "idleMinutes: 15",
      "prices:",
      "  gpt-5-codex: { inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125 }",
      "notify: { webhook: 'https://hooks.example.com/paratrack' }",
      "tracks:",
      "  - key: parser",
      "    maxCostUsd: 5",
      "    requiresEnv: [ANTHROPIC_API_KEY]",
      "    command: claude -p 'fix the parser' --output-format stream-json --verbose",
      "    resume: claude -p --resume {session} --output-format stream-json --verbose",
      "  - key: docs",
      "    idleMinutes: 5",
      "    agents:",
      "      - { name: writer, command: codex exec --json 'write docs', resume: 'codex exec resume {session} --json' }",
      "      - { name: helper, command: ./helper.sh, kind: claude }",
    ]);
    expect(plan).toMatchObject({
      maxCostUsd: 25,
      prices: { "gpt-5-codex": { inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125 } },
      notify: { webhook: "https://hooks.example.com/paratrack" },
    });
    const [parser, docs] = plan.tracks;
    expect(parser).toMatchObject({ maxCostUsd: 5, idleMinutes: 15, requiresEnv: ["ANTHROPIC_API_KEY"] });
    expect(parser?.agents).toEqual([
      {
        name: "parser",
        command: "claude -p 'fix the parser' --output-format stream-json --verbose",
        subAgents: 0,
        kind: "claude",
        resume: "claude -p --resume {session} --output-format stream-json --verbose",
      },
    ]);
    expect(docs).toMatchObject({ maxCostUsd: null, idleMinutes: 5, requiresEnv: [] });
    expect(docs?.agents.map((agent) => [agent.name, agent.kind, agent.resume])).toEqual([
      ["writer", "codex", "codex exec resume {session} --json"],
      ["helper", "claude", null],
    ]);
  });

  it("rejects bad values with their place", () => {
    const errors = errorsOf([
      "name: agents",
      "maxCostUsd: -1",
      "prices:",
      "  m1: { inputPerMTok: 1 }",
      "  m2: { inputPerMTok: 1, outputPerMTok: 2, perRequest: 3 }",
      "notify: { webhook: 'file:///etc/passwd' }",
      "tracks:",
      "  - key: a",
      "    command: run",
      "    kind: gemini",
      "    resume: run --continue",
      "    idleMinutes: 0",
      "    requiresEnv: [API-KEY]",
      "  - key: b",
      "    kind: claude",
      "    agents: [{ command: run }]",
    ]);
    expect(errors).toEqual([
      "plan.yaml:2:13 error maxCostUsd: must not be negative",
      'plan.yaml:4:7 error prices.m1.outputPerMTok: missing required field "outputPerMTok"',
      'plan.yaml:5:44 error prices.m2.perRequest: unknown field "perRequest"; allowed here: inputPerMTok, outputPerMTok, cachedInputPerMTok, cacheWritePerMTok',
      'plan.yaml:6:20 error notify.webhook: expected an http(s) URL, got "file:///etc/passwd"',
      'plan.yaml:10:11 error tracks[0].kind: expected one of "claude", "codex", "generic", got "gemini"',
      "plan.yaml:11:13 error tracks[0].resume: the resume command must contain {session}",
      "plan.yaml:12:18 error tracks[0].idleMinutes: must be more than 0 minutes",
      'plan.yaml:13:19 error tracks[0].requiresEnv[0]: expected an environment variable name (ASCII letters, digits and _, not starting with a digit), got "API-KEY"',
      'plan.yaml:15:5 error tracks[1].kind: track-level "kind" goes with "command"; with "agents", give kind on each agent',
    ]);
  });
});
