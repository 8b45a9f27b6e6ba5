import { describe, expect, it } from "vitest";
import { blendOver, colorDifference, contrastRatio, deltaE2000, hexToLab } from "./color-math";

describe("contrastRatio", () => {
  it("gives WCAG's figures", () => {
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    // #767676 is the lightest grey that passes 4.5:1 on white; #777777 just fails.
    expect(contrastRatio("#767676", "#ffffff")).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio("#777777", "#ffffff")).toBeLessThan(4.5);
    // The tester's figure for white on the old lime badge.
    expect(contrastRatio("#ffffff", "#65a30d")).toBeCloseTo(3.08, 1);
  });
});

describe("blendOver", () => {
  it("mixes a colour into its background by its opacity", () => {
    expect(blendOver("#000000", "#ffffff", 0.5)).toBe("#808080");
    expect(blendOver("#2563eb", "#ffffff", 1)).toBe("#2563eb");
    expect(blendOver("#2563eb", "#0f172a", 0)).toBe("#0f172a");
  });
});

describe("deltaE2000", () => {
  // Pairs from Sharma, Wu and Dalal's CIEDE2000 test data.
  it.each([
    [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
    [[50, 0, 0], [50, -1, 2], 2.3669],
    [[50, 2.5, 0], [73, 25, -18], 27.1492],
    [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
    [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
  ] as const)("%j vs %j is %d", (a, b, expected) => {
    expect(deltaE2000(a, b)).toBeCloseTo(expected, 3);
  });

  it("reads sRGB through L*a*b*", () => {
    const [l, a, b] = hexToLab("#ffffff");
    expect(l).toBeCloseTo(100, 1);
    expect(Math.abs(a) + Math.abs(b)).toBeLessThan(0.5);
    expect(colorDifference("#2563eb", "#2563eb")).toBe(0);
    expect(colorDifference("#000000", "#ffffff")).toBeCloseTo(100, 0);
  });
});
