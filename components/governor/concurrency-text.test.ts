import { describe, expect, it } from "vitest";
import { describeConcurrency } from "./concurrency-text";

const tier = { tierLimit: 2, tierLabel: "16GB" };

describe("describeConcurrency", () => {
  it("says memory decides, and what the tier's number is for", () => {
    expect(describeConcurrency({ limit: null, decidedBy: "memory", ...tier }, true)).toBe(
      "Memory decides how many tracks run at once: every track's size is known (the 16GB RAM tier's 2 is the default only while a track has no RAM estimate).",
    );
  });

  it("names the plan's limit", () => {
    expect(describeConcurrency({ limit: 1, decidedBy: "plan", ...tier }, true)).toBe(
      "Up to 1 track at once: the plan's maxConcurrent.",
    );
  });

  it("names the tier's default and why it applies, or manual mode", () => {
    expect(describeConcurrency({ limit: 2, decidedBy: "tier", ...tier }, true)).toBe(
      "Up to 2 tracks at once: the 16GB RAM tier's default, while a track's size is not known yet.",
    );
    expect(describeConcurrency({ limit: 2, decidedBy: "tier", ...tier }, false)).toBe(
      "Up to 2 tracks at once: the 16GB RAM tier's number (manual mode).",
    );
  });
});
