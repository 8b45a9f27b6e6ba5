import { describe, expect, it } from "vitest";
import { PEAK_GROWTH_TO_STORE, STORE_CURRENT_EVERY_MS, shouldStoreAgentMemory } from "./agent-memory-record";

const MB = 1_000_000;

describe("shouldStoreAgentMemory", () => {
  it("stores the first measurement that found memory", () => {
    expect(shouldStoreAgentMemory(null, { currentBytes: 0, peakBytes: 0 }, 0)).toBe(false);
    expect(shouldStoreAgentMemory(null, { currentBytes: MB, peakBytes: MB }, 0)).toBe(true);
  });

  it("stores a peak that grew by more than a tenth at once, a smaller growth only with the current figure", () => {
    const stored = { currentBytes: 100 * MB, peakBytes: 100 * MB, at: 0 };
    const grown = (100 * (1 + PEAK_GROWTH_TO_STORE) + 1) * MB;
    expect(shouldStoreAgentMemory(stored, { currentBytes: grown, peakBytes: grown }, 1)).toBe(true);
    expect(shouldStoreAgentMemory(stored, { currentBytes: 105 * MB, peakBytes: 105 * MB }, 1)).toBe(false);
    expect(
      shouldStoreAgentMemory(stored, { currentBytes: 105 * MB, peakBytes: 105 * MB }, STORE_CURRENT_EVERY_MS),
    ).toBe(true);
  });

  it("stores the current figure at most every STORE_CURRENT_EVERY_MS, and not when nothing moved", () => {
    const stored = { currentBytes: 100 * MB, peakBytes: 100 * MB, at: 1_000 };
    const lower = { currentBytes: 60 * MB, peakBytes: 100 * MB };
    expect(shouldStoreAgentMemory(stored, lower, 1_000 + STORE_CURRENT_EVERY_MS - 1)).toBe(false);
    expect(shouldStoreAgentMemory(stored, lower, 1_000 + STORE_CURRENT_EVERY_MS)).toBe(true);
    expect(shouldStoreAgentMemory(stored, { currentBytes: 100 * MB, peakBytes: 100 * MB }, 1_000_000)).toBe(
      false,
    );
  });
});
