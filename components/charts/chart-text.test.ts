import { describe, expect, it } from "vitest";
import { zoneBands } from "../common/zone-style";
import { describeMemoryTimeline, describeTrackMemory, describeWindow, lineFigures } from "./chart-text";

const TEN_MINUTES = 10 * 60_000;
const bands = zoneBands({ yellow: 40, orange: 70, red: 90 });

describe("describeMemoryTimeline", () => {
  it("carries the figures now and at the peak, and the run's zone lines", () => {
    const text = describeMemoryTimeline(
      { machine: { now: 52.4, peak: 61.2 }, budget: { now: 40, peak: 55.5 } },
      TEN_MINUTES,
      bands,
    );
    expect(text).toBe(
      "Memory used over the last 10 minutes: machine 52 % now, peak 61 %; RAM budget 40 % now, peak 56 %. " +
        "Zone lines: Yellow from 40 %, Orange from 70 %, Red from 90 %.",
    );
  });

  it("says so when there is nothing to draw, rather than reading as no memory used", () => {
    expect(describeMemoryTimeline({ machine: null, budget: null }, TEN_MINUTES, bands)).toMatch(
      /^Memory used over the last 10 minutes: no samples yet\. Zone lines/,
    );
  });
});

describe("lineFigures", () => {
  it("takes the newest value and the peak, skipping gaps", () => {
    expect(lineFigures([null, 30, 61, 52, null])).toEqual({ now: 52, peak: 61 });
    expect(lineFigures([null, null])).toBeNull();
  });
});

describe("describeTrackMemory", () => {
  it("lists who holds the memory now, largest first, with the total against the budget and the peak", () => {
    const latest = [
      { label: "B Docs", bytes: 40e6 },
      { label: "A Parser", bytes: 120e6 },
      { label: "C", bytes: 0 },
    ];
    expect(describeTrackMemory(latest, 210e6, TEN_MINUTES, 300e6)).toBe(
      "Memory per track, stacked, over the last 10 minutes: now A Parser 120 MB, B Docs 40 MB, 160 MB in all " +
        "of a 300 MB budget; peak 210 MB in all.",
    );
  });

  it("names a few tracks and counts the rest", () => {
    const latest = Array.from({ length: 7 }, (_, i) => ({ label: `T${i}`, bytes: (10 - i) * 1e6 }));
    expect(describeTrackMemory(latest, 70e6, TEN_MINUTES, null)).toContain(
      "T4 6 MB, and 2 more, 49 MB in all;",
    );
  });

  it("says when nothing is held", () => {
    expect(describeTrackMemory(null, 0, TEN_MINUTES, null)).toBe(
      "Memory per track, stacked, over the last 10 minutes: no track has held memory in this window.",
    );
  });
});

describe("describeWindow", () => {
  it("reads as words", () => {
    expect([TEN_MINUTES, 60_000, 90_000].map(describeWindow)).toEqual([
      "10 minutes",
      "1 minute",
      "90 seconds",
    ]);
  });
});
