// How an attempt ended when the lead or the governor ended it on purpose, from the outcome stored on its last span,
// and the words the track page says it with. Pure.
//
// Without this an agent stopped for a requeue reads "killed by SIGTERM", in red, like a crash: the signal is how
// the stop was carried out, not what went wrong.

/** The attempt was ended on purpose: for good, to be queued again, to start again, to swap models, to free memory. */
export const ATTEMPT_ENDINGS = ["stopped", "requeued", "restarted", "swapped", "checkpointed"] as const;
export type AttemptEnding = (typeof ATTEMPT_ENDINGS)[number];

/** The span outcome the engine stores when it ends an attempt on purpose (attempts.ts); null for any other. */
export function attemptEndingOf(outcome: string | null): AttemptEnding | null {
  switch (outcome) {
    case "stopped":
      return "stopped";
    case "requeue":
      return "requeued";
    case "restart":
      return "restarted";
    case "swap":
      return "swapped";
    case "checkpoint":
      return "checkpointed";
    default:
      return null;
  }
}

const OF_INTENT = {
  stop: "stopped",
  requeue: "requeued",
  restart: "restarted",
  swap: "swapped",
  checkpoint: "checkpointed",
} as const satisfies Record<string, AttemptEnding>;

/** The ending an intent carries out (the engine's EndingIntent kinds), for its agents' exit events. */
export function attemptEndingOfIntent(kind: keyof typeof OF_INTENT): AttemptEnding {
  return OF_INTENT[kind];
}

/** Outcomes of a span that did not end its attempt: a pause begun, a pause ended. */
const NOT_AN_ENDING = new Set(["paused", "resumed"]);

/**
 * Each attempt's ending, from the last of its spans that ended the attempt (spans in any order; a checkpoint's
 * pause, closed "resumed", comes after it). Attempts that ended otherwise, or not yet, are absent.
 */
export function attemptEndings(
  spans: readonly { attempt: number; endedAt: Date | string | null; outcome: string | null }[],
): Map<number, AttemptEnding> {
  const last = new Map<number, { at: number; outcome: string | null }>();
  for (const span of spans) {
    if (span.endedAt === null || span.outcome === null || NOT_AN_ENDING.has(span.outcome)) continue;
    const at = new Date(span.endedAt).getTime();
    const seen = last.get(span.attempt);
    if (seen === undefined || at >= seen.at) last.set(span.attempt, { at, outcome: span.outcome });
  }
  const endings = new Map<number, AttemptEnding>();
  for (const [attempt, { outcome }] of last) {
    const ending = attemptEndingOf(outcome);
    if (ending !== null) endings.set(attempt, ending);
  }
  return endings;
}

const ENDING_WORDS: Record<AttemptEnding, string> = {
  stopped: "stopped",
  requeued: "stopped and queued again",
  restarted: "stopped for a restart",
  swapped: "stopped to swap its model",
  checkpointed: "stopped by a pause that frees memory",
};

/** "stopped and queued again (SIGTERM)": what ended the attempt, then how its process went. */
export function describeAttemptEnding(
  ending: AttemptEnding,
  exit: { signal: string | null; exitCode: number | null },
): string {
  const how = exit.signal ?? (exit.exitCode !== null ? `exit code ${exit.exitCode}` : null);
  return how === null ? ENDING_WORDS[ending] : `${ENDING_WORDS[ending]} (${how})`;
}
