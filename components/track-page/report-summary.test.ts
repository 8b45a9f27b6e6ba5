import { describe, expect, it } from "vitest";
import type { ProgressReport } from "@/lib/domain/types";
import { combineReports, summarizeReport } from "./report-summary";

const entry = (at: string, report: Omit<ProgressReport, "track">) => ({
  at,
  report: { track: "A", ...report },
});

describe("summarizeReport", () => {
  it("says what each field of the report carries", () => {
    expect(
      summarizeReport({
        track: "A",
        progressPercent: 39.6,
        status: "at-risk",
        completedToday: ["wrote the API"],
        plannedTomorrow: ["tests"],
        blockers: [{ blocker: "no key", severity: "high", resolutionPlan: null }],
      }),
    ).toBe("40% · at-risk · done: wrote the API · next: tests · blocker (high): no key");
  });

  it("names an empty report", () => {
    expect(summarizeReport({ track: "A" })).toBe("no fields");
  });
});

describe("combineReports", () => {
  it("keeps the newest single values and every list item in reported order", () => {
    const newestFirst = [
      entry("2025-01-15T12:00:00.000Z", { progressPercent: 60, completedToday: ["b"] }),
      entry("2025-01-15T11:00:00.000Z", {
        status: "at-risk",
        plannedTomorrow: ["next"],
        completedToday: ["a"],
      }),
      entry("2025-01-15T10:00:00.000Z", {
        progressPercent: 20,
        status: "on-track",
        agent: "orchestrator",
        completedToday: ["a"],
        resourceUsage: { ramGb: 0.4, model: "m" },
      }),
    ];
    expect(combineReports("A", newestFirst)).toEqual({
      track: "A",
      date: "2025-01-15",
      agent: "orchestrator",
      status: "at-risk",
      progressPercent: 60,
      completedToday: ["a", "b"],
      plannedTomorrow: ["next"],
      resourceUsage: { ramGb: 0.4, model: "m" },
    });
  });

  it("prefers a reported date and lists each blocker once", () => {
    const blocker = { blocker: "no key", severity: "high" as const, resolutionPlan: null };
    const combined = combineReports("A", [
      entry("2025-01-16T00:10:00.000Z", { blockers: [blocker] }),
      entry("2025-01-15T23:00:00.000Z", { date: "2025-01-15", blockers: [blocker] }),
    ]);
    expect(combined.date).toBe("2025-01-15");
    expect(combined.blockers).toEqual([blocker]);
  });

  it("drops a planned item once it is reported done", () => {
    const combined = combineReports("A", [
      entry("2025-01-15T12:00:00.000Z", { completedToday: ["docs"] }),
      entry("2025-01-15T11:00:00.000Z", { plannedTomorrow: ["docs", "tests"] }),
    ]);
    expect(combined.plannedTomorrow).toEqual(["tests"]);
    expect(combined.completedToday).toEqual(["docs"]);
  });

  it("is just the track for no reports", () => {
    expect(combineReports("A", [])).toEqual({ track: "A" });
  });
});
