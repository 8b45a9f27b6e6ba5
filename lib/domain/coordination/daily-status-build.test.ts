import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import type { ProgressReport } from "../types";
import { parseDailyStatusYaml, toDailyStatusDocument } from "./daily-status";
import {
  buildDailyStatus,
  type DayReport,
  formatDailyStatusYaml,
  type StatusTelemetry,
} from "./daily-status-build";

const SEED_FIELDS = [
  "date",
  "track",
  "agent",
  "status",
  "progress_percent",
  "completed_today",
  "planned_tomorrow",
  "blockers",
  "resource_usage",
];

const NO_TELEMETRY: StatusTelemetry = {
  agent: null,
  model: null,
  ramPeakBytes: null,
  runningMs: null,
  commits: null,
  files: null,
  tests: null,
  progressPercent: null,
  status: "on-track",
};

const MORNING: ProgressReport = {
  track: "A",
  agent: "orchestrator",
  status: "on-track",
  progressPercent: 30,
  completedToday: ["Router skeleton"],
  plannedTomorrow: ["Registry"],
  resourceUsage: { ramGb: 9, model: "codellama:34b", durationHours: 2 },
};
const EVENING: ProgressReport = {
  track: "A",
  status: "at-risk",
  progressPercent: 45,
  completedToday: ["Model registry", "Router skeleton"],
  plannedTomorrow: ["Fallback to cloud models"],
  blockers: [{ blocker: "CodeLlama pull slow", severity: "medium", resolutionPlan: "mirror locally" }],
};

const TELEMETRY: StatusTelemetry = {
  ...NO_TELEMETRY,
  agent: "A",
  model: "claude-sonnet-4.5",
  ramPeakBytes: 11_976_000_000,
  runningMs: 6.5 * 3_600_000,
  commits: { count: 3, subjects: ["Add registry", "Router: fallbacks", "Tests for the router"] },
  files: { changed: 12, added: 340, removed: 25 },
  tests: { command: "npm test", passed: true, summary: "41 passed" },
  tokens: 1_234_567,
  costUsd: 4.567_89,
};

describe("buildDailyStatus", () => {
  it("merges the day's reports with telemetry into the seed's fields, in the seed's order", () => {
    const doc = buildDailyStatus({
      date: "2025-10-05",
      track: "A",
      reports: [MORNING, EVENING],
      telemetry: TELEMETRY,
    });
    expect(Object.keys(doc)).toEqual(SEED_FIELDS);
    // The seed's three fields first, then the agents' tokens and dollars.
    expect(Object.keys(doc.resource_usage)).toEqual([
      "ram_gb",
      "model",
      "duration_hours",
      "tokens",
      "cost_usd",
    ]);
    expect(doc).toEqual({
      date: "2025-10-05",
      track: "A",
      agent: "orchestrator",
      status: "at-risk",
      progress_percent: 45,
      completed_today: [
        "Router skeleton",
        "Model registry",
        "git: 3 commits, 12 files changed (+340 −25): Add registry; Router: fallbacks; Tests for the router",
        "tests: passed (npm test: 41 passed)",
      ],
      planned_tomorrow: ["Fallback to cloud models"],
      blockers: [{ blocker: "CodeLlama pull slow", severity: "medium", resolution_plan: "mirror locally" }],
      // Measured beats claimed: the peak, the model in force after the governor's swap, the running time.
      resource_usage: {
        ram_gb: 11.98,
        model: "claude-sonnet-4.5",
        duration_hours: 6.5,
        tokens: 1_234_567,
        cost_usd: 4.5679,
      },
    });
  });

  it("round-trips: the YAML parses back to the same object and passes the seed's strict schema", () => {
    const doc = buildDailyStatus({
      date: "2025-10-05",
      track: "A",
      reports: [MORNING, EVENING],
      telemetry: TELEMETRY,
    });
    const yaml = formatDailyStatusYaml([doc]);
    expect(parse(yaml)).toEqual(doc);
    const parsed = parseDailyStatusYaml(yaml);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(toDailyStatusDocument(parsed.report)).toEqual(doc);
  });

  it("round-trips a day with nothing reported or measured (every field present, nulls and empty lists)", () => {
    const doc = buildDailyStatus({ date: "2025-10-06", track: "B", reports: [], telemetry: NO_TELEMETRY });
    expect(doc).toEqual({
      date: "2025-10-06",
      track: "B",
      agent: null,
      // Always one of the seed's three: Paratrack's own reading when the agent gives none.
      status: "on-track",
      progress_percent: null,
      completed_today: [],
      planned_tomorrow: [],
      blockers: [],
      resource_usage: { ram_gb: null, model: null, duration_hours: null, tokens: null, cost_usd: null },
    });
    const yaml = formatDailyStatusYaml([doc]);
    expect(parse(yaml)).toEqual(doc);
    const parsed = parseDailyStatusYaml(yaml);
    expect(parsed.ok && toDailyStatusDocument(parsed.report)).toEqual({ ...doc });
  });

  it("takes the agent's latest status over Paratrack's reading, and Paratrack's when the agent gave none", () => {
    const behind: StatusTelemetry = { ...TELEMETRY, status: "at-risk" };
    const silent = { ...MORNING, status: undefined };
    expect(
      buildDailyStatus({ date: "2025-10-05", track: "A", reports: [silent], telemetry: behind }).status,
    ).toBe("at-risk");
    expect(
      buildDailyStatus({ date: "2025-10-05", track: "A", reports: [MORNING], telemetry: behind }).status,
    ).toBe("on-track");
  });

  it("plans what the day's lines add and a whole report states: ::next adds, ::done takes off, a report replaces", () => {
    const line = (r: Omit<ProgressReport, "track">) => ({ track: "A", ...r, isLine: true });
    const planned = (reports: DayReport[]) =>
      buildDailyStatus({ date: "2025-10-05", track: "A", reports, telemetry: NO_TELEMETRY }).planned_tomorrow;
    expect(
      planned([
        line({ plannedTomorrow: ["Registry"] }),
        line({ plannedTomorrow: ["Router"] }),
        line({ plannedTomorrow: ["Registry"] }),
        line({ completedToday: ["Registry"] }),
        line({ plannedTomorrow: ["Fallbacks"] }),
      ]),
    ).toEqual(["Router", "Fallbacks"]);
    // A whole report states the plan; lines after it add to that.
    expect(
      planned([line({ plannedTomorrow: ["Router"] }), EVENING, line({ plannedTomorrow: ["Docs"] })]),
    ).toEqual(["Fallback to cloud models", "Docs"]);
    // A report that names no plan leaves it as it was.
    expect(planned([line({ plannedTomorrow: ["Router"] }), { track: "A", progressPercent: 50 }])).toEqual([
      "Router",
    ]);
  });

  it("marks the track blocked when an open blocker is critical, whatever the agent said", () => {
    const doc = buildDailyStatus({
      date: "2025-10-05",
      track: "A",
      reports: [MORNING],
      blockers: [{ blocker: "CI is down", severity: "critical", resolutionPlan: null }],
      telemetry: NO_TELEMETRY,
    });
    expect(doc.status).toBe("blocked");
    expect(doc.blockers).toEqual([{ blocker: "CI is down", severity: "critical", resolution_plan: null }]);
  });

  it("falls back to what Paratrack derived and to the agent's own figures when nothing was measured", () => {
    const doc = buildDailyStatus({
      date: "2025-10-05",
      track: "A",
      reports: [
        { track: "A", completedToday: ["x"] },
        { track: "A", resourceUsage: { ramGb: 3.333, model: "m" } },
      ],
      telemetry: { ...NO_TELEMETRY, agent: "a-1, a-2", progressPercent: 20, status: "on-track" },
    });
    expect(doc).toMatchObject({
      agent: "a-1, a-2",
      status: "on-track",
      progress_percent: 20,
      completed_today: ["x"],
      resource_usage: { ram_gb: 3.33, model: "m", duration_hours: null },
    });
  });

  it("says a failed test and a lone commit plainly, and caps the commit subjects", () => {
    const subjects = ["1", "2", "3", "4", "5", "6", "7"];
    const doc = buildDailyStatus({
      date: "2025-10-05",
      track: "A",
      reports: [],
      telemetry: {
        ...NO_TELEMETRY,
        commits: { count: 7, subjects },
        tests: { command: "make check", passed: false, summary: null },
      },
    });
    expect(doc.completed_today).toEqual(["git: 7 commits: 1; 2; 3; 4; 5 …", "tests: failed (make check)"]);
    const one = buildDailyStatus({
      date: "2025-10-05",
      track: "A",
      reports: [],
      telemetry: {
        ...NO_TELEMETRY,
        commits: { count: 1, subjects: [] },
        files: { changed: 1, added: 2, removed: 0 },
      },
    });
    expect(one.completed_today).toEqual(["git: 1 commit, 1 file changed (+2 −0)"]);
  });

  it("writes one day as a multi-document YAML file, one document per track", () => {
    const a = buildDailyStatus({
      date: "2025-10-05",
      track: "A",
      reports: [MORNING],
      telemetry: NO_TELEMETRY,
    });
    const b = buildDailyStatus({ date: "2025-10-05", track: "B", reports: [], telemetry: NO_TELEMETRY });
    const docs = parseAllDocuments(formatDailyStatusYaml([a, b]));
    expect(Array.isArray(docs) && docs.map((d) => d.toJS())).toEqual([a, b]);
  });
});
