// Tokens and dollars summed over an agent's attempts, a track and a run, from each agent process's usage tally.
// An agent that reported no tokens and no dollars (a plain command) adds nothing; one with tokens but no price
// adds an unknown part, so a total never claims a known figure it does not have. Pure.

import type { UsageView } from "../views";
import {
  addSpend,
  type CostFigure,
  costOf,
  NO_SPEND,
  type PriceTable,
  type Spend,
  tokensOf,
  type UsageTally,
} from "./agent-cost";
import { addTokenUsage, type TokenUsage, totalTokens } from "./agent-signals";
import type { BudgetLevel } from "./budget";

/** What one agent process used, as stored per agent attempt. */
export type AgentUsage = {
  tokens: TokenUsage | null;
  cost: CostFigure;
  /** The model the agent named, if any. */
  model: string | null;
  turns: number | null;
  /** The latest session id the agent printed (resume commands use it). */
  sessionId: string | null;
  /** The agent's own verdict, e.g. "success" or "error_max_turns". */
  result: UsageTally["result"];
};

/** The usage of an agent's tally; the plan's model in force prices tokens the agent did not attribute. */
export function summariseAgentUsage(
  tally: UsageTally,
  prices: PriceTable,
  fallbackModel: string | null,
): AgentUsage {
  return {
    tokens: tokensOf(tally),
    cost: costOf(tally, prices, fallbackModel),
    model: tally.model,
    turns: tally.turns,
    sessionId: tally.sessionId,
    result: tally.result,
  };
}

/** Tokens and dollars of several agents; null parts: none of them reported any. */
export type UsageTotals = { tokens: TokenUsage | null; spend: Spend | null };

export const NO_USAGE: UsageTotals = { tokens: null, spend: null };

/** True when the agent reported tokens or dollars (a plain command reports neither). */
export function hasUsage(usage: Pick<AgentUsage, "tokens" | "cost">): boolean {
  return usage.tokens !== null || usage.cost.usd !== null;
}

/** Adds one agent's usage to a total. */
export function addAgentUsage(totals: UsageTotals, usage: Pick<AgentUsage, "tokens" | "cost">): UsageTotals {
  if (!hasUsage(usage)) return totals;
  return {
    tokens: usage.tokens === null ? totals.tokens : addTokenUsage(totals.tokens ?? ZERO, usage.tokens),
    spend: addSpend(totals.spend ?? NO_SPEND, usage.cost),
  };
}

/** Adds two totals (a track's to a run's). */
export function addUsageTotals(a: UsageTotals, b: UsageTotals): UsageTotals {
  return {
    tokens: a.tokens === null ? b.tokens : b.tokens === null ? a.tokens : addTokenUsage(a.tokens, b.tokens),
    spend: a.spend === null ? b.spend : b.spend === null ? a.spend : addSpend(a.spend, b.spend),
  };
}

/** The single token figure a card shows, null when none were reported. */
export function totalTokensOf(totals: UsageTotals): number | null {
  return totals.tokens === null ? null : totalTokens(totals.tokens);
}

const ZERO: TokenUsage = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 };

/** A total as the card and the API show it, with the budget it counts against. */
export function toUsageView(
  totals: UsageTotals,
  maxCostUsd: number | null,
  budgetLevel: BudgetLevel,
): UsageView {
  return {
    tokens: totals.tokens,
    // Nothing known, only parts of unknown cost: the cost is unknown, never $0.
    costUsd:
      totals.spend && (totals.spend.usd > 0 || totals.spend.unknownParts === 0) ? totals.spend.usd : null,
    unknownCostParts: totals.spend?.unknownParts ?? 0,
    maxCostUsd,
    budgetLevel,
  };
}

/** The total a UsageView shows (to sum tracks into a run on the client). */
export function fromUsageView(view: Pick<UsageView, "tokens" | "costUsd" | "unknownCostParts">): UsageTotals {
  return {
    tokens: view.tokens,
    spend:
      view.costUsd === null && view.unknownCostParts === 0
        ? null
        : { usd: view.costUsd ?? 0, unknownParts: view.unknownCostParts },
  };
}
