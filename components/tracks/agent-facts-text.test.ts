import { describe, expect, it } from "vitest";
import { sortNeedingLeadFirst } from "@/lib/domain/agents/attention";
import { formatBytes } from "@/lib/domain/units";
import { makeTrackView } from "@/lib/domain/view-fixtures";
import type { UsageView } from "@/lib/domain/views";
import {
  attentionOf,
  describeRunUsage,
  formatBudget,
  formatCost,
  formatModelMemory,
  formatTokens,
  pausedByWords,
} from "./agent-facts-text";

const usage = (over: Partial<UsageView>): UsageView => ({
  tokens: null,
  costUsd: null,
  unknownCostParts: 0,
  maxCostUsd: null,
  budgetLevel: "ok",
  ...over,
});
const TOKENS = { inputTokens: 6, cachedInputTokens: 63_090, cacheWriteTokens: 2_770, outputTokens: 625 };

describe("agent facts as words", () => {
  it("says tokens and dollars, and an unknown cost as unknown, never $0", () => {
    expect(formatTokens(usage({ tokens: TOKENS }))).toBe("66,491 tokens");
    expect(formatTokens(usage({}))).toBeNull();
    expect(formatCost(usage({ costUsd: 0.0387075 }))).toBe("$0.039");
    expect(formatCost(usage({ costUsd: null, unknownCostParts: 1 }))).toBe("unknown");
    expect(formatCost(usage({ costUsd: 1.5, unknownCostParts: 2 }))).toBe("$1.50 + unknown");
    expect(formatCost(usage({}))).toBeNull();
  });

  it("puts the spend against the budget", () => {
    expect(formatBudget(usage({ costUsd: 0.0387075, maxCostUsd: 0.03 }))).toBe("$0.039 of $0.03 (129 %)");
    expect(formatBudget(usage({ maxCostUsd: 5 }))).toBe("$0 of $5.00 (0 %)");
    expect(formatBudget(usage({ costUsd: 2 }))).toBe("$2.00");
  });

  it("names who paused, and a model's share", () => {
    expect(pausedByWords("budget")).toBe("its budget");
    expect(pausedByWords(null)).toBe("the lead");
    expect(
      formatModelMemory(
        { ramBytes: 150e6, models: [{ model: "llama3:8b", shareBytes: 150e6, sharedWith: 2 }] },
        formatBytes,
      ),
    ).toBe("150 MB of llama3:8b (shared by 2)");
  });

  it("sums the run's usage over its tracks", () => {
    const tracks = [
      makeTrackView("A", { usage: usage({ tokens: TOKENS, costUsd: 0.0387075 }) }),
      makeTrackView("B", {
        usage: usage({ tokens: { ...TOKENS, cachedInputTokens: 0 }, costUsd: null, unknownCostParts: 1 }),
      }),
      makeTrackView("C"),
    ];
    expect(describeRunUsage(tracks)).toBe("69,892 tokens · $0.039 + unknown");
    expect(describeRunUsage([makeTrackView("C")])).toBeNull();
  });

  it("sorts the tracks that need the lead first, longest waiting first", () => {
    const waiting = (since: string) => ({
      attention: { reason: "idle" as const, message: "quiet", since, agent: "a", sticky: false },
    });
    const tracks = [
      makeTrackView("A"),
      makeTrackView("B", waiting("2026-01-05T09:05:00.000Z")),
      makeTrackView("C"),
      makeTrackView("D", waiting("2026-01-05T09:01:00.000Z")),
    ];
    expect(sortNeedingLeadFirst(tracks, attentionOf).map((t) => t.key)).toEqual(["D", "B", "A", "C"]);
  });
});
