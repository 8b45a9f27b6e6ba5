import { describe, expect, it } from "vitest";
import { describeBlockerCount, describeReportFlag } from "./report-flags";

describe("describeReportFlag", () => {
  it("flags an at-risk or blocked report while the track can still act on it", () => {
    expect(describeReportFlag("running", "blocked")).toEqual({ text: "reported blocked", tone: "blocked" });
    expect(describeReportFlag("paused", "at-risk")).toEqual({ text: "reported at-risk", tone: "at-risk" });
    expect(describeReportFlag("ready", "blocked")?.tone).toBe("blocked");
  });

  it("puts a finished track's report in the past, in a neutral tone", () => {
    expect(describeReportFlag("completed", "blocked")).toEqual({
      text: "was reported blocked",
      tone: "past",
    });
    expect(describeReportFlag("failed", "at-risk")).toEqual({ text: "was reported at-risk", tone: "past" });
    expect(describeReportFlag("stopped", "blocked")?.tone).toBe("past");
  });

  it("says nothing of an on-track report or none", () => {
    expect(describeReportFlag("running", "on-track")).toBeNull();
    expect(describeReportFlag("completed", null)).toBeNull();
  });
});

describe("describeBlockerCount", () => {
  it("counts blockers, in the past once the track has finished", () => {
    expect(describeBlockerCount("running", 1)).toBe("1 blocker");
    expect(describeBlockerCount("paused", 3)).toBe("3 blockers");
    expect(describeBlockerCount("completed", 2)).toBe("had 2 blockers");
  });
});
