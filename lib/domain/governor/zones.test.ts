import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Zone } from "../types";
import {
  classifyZone,
  DEFAULT_ZONE_THRESHOLDS,
  isZoneAtLeast,
  tierFor,
  validateZoneThresholds,
  zoneLine,
  zoneRank,
} from "./zones";

const T = DEFAULT_ZONE_THRESHOLDS;
const GIB = 1024 ** 3;

describe("classifyZone without history", () => {
  it.each([
    [0, "green"],
    [59.99, "green"],
    [60, "yellow"],
    [74.99, "yellow"],
    [75, "orange"],
    [84.99, "orange"],
    [85, "red"],
    [100, "red"],
    [130, "red"],
  ] as const)("%s %% → %s (a line belongs to the higher zone)", (percent, zone) => {
    expect(classifyZone(percent, T)).toBe(zone);
    expect(classifyZone(percent, T, null)).toBe(zone);
  });

  it("keeps the previous zone when the reading is NaN", () => {
    expect(classifyZone(Number.NaN, T, "orange")).toBe("orange");
    expect(classifyZone(Number.NaN, T)).toBe("green");
  });
});

describe("classifyZone hysteresis", () => {
  it("moves up immediately, even by one hundredth past the line", () => {
    expect(classifyZone(60, T, "green")).toBe("yellow");
    expect(classifyZone(75, T, "yellow")).toBe("orange");
    expect(classifyZone(85, T, "orange")).toBe("red");
    expect(classifyZone(90, T, "green")).toBe("red");
  });

  it("stays in Yellow until the value falls below 60 − 2", () => {
    expect(classifyZone(59, T, "yellow")).toBe("yellow");
    expect(classifyZone(58, T, "yellow")).toBe("yellow");
    expect(classifyZone(57.9, T, "yellow")).toBe("green");
  });

  it("applies the margin at the Orange and Red lines", () => {
    expect(classifyZone(73.5, T, "orange")).toBe("orange");
    expect(classifyZone(72.9, T, "orange")).toBe("yellow");
    expect(classifyZone(83, T, "red")).toBe("red");
    expect(classifyZone(82.9, T, "red")).toBe("orange");
  });

  it("lands a drop across several zones where the value belongs, margin applied at each line", () => {
    expect(classifyZone(10, T, "red")).toBe("green");
    expect(classifyZone(59, T, "red")).toBe("yellow"); // below 83 and 73, not below 58
    expect(classifyZone(74, T, "red")).toBe("orange"); // below 83, not below 73
    expect(classifyZone(72, T, "red")).toBe("yellow");
  });

  it("with zero hysteresis behaves like the plain lines", () => {
    const t0 = { ...T, hysteresis: 0 };
    expect(classifyZone(59.99, t0, "yellow")).toBe("green");
    expect(classifyZone(60, t0, "yellow")).toBe("yellow");
  });

  it("never lands further than one margin from the plain zone (property)", () => {
    const zones: Zone[] = ["green", "yellow", "orange", "red"];
    fc.assert(
      fc.property(fc.double({ min: 0, max: 110, noNaN: true }), fc.constantFrom(...zones), (p, previous) => {
        const zone = classifyZone(p, T, previous);
        const plain = classifyZone(p, T);
        // Never below the plain zone; above it only when the previous zone was higher and within the margin.
        expect(zoneRank(zone)).toBeGreaterThanOrEqual(zoneRank(plain));
        if (zone !== plain) {
          expect(zoneRank(zone)).toBeLessThanOrEqual(zoneRank(previous));
          expect(p).toBeGreaterThanOrEqual(zoneLine(zone, T) - T.hysteresis);
        }
      }),
    );
  });
});

describe("validateZoneThresholds", () => {
  it("accepts the defaults", () => {
    expect(validateZoneThresholds(T)).toBeNull();
  });

  it.each([
    [{ yellow: 70, orange: 65, red: 85, hysteresis: 2 }, /increase/],
    [{ yellow: 60, orange: 75, red: 75, hysteresis: 2 }, /increase/],
    [{ yellow: 0, orange: 75, red: 85, hysteresis: 2 }, /0–100/],
    [{ yellow: 60, orange: 75, red: 101, hysteresis: 2 }, /0–100/],
    [{ yellow: 60, orange: 75, red: 85, hysteresis: -1 }, /≥ 0/],
    [{ yellow: 60, orange: 75, red: 80, hysteresis: 5 }, /narrowest zone \(5 points\)/],
    [{ yellow: 60, orange: Number.NaN, red: 85, hysteresis: 2 }, /orange must be a number/],
  ])("rejects %o", (t, message) => {
    expect(validateZoneThresholds(t)).toMatch(message);
  });
});

describe("zone helpers", () => {
  it("orders zones and gives their lines", () => {
    expect(isZoneAtLeast("red", "orange")).toBe(true);
    expect(isZoneAtLeast("yellow", "orange")).toBe(false);
    expect(zoneLine("green", T)).toBe(0);
    expect(zoneLine("orange", T)).toBe(75);
  });
});

describe("tierFor", () => {
  it.each([
    [8 * GIB, "<16GB", 1],
    [13 * GIB, "<16GB", 1],
    [15.5 * GIB, "16GB", 2], // a 16 GB machine's MemTotal
    [14 * GIB, "16GB", 2], // 16 GB with an integrated GPU's carve-out
    [23.5 * GIB, "16GB", 2], // 24 GB is not yet 32 GB
    [31.2 * GIB, "32GB", 3],
    [48 * GIB, "32GB", 3],
    [62.7 * GIB, "64GB+", 4],
    [256 * GIB, "64GB+", 4],
  ] as const)("%d bytes → %s, at most %d tracks", (bytes, label, max) => {
    const tier = tierFor(bytes);
    expect(tier.label).toBe(label);
    expect(tier.maxConcurrent).toBe(max);
  });

  it("gives the seed's target bands", () => {
    expect(tierFor(32 * GIB).targetUtilization).toEqual({ min: 60, max: 75 });
    expect(tierFor(64 * GIB).targetUtilization).toEqual({ min: 70, max: 85 });
    expect(tierFor(16 * GIB).targetUtilization).toEqual({ min: 60, max: 75 });
    expect(tierFor(4 * GIB).targetUtilization).toEqual({ min: 60, max: 75 });
  });
});
