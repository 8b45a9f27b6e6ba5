import { describe, expect, it } from "vitest";
import { ramBandScale } from "./gantt-ram";

const MB = 1e6;
const GB = 1e9;

describe("ramBandScale", () => {
  it("fits the band to what is drawn when the capacity line is far above it, and says the line is off scale", () => {
    // The user test: 19 GB of planned capacity over tracks using a few MB drew an empty-looking band.
    const scale = ramBandScale({ plannedPeakBytes: 4 * MB, actualPeakBytes: 6 * MB, capacityBytes: 19 * GB });
    expect(scale.maxBytes).toBeGreaterThan(6 * MB);
    expect(scale.maxBytes).toBeLessThan(8 * MB);
    expect(scale.capacity).toEqual({ bytes: 19 * GB, isOnScale: false });
  });

  it("draws the capacity line, and fits it, when it is within a few times the peak", () => {
    const scale = ramBandScale({ plannedPeakBytes: 3 * GB, actualPeakBytes: 1 * GB, capacityBytes: 8 * GB });
    expect(scale.capacity).toEqual({ bytes: 8 * GB, isOnScale: true });
    expect(scale.maxBytes).toBeGreaterThan(8 * GB);
    expect(scale.maxBytes).toBeLessThan(9 * GB);
  });

  it("keeps peaks above the capacity line in the band", () => {
    const scale = ramBandScale({
      plannedPeakBytes: 1 * GB,
      actualPeakBytes: 2 * GB,
      capacityBytes: 1.5 * GB,
    });
    expect(scale.capacity?.isOnScale).toBe(true);
    expect(scale.maxBytes).toBeGreaterThan(2 * GB);
  });

  it("scales to the capacity line while nothing is drawn yet, and to 1 byte with nothing at all", () => {
    const empty = ramBandScale({ plannedPeakBytes: 0, actualPeakBytes: 0, capacityBytes: 19 * GB });
    expect(empty.capacity).toEqual({ bytes: 19 * GB, isOnScale: true });
    expect(empty.maxBytes).toBeGreaterThan(19 * GB);
    expect(ramBandScale({ plannedPeakBytes: 0, actualPeakBytes: 0, capacityBytes: null })).toEqual({
      maxBytes: 1,
      capacity: null,
    });
  });
});
