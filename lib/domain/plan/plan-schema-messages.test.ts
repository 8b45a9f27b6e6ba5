// A number of the right type but out of range is told what range it must be in, not that it is of the wrong type
// ("expected a whole number, got 0" reads as if 0 were not a whole number).
import { describe, expect, it } from "vitest";
import { errorsOf, messageAt } from "./plan-fixtures";
import { validatePlan } from "./plan-validate";

describe("plan schema: numbers out of range", () => {
  it.each([
    ["maxConcurrent: 0", "maxConcurrent", /^must be at least 1/],
    ["ram: { graceSeconds: -1 }", "ram.graceSeconds", /^must not be negative/],
    ["ram: { settleSeconds: -1 }", "ram.settleSeconds", /^must not be negative/],
    ["ram: { backfillSeconds: -5 }", "ram.backfillSeconds", /^must not be negative/],
    ["resources: { gpuGB: 0 }", "resources.gpuGB", /^must be more than 0/],
  ])("%s is out of range, not of the wrong type", (line, path, expected) => {
    const message = messageAt(errorsOf(["name: x", line, "tracks:", "  - key: a", "    command: run"]), path);
    expect(message).toMatch(expected);
    expect(message).not.toMatch(/^expected /);
  });

  it.each([
    ["    subAgents: -1", "tracks[0].subAgents"],
    ["    resources: { gpuGB: -1 }", "tracks[0].resources.gpuGB"],
  ])("%s is out of range, not of the wrong type", (line, path) => {
    const message = messageAt(
      errorsOf(["name: x", "resources: { gpuGB: 2 }", "tracks:", "  - key: a", "    command: run", line]),
      path,
    );
    expect(message).toMatch(/^must not be negative/);
  });

  it("says the same of an agent's subAgents", () => {
    const errors = errorsOf([
      "name: x",
      "tracks:",
      "  - key: a",
      "    agents:",
      "      - command: run",
      "        subAgents: -2",
    ]);
    expect(messageAt(errors, "tracks[0].agents[0].subAgents")).toMatch(/^must not be negative/);
  });

  it("still says the type when the type is wrong", () => {
    const errors = errorsOf(["name: x", "maxConcurrent: many", "tracks:", "  - key: a", "    command: run"]);
    expect(messageAt(errors, "maxConcurrent")).toBe('expected a whole number, got "many"');
  });
});

describe("plan schema: keys and names outside ASCII", () => {
  it("says a track key takes ASCII letters only: Ä is a letter to the lead", () => {
    const errors = errorsOf(["name: x", "tracks:", "  - key: Ä", "    command: run"]);
    expect(messageAt(errors, "tracks[0].key")).toBe(
      "track keys use ASCII letters (A–Z, a–z), digits, - and _ only",
    );
  });

  it("says the same of agent names", () => {
    const errors = errorsOf([
      "name: x",
      "tracks:",
      "  - key: a",
      "    agents:",
      "      - { name: café, command: run }",
    ]);
    expect(messageAt(errors, "tracks[0].agents[0].name")).toBe(
      "agent names use ASCII letters (A–Z, a–z), digits, - and _ only",
    );
  });
});

describe("plan schema: a track key starting with -", () => {
  it("is refused: the CLI reads it as an option, and its branch would lose the dash (-a and a would share one)", () => {
    const errors = errorsOf([
      "name: x",
      "tracks:",
      "  - key: -a",
      "    command: run",
      "  - key: a",
      "    command: run",
    ]);
    expect(messageAt(errors, "tracks[0].key")).toBe(
      'track keys start with a letter, a digit or _: the CLI would read a leading "-" as an option ("paratrack track pause -a")',
    );
  });

  it("may hold - after its first character", () => {
    const result = validatePlan(["name: x", "tracks:", "  - key: a-b_c", "    command: run"].join("\n"), {
      fileName: "plan.yaml",
      baseDir: "/plans",
      effectiveTotalBytes: null,
    });
    expect(result.ok).toBe(true);
  });
});

describe("plan schema: environment variable names", () => {
  it("states the rule for requiresEnv entries and env names", () => {
    const errors = errorsOf([
      "name: x",
      "tracks:",
      "  - key: a",
      "    command: run",
      "    requiresEnv: [OK_1, 1ST_KEY]",
      "    env: { MY-VAR: x }",
    ]);
    const rule =
      "expected an environment variable name (ASCII letters, digits and _, not starting with a digit)";
    expect(messageAt(errors, "tracks[0].requiresEnv[1]")).toBe(`${rule}, got "1ST_KEY"`);
    expect(messageAt(errors, "tracks[0].env.MY-VAR")).toBe(rule);
  });
});
