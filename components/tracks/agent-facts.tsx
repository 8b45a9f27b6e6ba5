"use client";
// What a track's agents say, spend and need, on its card and its page: the attention banner (the lead
// acknowledges it), the activity line, tokens and dollars against the budget, and its share of local models.
import { formatBytes } from "@/lib/domain/units";
import type { TrackView } from "@/lib/domain/views";
import { useAttentionMutation } from "../data/use-attention-mutation";
import { attentionWords, formatBudget, formatModelMemory, formatTokens } from "./agent-facts-text";

const BUDGET_STYLE: Record<TrackView["usage"]["budgetLevel"], string> = {
  ok: "",
  alert: "text-amber-700 dark:text-amber-300",
  exceeded: "text-red-700 dark:text-red-300",
};

/** The track needs the lead: why, since when, and the button that says they saw it. */
export function AttentionBanner({ track }: { track: TrackView }) {
  const mutation = useAttentionMutation();
  const attention = track.attention;
  if (attention === null) return null;
  const since = new Date(attention.since).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return (
    <div
      className="flex flex-wrap items-start gap-2 rounded-md border border-orange-300 bg-orange-50 px-3 py-2 text-sm text-orange-950 dark:border-orange-800 dark:bg-orange-950 dark:text-orange-100"
      data-testid="track-attention"
      data-reason={attention.reason}
      role="status"
    >
      <div className="min-w-0 flex-1">
        <p className="font-semibold">
          {attentionWords(attention)}{" "}
          <span className="font-normal">
            (agent {attention.agent}, since {since})
          </span>
        </p>
        <p className="break-words font-mono text-xs">{attention.message}</p>
        {mutation.isError && (
          <p className="text-xs text-red-700 dark:text-red-300">Not acknowledged: {mutation.error.message}</p>
        )}
      </div>
      <button
        type="button"
        onClick={() => mutation.mutate(track.key)}
        disabled={mutation.isPending}
        aria-label={`Acknowledge that track ${track.key} needs you`}
        className="rounded-md border border-orange-400 px-3 py-1 text-sm font-medium hover:bg-orange-100 disabled:opacity-50 dark:border-orange-700 dark:hover:bg-orange-900"
      >
        Seen
      </button>
    </div>
  );
}

/** What an agent says it is doing now. */
export function ActivityLine({ track }: { track: TrackView }) {
  if (!track.activity) return null;
  return (
    <p
      className="truncate text-xs text-slate-600 dark:text-slate-300"
      title={track.activity}
      data-testid="track-activity"
    >
      {track.activity}
    </p>
  );
}

/** "66,491 tokens · $0.039 of $0.03 (129 %)", coloured at 80 % and 100 % of the budget; "—" when none reported. */
export function UsageText({ track }: { track: TrackView }) {
  const parts = [formatTokens(track.usage), formatBudget(track.usage)].filter((part) => part !== null);
  if (parts.length === 0) return <>—</>;
  return <span className={BUDGET_STYLE[track.usage.budgetLevel]}>{parts.join(" · ")}</span>;
}

/** Its share of the loaded local models' memory, when it uses one. */
export function ModelMemoryText({ track }: { track: TrackView }) {
  if (track.modelMemory === null) return null;
  return (
    <span
      className="block text-xs font-normal text-slate-600 dark:text-slate-300"
      data-testid="track-model-memory"
    >
      {formatModelMemory(track.modelMemory, formatBytes)}
    </span>
  );
}
