// Tokens and dollars of one agent process (one attempt of one agent), folded from its signals, and priced with the
// plan's price table where the agent does not report dollars itself. An unknown price gives an unknown cost (null),
// never 0: a budget must not believe a run is free.
import type { ModelPrice, PriceTable } from "../types";
import { type AgentSignal, addTokenUsage, NO_TOKENS, type TokenUsage } from "./agent-signals";

export type { ModelPrice, PriceTable };

export type CostFigure = { usd: number | null; source: "reported" | "priced" | "unknown" };

export type UsageTally = {
  /** The last running total the agent reported (Claude's result, Codex's turn.completed, ::tokens). */
  reported: TokenUsage | null;
  reportedUsd: number | null;
  /** The messages' priced sum when the agent last reported dollars: only what came after is added to them. */
  pricedAtReport: number;
  /** Per-message usage since the last total (Claude prints each message's usage on every content block). */
  messages: {
    settled: TokenUsage;
    /** Priced sum of the settled messages; null once one of them had no price. */
    settledUsd: number | null;
    current: { id: string; model: string | null; usage: TokenUsage } | null;
  };
  model: string | null;
  turns: number | null;
  sessionId: string | null;
  result: { outcome: "success" | "error"; subtype: string; message: string | null } | null;
};

export const EMPTY_USAGE_TALLY: UsageTally = {
  reported: null,
  reportedUsd: null,
  pricedAtReport: 0,
  messages: { settled: NO_TOKENS, settledUsd: 0, current: null },
  model: null,
  turns: null,
  sessionId: null,
  result: null,
};

/** The price of a model: exact name, else case and "[1m]"-style suffixes ignored, else without a -YYYYMMDD date. */
export function findPrice(prices: PriceTable, model: string | null): ModelPrice | null {
  if (model === null || model.trim() === "") return null;
  if (Object.hasOwn(prices, model)) return prices[model] ?? null;
  const squash = (name: string) =>
    name
      .trim()
      .toLowerCase()
      .replace(/\[[^\]]*\]$/, "");
  const undated = (name: string) => squash(name).replace(/-\d{8}$/, "");
  const entries = Object.entries(prices);
  const exact = entries.find(([name]) => squash(name) === squash(model));
  if (exact) return exact[1];
  const loose = entries.find(([name]) => undated(name) === undated(model));
  return loose ? loose[1] : null;
}

/** Dollars for a usage at a price. */
export function priceUsage(usage: TokenUsage, price: ModelPrice): number {
  const perToken = (perMTok: number) => perMTok / 1_000_000;
  return (
    usage.inputTokens * perToken(price.inputPerMTok) +
    usage.cachedInputTokens * perToken(price.cachedInputPerMTok ?? price.inputPerMTok) +
    usage.cacheWriteTokens * perToken(price.cacheWritePerMTok ?? price.inputPerMTok) +
    usage.outputTokens * perToken(price.outputPerMTok)
  );
}

/** Folds one signal into the tally; signals that are not about usage leave it as it is. */
export function applyUsageSignal(tally: UsageTally, signal: AgentSignal, prices: PriceTable): UsageTally {
  switch (signal.kind) {
    case "tokens":
      if (signal.scope === "total") {
        return { ...tally, reported: signal.usage, messages: EMPTY_USAGE_TALLY.messages, pricedAtReport: 0 };
      }
      return { ...tally, messages: addMessage(tally.messages, signal, prices) };
    case "cost":
      return { ...tally, reportedUsd: signal.usd, pricedAtReport: priceMessages(tally, prices) ?? 0 };
    case "model":
      return { ...tally, model: signal.model };
    case "turns":
      return { ...tally, turns: signal.count };
    case "session":
      return { ...tally, sessionId: signal.sessionId };
    case "result":
      return {
        ...tally,
        result: { outcome: signal.outcome, subtype: signal.subtype, message: signal.message },
      };
    default:
      return tally;
  }
}

function addMessage(
  messages: UsageTally["messages"],
  signal: Extract<AgentSignal, { kind: "tokens"; scope: "message" }>,
  prices: PriceTable,
): UsageTally["messages"] {
  const current = messages.current;
  const next = { id: signal.messageId, model: signal.model, usage: signal.usage };
  if (current === null) return { ...messages, current: next };
  // The same message again (one line per content block): its latest usage replaces the earlier one.
  if (current.id === signal.messageId)
    return { ...messages, current: { ...next, model: next.model ?? current.model } };
  const price = findPrice(prices, current.model);
  return {
    settled: addTokenUsage(messages.settled, current.usage),
    settledUsd:
      messages.settledUsd === null || price === null
        ? null
        : messages.settledUsd + priceUsage(current.usage, price),
    current: next,
  };
}

/** All tokens the agent used so far, or null when it reported none. */
export function tokensOf(tally: UsageTally): TokenUsage | null {
  const current = tally.messages.current;
  if (tally.reported === null && current === null) return null;
  const messages = current ? addTokenUsage(tally.messages.settled, current.usage) : NO_TOKENS;
  return addTokenUsage(tally.reported ?? NO_TOKENS, messages);
}

/**
 * Dollars so far: the agent's own figure (plus messages priced since, if any), else its tokens at the price of
 * the model it named (or `fallbackModel`, the plan's model in force), else unknown.
 */
export function costOf(tally: UsageTally, prices: PriceTable, fallbackModel: string | null): CostFigure {
  const sinceReport = priceMessages(tally, prices);
  if (tally.reportedUsd !== null) {
    const after = sinceReport === null ? 0 : Math.max(0, sinceReport - tally.pricedAtReport);
    return { usd: tally.reportedUsd + after, source: "reported" };
  }
  if (tally.reported !== null) {
    const price = findPrice(prices, tally.model ?? fallbackModel);
    if (price === null || sinceReport === null) return { usd: null, source: "unknown" };
    return { usd: priceUsage(tally.reported, price) + sinceReport, source: "priced" };
  }
  if (tally.messages.current === null || sinceReport === null) return { usd: null, source: "unknown" };
  return { usd: sinceReport, source: "priced" };
}

function priceMessages(tally: UsageTally, prices: PriceTable): number | null {
  const { settledUsd, current } = tally.messages;
  if (current === null) return settledUsd;
  const price = findPrice(prices, current.model ?? tally.model);
  return settledUsd === null || price === null ? null : settledUsd + priceUsage(current.usage, price);
}

/** Spend over several attempts or tracks: the known dollars, and how many parts had no known cost. */
export type Spend = { usd: number; unknownParts: number };

export const NO_SPEND: Spend = { usd: 0, unknownParts: 0 };

export function addSpend(spend: Spend, figure: CostFigure | Spend): Spend {
  if ("unknownParts" in figure) {
    return { usd: spend.usd + figure.usd, unknownParts: spend.unknownParts + figure.unknownParts };
  }
  return figure.usd === null
    ? { ...spend, unknownParts: spend.unknownParts + 1 }
    : { ...spend, usd: spend.usd + figure.usd };
}

/** "$1.23", "$0.0042", "unknown", "$1.23 + unknown" for a spend with parts of unknown cost. */
export function formatSpend(spend: Spend): string {
  if (spend.usd === 0 && spend.unknownParts > 0) return "unknown";
  const dollars = formatUsd(spend.usd);
  return spend.unknownParts > 0 ? `${dollars} + unknown` : dollars;
}

/** "$12.30", "$0.035" (a third decimal below a dollar when it matters), "$0.0042". */
export function formatUsd(usd: number): string {
  if (usd !== 0 && Math.abs(usd) < 0.01) return `$${usd.toPrecision(2)}`;
  if (Math.abs(usd) >= 1) return `$${usd.toFixed(2)}`;
  const cents = usd.toFixed(3);
  return `$${cents.endsWith("0") ? cents.slice(0, -1) : cents}`;
}
