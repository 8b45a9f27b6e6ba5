import { describe, expect, it } from "vitest";
import {
  addSpend,
  applyUsageSignal,
  costOf,
  EMPTY_USAGE_TALLY,
  findPrice,
  formatSpend,
  NO_SPEND,
  type PriceTable,
  priceUsage,
  tokensOf,
  type UsageTally,
} from "./agent-cost";
import type { AgentSignal, TokenUsage } from "./agent-signals";

const usage = (
  inputTokens: number,
  outputTokens: number,
  cachedInputTokens = 0,
  cacheWriteTokens = 0,
): TokenUsage => ({
  inputTokens,
  outputTokens,
  cachedInputTokens,
  cacheWriteTokens,
});

const PRICES: PriceTable = {
  "claude-sonnet-4-5": {
    inputPerMTok: 3,
    outputPerMTok: 15,
    cachedInputPerMTok: 0.3,
    cacheWritePerMTok: 3.75,
  },
  "gpt-5-codex": { inputPerMTok: 1.25, outputPerMTok: 10 },
};

function fold(signals: AgentSignal[], prices: PriceTable = PRICES): UsageTally {
  return signals.reduce((tally, signal) => applyUsageSignal(tally, signal, prices), EMPTY_USAGE_TALLY);
}

const message = (id: string, u: TokenUsage, model: string | null = "claude-sonnet-4-5"): AgentSignal => ({
  kind: "tokens",
  scope: "message",
  messageId: id,
  model,
  usage: u,
});

describe("findPrice", () => {
  it("matches exactly, then ignoring case and [1m]-style suffixes, then without a date", () => {
    expect(findPrice(PRICES, "gpt-5-codex")).toBe(PRICES["gpt-5-codex"]);
    expect(findPrice(PRICES, "GPT-5-Codex")).toBe(PRICES["gpt-5-codex"]);
    expect(findPrice(PRICES, "claude-sonnet-4-5-20250929")).toBe(PRICES["claude-sonnet-4-5"]);
    expect(findPrice(PRICES, "claude-sonnet-4-5[1m]")).toBe(PRICES["claude-sonnet-4-5"]);
  });

  it("knows no price for other models, an empty name, or inherited object keys", () => {
    expect(findPrice(PRICES, "claude-opus-4-6")).toBeNull();
    expect(findPrice(PRICES, "gpt-5")).toBeNull();
    expect(findPrice(PRICES, "")).toBeNull();
    expect(findPrice(PRICES, null)).toBeNull();
    expect(findPrice(PRICES, "constructor")).toBeNull();
    expect(findPrice(PRICES, "__proto__")).toBeNull();
  });
});

describe("priceUsage", () => {
  it("prices each kind of token, cached input at the input price when no cached price is given", () => {
    expect(
      priceUsage(usage(1_000_000, 1_000_000, 1_000_000, 1_000_000), PRICES["claude-sonnet-4-5"]!),
    ).toBeCloseTo(3 + 15 + 0.3 + 3.75, 10);
    expect(priceUsage(usage(0, 0, 2_000_000), PRICES["gpt-5-codex"]!)).toBeCloseTo(2.5, 10);
  });
});

describe("the usage tally", () => {
  it("has no tokens and an unknown (not zero) cost before the agent reports anything", () => {
    expect(tokensOf(EMPTY_USAGE_TALLY)).toBeNull();
    expect(costOf(EMPTY_USAGE_TALLY, PRICES, "gpt-5-codex")).toEqual({ usd: null, source: "unknown" });
  });

  it("sums messages once each, the repeated lines of one message counting once with their last usage", () => {
    const tally = fold([
      message("m1", usage(10, 5)),
      message("m1", usage(10, 7)),
      message("m2", usage(1, 1)),
    ]);
    expect(tokensOf(tally)).toEqual(usage(11, 8));
    expect(costOf(tally, PRICES, null).usd).toBeCloseTo((11 * 3 + 8 * 15) / 1e6, 12);
  });

  it("makes the whole cost unknown once a message of an unpriced model was counted", () => {
    const tally = fold([message("m1", usage(10, 5), "mystery-model"), message("m2", usage(1, 1))]);
    expect(tokensOf(tally)).toEqual(usage(11, 6));
    expect(costOf(tally, PRICES, null)).toEqual({ usd: null, source: "unknown" });
  });

  it("lets a running total replace the messages before it, and adds messages after it", () => {
    const tally = fold([
      message("m1", usage(10, 5)),
      { kind: "tokens", scope: "total", usage: usage(100, 50) },
      message("m2", usage(1, 1)),
    ]);
    expect(tokensOf(tally)).toEqual(usage(101, 51));
  });

  it("takes the agent's own dollars over the price table, adding only messages priced after the report", () => {
    const reportedOnly = fold([message("m1", usage(1_000, 1_000)), { kind: "cost", usd: 0.5 }]);
    expect(costOf(reportedOnly, PRICES, null)).toEqual({ usd: 0.5, source: "reported" });
    const later = fold([
      message("m1", usage(1_000, 1_000)),
      { kind: "cost", usd: 0.5 },
      message("m2", usage(0, 1_000)),
    ]);
    const after = costOf(later, PRICES, null);
    expect(after.source).toBe("reported");
    expect(after.usd).toBeCloseTo(0.5 + 0.015, 12);
  });

  it("prices a reported total with the model the agent named, else the fallback model", () => {
    const named = fold([
      { kind: "model", model: "claude-sonnet-4-5-20250929" },
      { kind: "tokens", scope: "total", usage: usage(1_000_000, 0) },
    ]);
    expect(costOf(named, PRICES, "gpt-5-codex")).toEqual({ usd: 3, source: "priced" });
    const unnamed = fold([{ kind: "tokens", scope: "total", usage: usage(1_000_000, 0) }]);
    expect(costOf(unnamed, PRICES, "gpt-5-codex")).toEqual({ usd: 1.25, source: "priced" });
    expect(costOf(unnamed, PRICES, "llama3:8b")).toEqual({ usd: null, source: "unknown" });
  });

  it("keeps the last session id, turns and result", () => {
    const tally = fold([
      { kind: "session", sessionId: "a" },
      { kind: "session", sessionId: "b" },
      { kind: "turns", count: 3 },
      { kind: "result", outcome: "error", subtype: "error_max_turns", message: "max" },
      { kind: "activity", text: "ignored" },
    ]);
    expect(tally).toMatchObject({
      sessionId: "b",
      turns: 3,
      result: { outcome: "error", subtype: "error_max_turns", message: "max" },
    });
  });
});

describe("spend", () => {
  it("adds known dollars and counts the unknown parts, never turning unknown into 0", () => {
    let spend = addSpend(NO_SPEND, { usd: 1.5, source: "reported" });
    spend = addSpend(spend, { usd: null, source: "unknown" });
    spend = addSpend(spend, { usd: 0.25, unknownParts: 2 });
    expect(spend).toEqual({ usd: 1.75, unknownParts: 3 });
    expect(formatSpend(spend)).toBe("$1.75 + unknown");
    expect(formatSpend({ usd: 0, unknownParts: 1 })).toBe("unknown");
    expect(formatSpend({ usd: 0.0042, unknownParts: 0 })).toBe("$0.0042");
    expect(formatSpend(NO_SPEND)).toBe("$0.00");
    expect(formatSpend({ usd: 0.035, unknownParts: 0 })).toBe("$0.035");
    expect(formatSpend({ usd: 0.5, unknownParts: 0 })).toBe("$0.50");
    expect(formatSpend({ usd: 12.3, unknownParts: 0 })).toBe("$12.30");
  });
});
