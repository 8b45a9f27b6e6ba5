import { describe, expect, it } from "vitest";
import type { Plan } from "../types";
import { formatPlanIssues, validatePlan } from "./plan-validate";
import {
  checkCriticalFits,
  checkLocalModels,
  checkRequiredEnv,
  checkUnknownAgents,
  describePreflightResult,
  formatPreflight,
  formatPreflightSummary,
  type PreflightResult,
  summarisePreflight,
} from "./preflight";

const GB = 1e9;

function planOf(lines: string[]): Plan {
  const result = validatePlan(lines.join("\n"), {
    fileName: "p.yaml",
    baseDir: "/plans",
    effectiveTotalBytes: null,
  });
  if (!result.ok) throw new Error(formatPlanIssues(result.errors).join("\n"));
  return result.plan;
}

const plan = planOf([
  "name: pre",
  "tracks:",
  "  - { key: A, priority: critical, ram: 6GB, command: a, requiresEnv: [ANTHROPIC_API_KEY, GH_TOKEN] }",
  "  - { key: B, priority: critical, ram: 5GB, command: b, model: codellama:34b }",
  "  - { key: C, priority: critical, command: c, dependsOn: [A], model: { local: llama3, cloud: gpt-5 } }",
  "  - { key: D, command: d, env: { GH_TOKEN: from-plan }, requiresEnv: [GH_TOKEN] }",
]);

describe("checkRequiredEnv", () => {
  it("passes variables set in the environment or the track's env, never showing a value", () => {
    const results = checkRequiredEnv(plan, { ANTHROPIC_API_KEY: "sk-secret-value", GH_TOKEN: "" });
    expect(results).toEqual([
      { check: "env", track: "A", ok: true, severity: "info", message: "ANTHROPIC_API_KEY is set" },
      {
        check: "env",
        track: "A",
        ok: false,
        severity: "error",
        message: "GH_TOKEN is not set (the track needs it)",
      },
      { check: "env", track: "D", ok: true, severity: "info", message: "GH_TOKEN is set" },
    ]);
    expect(JSON.stringify(results)).not.toContain("sk-secret-value");
    expect(JSON.stringify(results)).not.toContain("from-plan");
  });
});

describe("checkLocalModels", () => {
  it("fails for local models the server lacks and passes the others", () => {
    expect(checkLocalModels(plan, ["codellama:34b", "mistral:7b"], "http://127.0.0.1:11434")).toEqual([
      {
        check: "model",
        track: "C",
        ok: false,
        severity: "error",
        message: "local model llama3:latest is not installed (ollama pull llama3:latest)",
      },
      {
        check: "model",
        track: "B",
        ok: true,
        severity: "info",
        message: "local model codellama:34b is installed",
      },
    ]);
  });

  it("leaves a note, not a failure, when the server cannot be asked", () => {
    expect(checkLocalModels(plan, null, "the model server is not reachable")).toEqual([
      {
        check: "model",
        track: null,
        ok: false,
        severity: "info",
        message: "local models not checked: the model server is not reachable",
      },
    ]);
  });
});

describe("checkCriticalFits", () => {
  it("fails a critical track larger than the memory available, and warns when the first ones do not fit together", () => {
    const results = checkCriticalFits(plan, { availableBytes: 5.5 * GB, source: "MemAvailable" });
    expect(results.map((result) => [result.track, result.ok, result.severity, result.message])).toEqual([
      ["A", false, "error", "critical track needs 6.00 GB, 5.50 GB available (MemAvailable)"],
      ["B", true, "info", "needs 5.00 GB, 5.50 GB available (MemAvailable)"],
      ["C", false, "warning", "critical track has no RAM estimate: not checked"],
      [
        "A, B",
        false,
        "warning",
        "the critical tracks that start first need 11.0 GB together, 5.50 GB available (MemAvailable): some will wait",
      ],
    ]);
    expect(
      checkCriticalFits(plan, { availableBytes: 20 * GB, source: "MemAvailable" }).filter((r) => !r.ok),
    ).toHaveLength(1);
    expect(checkCriticalFits(plan, null)).toEqual([
      {
        check: "memory",
        track: null,
        ok: false,
        severity: "info",
        message: "memory not checked: no reading of this machine",
      },
    ]);
  });
});

describe("checkUnknownAgents", () => {
  it("is silent without unknown agents, and names five of many with the count of the rest", () => {
    expect(checkUnknownAgents([])).toEqual([]);
    const unknown = Array.from({ length: 7 }, (_, i) => ({
      shimPid: 100 + i,
      logPath: `/d/logs/r/t${i}.log`,
    }));
    const [result, ...rest] = checkUnknownAgents(unknown);
    expect(rest).toEqual([]);
    expect(result).toMatchObject({ check: "agents", track: null, ok: false, severity: "warning" });
    expect(result!.message).toMatch(
      /^7 agent\(s\) run from this data directory without a record in the database/,
    );
    expect(result!.message).toContain(
      "paratrack-shim pid 104 (log /d/logs/r/t4.log) and 2 more. Restore the database",
    );
    expect(result!.message).not.toContain("pid 105");
  });
});

describe("summary and formatting", () => {
  it("blocks only on errors and lists failures first", () => {
    const results = [
      ...checkRequiredEnv(plan, {}),
      ...checkCriticalFits(plan, { availableBytes: 20 * GB, source: "MemAvailable" }),
    ];
    const summary = summarisePreflight(results);
    expect(summary).toEqual({ ok: false, errors: 2, warnings: 1, notes: 0, passed: 3 });
    expect(formatPreflightSummary(summary)).toBe("2 failed, 1 warning, 0 notes, 3 passed");
    expect(formatPreflight(results)).toEqual([
      "FAIL env     A  ANTHROPIC_API_KEY is not set (the track needs it)",
      "FAIL env     A  GH_TOKEN is not set (the track needs it)",
      "warn memory  C  critical track has no RAM estimate: not checked",
      "ok   env     D  GH_TOKEN is set",
      "ok   memory  A  needs 6.00 GB, 20.0 GB available (MemAvailable)",
      "ok   memory  B  needs 5.00 GB, 20.0 GB available (MemAvailable)",
    ]);
    expect(summarisePreflight([]).ok).toBe(true);
  });

  it("names the track once when an agent is named like its track", () => {
    const results: PreflightResult[] = [
      { check: "program", track: "A", ok: false, severity: "error", message: "A: nope-xyz is not on PATH" },
      { check: "program", track: "A", ok: false, severity: "error", message: "test: make is not on PATH" },
    ];
    expect(formatPreflight(results)).toEqual([
      "FAIL program A  nope-xyz is not on PATH",
      "FAIL program A  test: make is not on PATH",
    ]);
  });
});

describe("describePreflightResult", () => {
  const line = (result: { track: string | null; message: string }) => {
    const { track, message } = describePreflightResult(result);
    return track ? `${track}: ${message}` : message;
  };

  it("names the track once when the message starts with it (a track's only agent is named after it)", () => {
    expect(line({ track: "A", message: "A: nonexistent-prog-xyz is not on PATH" })).toBe(
      "A: nonexistent-prog-xyz is not on PATH",
    );
  });

  it("keeps another agent's name, and a message about the whole plan", () => {
    expect(line({ track: "A", message: "test: not-executable is not on PATH" })).toBe(
      "A: test: not-executable is not on PATH",
    );
    expect(line({ track: "AB", message: "A: x" })).toBe("AB: A: x");
    expect(line({ track: null, message: "git: not a repository" })).toBe("git: not a repository");
  });
});
