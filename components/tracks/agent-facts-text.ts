// Words for what a track's agents spend and need, shared by the card, the track page and the overview. Pure.
import { formatSpend, formatUsd } from "@/lib/domain/agents/agent-cost";
import { totalTokens } from "@/lib/domain/agents/agent-signals";
import type { Attention, AttentionReason } from "@/lib/domain/agents/attention";
import { addUsageTotals, fromUsageView, NO_USAGE, type UsageTotals } from "@/lib/domain/agents/usage-totals";
import type { PausedBy } from "@/lib/domain/types";
import type { AttentionView, ModelMemoryView, TrackView, UsageView } from "@/lib/domain/views";

/** "the governor", "the lead", "its budget", "a scope conflict". */
export function pausedByWords(pausedBy: PausedBy | null): string {
  switch (pausedBy) {
    case "governor":
      return "the governor";
    case "budget":
      return "its budget";
    case "conflict":
      return "a scope conflict";
    case "lead":
    case null:
      return "the lead";
  }
}

/** The pause reason's prefix on a card: "Governor", "Lead", "Budget", "Conflict". */
export function pausedByLabel(pausedBy: PausedBy | null): string {
  switch (pausedBy) {
    case "governor":
      return "Governor";
    case "budget":
      return "Budget";
    case "conflict":
      return "Conflict";
    case "lead":
    case null:
      return "Lead";
  }
}

const REASON_WORDS: Record<AttentionReason, string> = {
  "permission-prompt": "Waits for an answer",
  "permission-denied": "Needs a permission",
  question: "Asks a question",
  idle: "Has gone quiet",
};

/** "Waits for an answer", "Has gone quiet" … */
export function attentionWords(attention: AttentionView): string {
  return REASON_WORDS[attention.reason];
}

/** "66,491 tokens", null when none were reported. */
export function formatTokens(usage: Pick<UsageView, "tokens">): string | null {
  return usage.tokens === null ? null : `${totalTokens(usage.tokens).toLocaleString("en-US")} tokens`;
}

/** "$0.039", "unknown", "$0.039 + unknown"; null when no agent reported any usage. */
export function formatCost(usage: Pick<UsageView, "costUsd" | "unknownCostParts">): string | null {
  if (usage.costUsd === null && usage.unknownCostParts === 0) return null;
  return formatSpend({ usd: usage.costUsd ?? 0, unknownParts: usage.unknownCostParts });
}

/** "$0.039 of $0.03 (129 %)", or the spend alone without a budget; null with neither. */
export function formatBudget(usage: UsageView): string | null {
  const cost = formatCost(usage);
  if (usage.maxCostUsd === null) return cost;
  const spent = usage.costUsd ?? 0;
  const percent = usage.maxCostUsd > 0 ? ` (${Math.round((spent / usage.maxCostUsd) * 100)} %)` : "";
  return `${cost ?? "$0"} of ${formatUsd(usage.maxCostUsd)}${percent}`;
}

/** "150 MB of llama3:8b (shared by 2)" for the card. */
export function formatModelMemory(memory: ModelMemoryView, formatBytes: (bytes: number) => string): string {
  const models = memory.models
    .map((m) => `${m.model}${m.sharedWith > 1 ? ` (shared by ${m.sharedWith})` : ""}`)
    .join(", ");
  return `${formatBytes(memory.ramBytes)} of ${models}`;
}

/** The run's tokens and dollars: the sum of its tracks'. */
export function runUsage(tracks: readonly TrackView[]): UsageTotals {
  return tracks.reduce((sum, t) => addUsageTotals(sum, fromUsageView(t.usage)), NO_USAGE);
}

/** "75,571 tokens · $0.039 + unknown", null when no agent reported any usage. */
export function describeRunUsage(tracks: readonly TrackView[]): string | null {
  const total = runUsage(tracks);
  const tokens = total.tokens === null ? null : `${totalTokens(total.tokens).toLocaleString("en-US")} tokens`;
  const cost = total.spend === null ? null : formatSpend(total.spend);
  const parts = [tokens, cost].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** The domain's attention of a view, for sorting the tracks that need the lead first. */
export function attentionOf(track: Pick<TrackView, "attention">): Attention {
  const view = track.attention;
  if (view === null) return { state: "clear" };
  return {
    state: "needed",
    reason: view.reason,
    message: view.message,
    since: Date.parse(view.since),
    sticky: view.sticky,
  };
}
