import { describe, expect, it } from "vitest";
import { bandsFor, DEFAULT_BANDS, describeZoneLines, zoneBands, zoneStarts } from "./zone-style";

describe("bandsFor", () => {
  it("draws the plan's own lines, not the seed's", () => {
    expect(bandsFor({ yellow: 40, orange: 70, red: 90 })).toEqual([
      { zone: "green", from: 0, to: 40 },
      { zone: "yellow", from: 40, to: 70 },
      { zone: "orange", from: 70, to: 90 },
      { zone: "red", from: 90, to: 100 },
    ]);
  });

  it("falls back to the seed's 60/75/85 without lines or with lines no plan could have", () => {
    expect(bandsFor(undefined)).toBe(DEFAULT_BANDS);
    expect(bandsFor(null)).toBe(DEFAULT_BANDS);
    expect(bandsFor({ yellow: 70, orange: 40, red: 90 })).toBe(DEFAULT_BANDS);
    expect(bandsFor({ yellow: 40, orange: 70, red: 120 })).toBe(DEFAULT_BANDS);
    expect(bandsFor({ yellow: Number.NaN, orange: 70, red: 90 })).toBe(DEFAULT_BANDS);
    expect(zoneStarts(DEFAULT_BANDS)).toEqual([60, 75, 85]);
  });

  it("accepts the edges a plan may use (Yellow at 0, Red at 100)", () => {
    expect(zoneStarts(bandsFor({ yellow: 0, orange: 50, red: 100 }))).toEqual([0, 50, 100]);
  });
});

describe("describeZoneLines", () => {
  it("names where each zone after Green starts", () => {
    expect(describeZoneLines(zoneBands({ yellow: 40, orange: 70, red: 90 }))).toBe(
      "Yellow from 40 %, Orange from 70 %, Red from 90 %",
    );
  });
});
