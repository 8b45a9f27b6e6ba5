import { describe, expect, it } from "vitest";
import { describeReportSource, reportClosedReason, statusAuthor } from "./report-rules";

describe("reportClosedReason", () => {
  it("closes reports once a track has finished, with the reason", () => {
    expect(reportClosedReason({ plan: { key: "A" }, status: "running" })).toBeNull();
    expect(reportClosedReason({ plan: { key: "A" }, status: "paused" })).toBeNull();
    for (const status of ["completed", "failed", "stopped"] as const)
      expect(reportClosedReason({ plan: { key: "A" }, status })).toContain(`track A is ${status}`);
  });
});

describe("statusAuthor", () => {
  it("names the newest report that states a status, whoever sent it; progress-only reports change nothing", () => {
    const reports = [
      { at: "2026-12-05T10:03:00.000Z", source: "stdout", report: { track: "A", progressPercent: 55 } },
      { at: "2026-12-05T10:02:00.000Z", source: "api", report: { track: "A", status: "blocked" as const } },
      {
        at: "2026-12-05T10:01:00.000Z",
        source: "stdout",
        report: { track: "A", status: "on-track" as const },
      },
    ];
    expect(statusAuthor(reports)).toEqual({
      status: "blocked",
      source: "api",
      at: "2026-12-05T10:02:00.000Z",
    });
    expect(describeReportSource("api")).toBe("the lead (API)");
    const later = [
      {
        at: "2026-12-05T10:04:00.000Z",
        source: "stdout",
        report: { track: "A", status: "on-track" as const },
      },
      ...reports,
    ];
    expect(statusAuthor(later)?.source).toBe("stdout");
    expect(statusAuthor([])).toBeNull();
  });
});
