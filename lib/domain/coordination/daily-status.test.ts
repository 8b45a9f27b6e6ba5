import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ProgressReport } from "../types";
import {
  parseDailyStatus,
  parseDailyStatusYaml,
  toDailyStatusDocument,
  toDailyStatusYaml,
  toDailyStatusYamlStream,
} from "./daily-status";

const FULL: ProgressReport = {
  date: "2025-10-05",
  track: "A",
  agent: "Model Orchestrator Tool Agent",
  status: "at-risk",
  progressPercent: 45,
  completedToday: ["Router skeleton", "Model registry"],
  plannedTomorrow: ["Fallback to cloud models"],
  blockers: [{ blocker: "CodeLlama 34B: pull slow", severity: "medium", resolutionPlan: "mirror locally" }],
  resourceUsage: { ramGb: 11.976, model: "CodeLlama 34B", durationHours: 6.5 },
};

// The seed's "Daily Status Update Format", filled in.
const SEED_YAML = `date: 2025-10-05
track: A
agent: Model Orchestrator Tool Agent
status: at-risk
progress_percent: 45
completed_today:
  - Router skeleton
  - Model registry
planned_tomorrow:
  - Fallback to cloud models
blockers:
  - blocker: "CodeLlama 34B: pull slow"
    severity: medium
    resolution_plan: mirror locally
resource_usage:
  ram_gb: 11.98
  model: CodeLlama 34B
  duration_hours: 6.5
  tokens: null
  cost_usd: null
`;

describe("toDailyStatusYaml", () => {
  it("writes exactly the seed's fields in the seed's order", () => {
    expect(toDailyStatusYaml(FULL)).toBe(SEED_YAML);
  });

  it("keeps every field present when the report is sparse", () => {
    const doc = parse(toDailyStatusYaml({ track: "B" }));
    expect(Object.keys(doc)).toEqual([
      "date",
      "track",
      "agent",
      "status",
      "progress_percent",
      "completed_today",
      "planned_tomorrow",
      "blockers",
      "resource_usage",
    ]);
    expect(doc).toMatchObject({
      track: "B",
      status: null,
      completed_today: [],
      blockers: [],
      resource_usage: { ram_gb: null, model: null, duration_hours: null },
    });
  });

  it("round-trips through the parser (up to rounding)", () => {
    const parsed = parseDailyStatusYaml(toDailyStatusYaml(FULL));
    expect(parsed).toEqual({
      ok: true,
      report: { ...FULL, resourceUsage: { ...FULL.resourceUsage, ramGb: 11.98 } },
    });
  });

  it("separates tracks as YAML documents", () => {
    const stream = toDailyStatusYamlStream([{ track: "A" }, { track: "B" }]);
    expect(stream.split("---\n").map((d) => parse(d).track)).toEqual(["A", "B"]);
    expect(toDailyStatusDocument({ track: "A" }).track).toBe("A");
  });
});

describe("parseDailyStatus", () => {
  it("accepts the seed's snake_case fields", () => {
    expect(parseDailyStatus(parse(SEED_YAML))).toEqual({
      ok: true,
      report: { ...FULL, resourceUsage: { ...FULL.resourceUsage, ramGb: 11.98 } },
    });
  });

  it("accepts camelCase too", () => {
    expect(parseDailyStatus({ ...FULL })).toEqual({ ok: true, report: FULL });
  });

  it("takes lessons learned beside the seed's fields (for handoffs), never into the daily status document", () => {
    const parsed = parseDailyStatus({ track: "A", lessons: ["spec first"] });
    expect(parsed).toEqual({ ok: true, report: { track: "A", lessons: ["spec first"] } });
    expect(parseDailyStatus({ track: "A", lessons: "spec first" }).ok).toBe(false);
    if (parsed.ok) expect(toDailyStatusDocument(parsed.report)).not.toHaveProperty("lessons");
  });

  it("needs only the track; nulls from empty YAML fields mean absent or empty", () => {
    expect(parseDailyStatus({ track: "C" })).toEqual({ ok: true, report: { track: "C" } });
    expect(
      parseDailyStatus(parse("track: 7\nstatus:\ncompleted_today:\nblockers:\nresource_usage:\n")),
    ).toEqual({
      ok: true,
      report: { track: "7", completedToday: [], blockers: [] },
    });
    expect(parseDailyStatus({ track: "A", blockers: [{ blocker: "x", severity: "low" }] })).toEqual({
      ok: true,
      report: { track: "A", blockers: [{ blocker: "x", severity: "low", resolutionPlan: null }] },
    });
  });

  it.each([
    [{ track: "A", progress_percent: 101 }, "progress_percent", "must be from 0 to 100"],
    [{ track: "A", progressPercent: -1 }, "progressPercent", "must be from 0 to 100"],
    [{ track: "A", progress_percent: "50%" }, "progress_percent", "must be a number from 0 to 100"],
    [{ track: "A", status: "done" }, "status", "must be one of on-track, at-risk, blocked"],
    [
      { track: "A", blockers: [{ blocker: "x", severity: "urgent" }] },
      "blockers[0].severity",
      "must be one of critical, high, medium, low",
    ],
    [
      { track: "A", blockers: [{ severity: "low" }] },
      "blockers[0].blocker",
      "Invalid input: expected string, received undefined",
    ],
    [{ track: "A", date: "2025-02-30" }, "date", "must be a date YYYY-MM-DD"],
    [{ track: "A", date: "05/10/2025" }, "date", "must be a date YYYY-MM-DD"],
    [{ track: "" }, "track", "must not be empty"],
    [{ status: "on-track" }, "track", "is required: the track key"],
    [{ track: "A", completed_today: "one thing" }, "completed_today", "must be a list of strings"],
    [{ track: "A", resource_usage: { ram_gb: -2 } }, "resource_usage.ram_gb", "must not be negative"],
    [{ track: "A", progres_percent: 10 }, "progres_percent", "is not a daily status field"],
    [{ track: "A", resource_usage: { ram: 2 } }, "resource_usage.ram", "is not a daily status field"],
    [
      { track: "A", progress_percent: 10, progressPercent: 10 },
      "progressPercent",
      "give either progress_percent or progressPercent, not both",
    ],
    ["track: A", "(root)", "must be an object with the daily status fields"],
  ])("rejects %j at %s", (input, path, message) => {
    const result = parseDailyStatus(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual({ path, message });
  });

  it("reads the agents' tokens and dollars in resource_usage (cost_usd or costUsd), refusing bad figures", () => {
    const result = parseDailyStatus({ track: "A", resource_usage: { tokens: 52_000, cost_usd: 0.42 } });
    expect(result).toEqual({
      ok: true,
      report: { track: "A", resourceUsage: { tokens: 52_000, costUsd: 0.42 } },
    });
    expect(parseDailyStatus({ track: "A", resourceUsage: { costUsd: 1.5 } })).toMatchObject({
      ok: true,
      report: { resourceUsage: { costUsd: 1.5 } },
    });
    const bad = parseDailyStatus({ track: "A", resource_usage: { tokens: 1.5, cost_usd: -1 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.errors.map((e) => e.path).sort()).toEqual([
        "resource_usage.cost_usd",
        "resource_usage.tokens",
      ]);
    const both = parseDailyStatus({ track: "A", resource_usage: { cost_usd: 1, costUsd: 2 } });
    expect(both.ok || both.errors.map((e) => e.path)).toEqual(["resource_usage.costUsd"]);
  });

  it("lists every problem at once", () => {
    const result = parseDailyStatus({ track: "A", status: "nope", progress_percent: 500, extra: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => e.path).sort()).toEqual(["extra", "progress_percent", "status"]);
  });
});

describe("parseDailyStatusYaml", () => {
  it("points at the offending line and column", () => {
    const result = parseDailyStatusYaml("track: A\nblockers:\n  - blocker: disk\n    severity: urgent\n");
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: "blockers[0].severity",
          message: "must be one of critical, high, medium, low",
          line: 4,
          col: 15,
        },
      ],
    });
  });

  it("reports YAML syntax errors with their position", () => {
    const result = parseDailyStatusYaml("track: [A\nstatus: on-track\n");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]?.path).toBe("(yaml)");
      expect(result.errors[0]?.line).toBeGreaterThan(0);
    }
  });

  it("accepts JSON bodies, which are YAML", () => {
    expect(parseDailyStatusYaml('{"track":"A","progress_percent":10}')).toEqual({
      ok: true,
      report: { track: "A", progressPercent: 10 },
    });
  });
});
