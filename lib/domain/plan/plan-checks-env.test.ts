// Environment values reach the agents as text. Two ways a plan could pass other text than its author meant are
// refused at their place: a YAML number whose written form is lost (3.10 read as 3.1), and a value that is the
// mask the dashboard shows instead of a secret (a plan loaded from the current run and started again).
import { describe, expect, it } from "vitest";
import { MASK, maskPlanEnv } from "./plan-redact";
import { formatPlanIssues, type PlanIssue, validatePlan } from "./plan-validate";

function check(source: string) {
  return validatePlan(source, { fileName: "plan.yaml", baseDir: "/plans", effectiveTotalBytes: null });
}

function errorsOf(source: string): PlanIssue[] {
  const result = check(source);
  if (result.ok) throw new Error("expected the plan to be invalid");
  return result.errors;
}

const withEnv = (env: string) =>
  ["name: x", "tracks:", "  - key: a", "    command: run", `    env: ${env}`, ""].join("\n");

describe("validatePlan: env values written as numbers", () => {
  it.each([
    ["PYTHON_VERSION", "3.10", "3.1"],
    ["ZIP", "01234", "1234"],
    ["MASK_BITS", "0x1F", "31"],
    ["BIG", "12345678901234567890", "12345678901234567000"],
    ["LIMIT", "1e3", "1000"],
  ])(
    "refuses %s: %s, which the agents would get as %s, and says to quote it without repeating it",
    (name, written, read) => {
      const errors = errorsOf(withEnv(`{ ${name}: ${written} }`));
      const issue = errors.find((e) => e.path === `tracks[0].env.${name}`);
      expect(issue, JSON.stringify(errors)).toBeDefined();
      expect(issue).toMatchObject({ line: 5, severity: "error" });
      expect(issue!.column).toBe(14 + name.length);
      // env values may be secrets: the message is the same whatever the value, so it never repeats one.
      expect(issue!.message).toBe(
        "YAML reads this unquoted value as a number, and the agents would get it rewritten (3.10 becomes 3.1, 01234 becomes 1234); quote it to pass it as written",
      );
      expect(written).not.toBe(read);
    },
  );

  it("accepts numbers and booleans that read as written, and quoted text", () => {
    const result = check(withEnv('{ PORT: 3000, RATIO: 0.5, DEBUG: true, VERSION: "3.10", NEG: -2 }'));
    if (!result.ok) throw new Error(formatPlanIssues(result.errors).join("\n"));
    expect(result.plan.tracks[0]!.env).toEqual({
      PORT: "3000",
      RATIO: "0.5",
      DEBUG: "true",
      VERSION: "3.10",
      NEG: "-2",
    });
  });

  it("checks block-style env maps too", () => {
    const source = ["name: x", "tracks:", "  - key: a", "    command: run", "    env:", "      V: 1.50", ""];
    const issue = errorsOf(source.join("\n")).find((e) => e.path === "tracks[0].env.V");
    expect(issue).toMatchObject({ line: 6, column: 10 });
  });
});

describe("validatePlan: masked values", () => {
  const source = [
    "name: x",
    'notify: { webhook: "https://hooks.example.com/T0/secret" }',
    "tracks:",
    "  - key: a",
    "    command: run",
    "    env: { API_KEY: sk-secret, PORT: 3000 }",
    "",
  ].join("\n");

  it("refuses a plan whose env values are the dashboard's mask, naming each and what to do", () => {
    const errors = errorsOf(maskPlanEnv(source));
    for (const path of ["tracks[0].env.API_KEY", "tracks[0].env.PORT"]) {
      const issue = errors.find((e) => e.path === path);
      expect(issue, JSON.stringify(errors)).toBeDefined();
      expect(issue!.message).toContain("masked");
      expect(issue!.message).toContain("real value");
    }
  });

  it("says the same of a masked webhook, not that it is no URL", () => {
    const issues = errorsOf(maskPlanEnv(source)).filter((e) => e.path === "notify.webhook");
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain("masked");
  });

  it("only warns where the plan is planned, not run (what-if), so the Planner can plan a run's plan", () => {
    const result = validatePlan(maskPlanEnv(source), {
      fileName: "plan.yaml",
      baseDir: "/plans",
      effectiveTotalBytes: null,
      maskedValues: "warning",
    });
    if (!result.ok) throw new Error(formatPlanIssues(result.errors).join("\n"));
    expect(result.warnings.filter((w) => w.message.includes("mask")).map((w) => w.path)).toEqual([
      "notify.webhook",
      "tracks[0].env.API_KEY",
      "tracks[0].env.PORT",
    ]);
  });

  it("accepts the plan as written", () => {
    expect(check(source).ok).toBe(true);
    expect(check(withEnv(`{ NOTE: "${MASK.slice(1)}x" }`)).ok).toBe(true);
  });
});
