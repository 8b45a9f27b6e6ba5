import { describe, expect, it } from "vitest";
import { describePeakAndPath, misfitHeadline } from "./tier-card";

describe("misfitHeadline", () => {
  it("names what does not fit and what the time saved covers", () => {
    expect(misfitHeadline(["B"], ["A", "C"])).toBe("B does not fit: time saved is for A and C only");
    expect(misfitHeadline(["B", "D"], ["A"])).toBe("B and D do not fit: time saved is for A only");
  });

  it("says plainly when nothing fits", () => {
    expect(misfitHeadline(["A", "B"], [])).toBe("No track fits this machine: nothing can be planned");
  });
});

describe("describePeakAndPath", () => {
  it("says critical path, which is not the tracks of critical priority", () => {
    expect(describePeakAndPath(700e6, ["B", "C", "D"])).toBe(
      "Peak planned 700 MB · critical path (sets the makespan): B, C, D",
    );
  });

  it("leaves the path out when there is none", () => {
    expect(describePeakAndPath(700e6, [])).toBe("Peak planned 700 MB");
  });
});
