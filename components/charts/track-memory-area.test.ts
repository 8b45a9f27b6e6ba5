import { describe, expect, it } from "vitest";
import type { TrackMemoryPoint } from "@/lib/domain/views";
import { byteTicks, formatTick, stackTrackMemory } from "./track-memory-area";

describe("stackTrackMemory", () => {
  it("keeps points in the window and gives every track a value", () => {
    const points: TrackMemoryPoint[] = [
      { at: "2025-01-01T00:00:00.000Z", tracks: { A: 5 } },
      { at: "2025-01-01T00:00:10.000Z", tracks: { A: 7, B: 3 } },
    ];
    const start = Date.parse("2025-01-01T00:00:05.000Z");
    expect(stackTrackMemory(points, ["A", "B", "C"], start)).toEqual([
      { t: Date.parse("2025-01-01T00:00:10.000Z"), A: 7, B: 3, C: 0 },
    ]);
  });
});

describe("stackTrackMemory in buckets", () => {
  it("keeps the fullest row of each bucket", () => {
    const points: TrackMemoryPoint[] = [
      { at: "2025-01-01T00:00:00.000Z", tracks: { A: 5 } },
      { at: "2025-01-01T00:00:01.000Z", tracks: { A: 9, B: 1 } },
      { at: "2025-01-01T00:00:02.000Z", tracks: { A: 4 } },
    ];
    const rows = stackTrackMemory(points, ["A", "B"], 0, 2000);
    expect(rows).toEqual([
      { t: Date.parse("2025-01-01T00:00:01.000Z"), A: 9, B: 1 },
      { t: Date.parse("2025-01-01T00:00:02.000Z"), A: 4, B: 0 },
    ]);
  });
});

describe("byteTicks", () => {
  it("uses round steps and reaches the top", () => {
    expect(byteTicks(2.45e9)).toEqual([0, 5e8, 1e9, 1.5e9, 2e9, 2.5e9]);
    expect(byteTicks(0)).toEqual([0, 1e6]);
  });
});

describe("formatTick", () => {
  it("keeps labels short enough for the narrow axis", () => {
    expect([2.5e9, 1.25e9, 5e8, 0].map(formatTick)).toEqual(["2.5 GB", "1.25 GB", "500 MB", "0"]);
  });
});
