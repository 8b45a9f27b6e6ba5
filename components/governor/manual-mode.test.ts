import { describe, expect, it } from "vitest";
import { makeTrackView } from "@/lib/domain/view-fixtures";
import { joinWords } from "../common/words";
import { describeManualMode, manualModeStarts } from "./manual-mode";

const GB = 1e9;

describe("manualModeStarts", () => {
  it("starts ready tracks in plan order while slots are free, as the engine's manual admission does", () => {
    const tracks = [
      makeTrackView("A", { position: 0, status: "running" }),
      makeTrackView("C", { position: 2, status: "ready" }),
      makeTrackView("B", { position: 1, status: "ready" }),
      makeTrackView("D", { position: 3, status: "pending" }),
    ];
    expect(manualModeStarts(tracks, 2).map((t) => t.key)).toEqual(["B"]);
    expect(manualModeStarts(tracks, 3).map((t) => t.key)).toEqual(["B", "C"]);
    expect(manualModeStarts(tracks, 1)).toEqual([]);
  });
});

describe("describeManualMode", () => {
  it("says which track starts now, with its estimate", () => {
    const tracks = [
      makeTrackView("A", { position: 0, status: "running" }),
      makeTrackView("C", { position: 1, status: "running" }),
      makeTrackView("B", { position: 2, status: "ready", estimateBytes: 1.2 * GB }),
    ];
    const lines = describeManualMode(tracks, 3);
    expect(lines[0]).toContain("concurrency limit of 3");
    expect(lines[1]).toMatch(/^B \(1\.2\d* GB\) will start now\.$/);
  });

  it("says nothing starts when every slot is taken, and what starts next", () => {
    const tracks = [
      makeTrackView("A", { position: 0, status: "running" }),
      makeTrackView("B", { position: 1, status: "ready", estimateBytes: null }),
    ];
    expect(describeManualMode(tracks, 1)[1]).toBe(
      "Nothing starts now: 1 of 1 slots are taken; B (no estimate) starts when one frees.",
    );
  });

  it("warns that the governor's pauses stay, and names the order when the limit is unknown", () => {
    const tracks = [
      makeTrackView("A", { position: 0, status: "paused", pausedBy: "governor" }),
      makeTrackView("B", { position: 1, status: "ready", estimateBytes: null }),
    ];
    const lines = describeManualMode(tracks, null);
    expect(lines).toContain("Ready now, in the order they would start: B (no estimate).");
    expect(lines.at(-1)).toBe("Tracks the governor paused stay paused until you resume them.");
  });
});

describe("joinWords", () => {
  it("joins like a sentence", () => {
    expect([[], ["A"], ["A", "B"], ["A", "B", "C"]].map(joinWords)).toEqual([
      "",
      "A",
      "A and B",
      "A, B and C",
    ]);
  });
});
