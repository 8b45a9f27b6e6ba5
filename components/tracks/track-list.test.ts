import { describe, expect, it } from "vitest";
import type { TrackView } from "@/lib/domain/views";
import { sparklinePoints } from "./sparkline";
import { recentMemory, summarizeStatuses } from "./track-list";

const point = (s: number, tracks: Record<string, number>) => ({
  at: new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString(),
  tracks,
});

describe("recentMemory", () => {
  it("starts where the track first appears and fills later gaps with 0", () => {
    const points = [point(0, { A: 1 }), point(1, { A: 2, B: 5 }), point(2, { A: 3 }), point(3, { B: 7 })];
    expect(recentMemory(points, "B", 10)).toEqual([5, 0, 7]);
    expect(recentMemory(points, "A", 2)).toEqual([3, 0]);
    expect(recentMemory(points, "C", 10)).toEqual([]);
  });
});

describe("summarizeStatuses", () => {
  it("counts statuses in a fixed order", () => {
    const tracks = ["pending", "running", "running", "paused"].map(
      (status) => ({ status }) as unknown as TrackView,
    );
    expect(summarizeStatuses(tracks)).toBe("2 running · 1 paused · 1 pending");
  });
});

describe("sparklinePoints", () => {
  it("scales the largest value to the top and zero to the bottom", () => {
    expect(sparklinePoints([0, 10], 100, 22)).toBe("0.0,21.0 100.0,1.0");
    expect(sparklinePoints([], 100, 22)).toBe("");
  });
});
