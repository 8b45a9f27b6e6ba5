import { describe, expect, it } from "vitest";
import { describePlanChange } from "./plan-change";

describe("a track's running time against its plan", () => {
  it("once ended: over or under the plan", () => {
    expect(describePlanChange(72_000, 60_000, true)).toEqual({ text: "+20 % vs plan", tone: "over" });
    expect(describePlanChange(45_000, 60_000, true)).toEqual({ text: "-25 % vs plan", tone: "under" });
  });

  it("while it runs, under the plan is not a gain yet: a track 4 s into a 1 m plan is not '-93 % vs plan'", () => {
    expect(describePlanChange(4_000, 60_000, false)).toEqual({ text: "7 % of plan so far", tone: "so-far" });
    expect(describePlanChange(90_000, 60_000, false)).toEqual({ text: "+50 % vs plan so far", tone: "over" });
  });

  it("says nothing without a planned window or a running time", () => {
    expect(describePlanChange(null, 60_000, true)).toBeNull();
    expect(describePlanChange(4_000, null, false)).toBeNull();
    expect(describePlanChange(4_000, 0, false)).toBeNull();
  });
});
