// How a pause ended, from the outcome stored on its span, and the words the retrospective says it with. Pure.

import { formatDuration } from "../units";
import { attemptEndingOf } from "./attempt-ending";
import { type Instant, toEpochMs } from "./metrics";

/**
 * "resumed"; or the attempt ended while paused: "stopped" (for good), "requeued" (stopped and queued again),
 * "restarted" (a restart, model swap or checkpoint restart), "interrupted" (its agents vanished), "ended" (it
 * exited on its own). Null: still paused, or paused when the run ended.
 */
export type PauseEnding = "resumed" | "stopped" | "requeued" | "restarted" | "interrupted" | "ended";

/** The span outcome the engine stores (attempts.ts, signals.ts) as a pause ending; null for an open span. */
export function pauseEndingOf(outcome: string | null): PauseEnding | null {
  if (outcome === null) return null;
  if (outcome === "resumed") return "resumed";
  const attempt = attemptEndingOf(outcome);
  switch (attempt) {
    case "stopped":
    case "requeued":
    case "interrupted":
      return attempt;
    case "restarted":
    case "swapped":
    case "checkpointed":
      return "restarted";
    default:
      return "ended";
  }
}

const ENDING_WORDS: Record<PauseEnding, string> = {
  resumed: "resumed",
  stopped: "stopped",
  requeued: "stopped and requeued",
  restarted: "restarted",
  interrupted: "interrupted (its agents were gone)",
  ended: "its attempt ended",
};

/** "resumed", "stopped and requeued", …; "not resumed" when the pause never ended. */
export function describePauseEnding(ending: PauseEnding | null): string {
  return ending === null ? "not resumed" : ENDING_WORDS[ending];
}

/** How long it stayed paused ("24s"), or null when the pause never ended. */
export function pauseLength(pause: { pausedAt: Instant; endedAt: Instant | null }): string | null {
  return pause.endedAt === null ? null : formatDuration(toEpochMs(pause.endedAt) - toEpochMs(pause.pausedAt));
}
