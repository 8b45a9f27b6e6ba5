import { describe, expect, it } from "vitest";
import { misfitHeadline } from "./tier-card";

describe("misfitHeadline", () => {
  it("names what does not fit and what the time saved covers", () => {
    expect(misfitHeadline(["B"], ["A", "C"])).toBe("B does not fit: time saved is for A and C only");
    expect(misfitHeadline(["B", "D"], ["A"])).toBe("B and D do not fit: time saved is for A only");
  });

  it("says plainly when nothing fits", () => {
    expect(misfitHeadline(["A", "B"], [])).toBe("No track fits this machine: nothing can be planned");
  });
});
