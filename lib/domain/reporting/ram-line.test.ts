import { describe, expect, it } from "vitest";
import { describeRamLine } from "./ram-line";

describe("describeRamLine", () => {
  it("names the admission line and its share of the budget", () => {
    expect(describeRamLine(1.05e9, 1.4e9)).toEqual({
      name: "admission line",
      basis: "75 % of the 1.40 GB budget",
    });
  });

  it("names the budget when the line is the budget itself (a run that stored no schedule)", () => {
    expect(describeRamLine(2e9, 2e9)).toEqual({ name: "RAM budget", basis: "the run's RAM budget" });
  });

  it("names the machine's target use when the run had no budget", () => {
    expect(describeRamLine(18e9, null)).toEqual({
      name: "planned capacity",
      basis: "the machine's target use for its RAM tier",
    });
  });
});
