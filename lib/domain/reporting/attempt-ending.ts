// How an attempt of a track ended, read from the outcome the engine stores on its spans (attempts.ts closes the
// attempt's last span with it), and the words for it. The one reading of span outcomes: the Gantt, the track page's
// agents and the retrospective's pauses all use it. Pure.
//
// An attempt the lead or the governor ended on purpose is not a failure: its agents' "killed by SIGTERM" is how the
// stop was carried out, and the track page says "stopped and queued again (SIGTERM)" instead.

export const ATTEMPT_ENDINGS = [
  "completed",
  "failed",
  "interrupted",
  "stopped",
  "requeued",
  "restarted",
  "swapped",
  "checkpointed",
] as const;
/**
 * completed / failed: its agents exited (all 0, or not); interrupted: its agents vanished while no server watched;
 * on purpose: stopped for good, requeued (queued again), restarted, swapped (model swap), checkpointed (the lead's
 * pause that frees memory).
 */
export type AttemptEnding = (typeof ATTEMPT_ENDINGS)[number];

/** The outcomes stored on the span that ends an attempt. Others ("paused", "resumed") end a span only. */
const OF_OUTCOME: Readonly<Record<string, AttemptEnding>> = {
  completed: "completed",
  failed: "failed",
  interrupted: "interrupted",
  stopped: "stopped",
  requeue: "requeued",
  restart: "restarted",
  swap: "swapped",
  checkpoint: "checkpointed",
};

const ON_PURPOSE: ReadonlySet<AttemptEnding> = new Set([
  "stopped",
  "requeued",
  "restarted",
  "swapped",
  "checkpointed",
]);

/** The ending a span's stored outcome records; null when the span did not end its attempt (or is open). */
export function attemptEndingOf(outcome: string | null): AttemptEnding | null {
  return outcome === null ? null : (OF_OUTCOME[outcome] ?? null);
}

/** Ended by the lead or the governor (a stop, requeue, restart, model swap, pause that frees memory). */
export function isEndedOnPurpose(ending: AttemptEnding | null): boolean {
  return ending !== null && ON_PURPOSE.has(ending);
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

type SpanOutcome = { attempt: number; endedAt: Date | string | null; outcome: string | null };

/**
 * Each attempt's ending, from the last of its spans that ended it (spans in any order; a checkpoint's pause,
 * closed "resumed", comes after it). Attempts still going are absent.
 */
export function attemptEndings(spans: readonly SpanOutcome[]): Map<number, AttemptEnding> {
  const last = new Map<number, { at: number; ending: AttemptEnding }>();
  for (const span of spans) {
    const ending = span.endedAt === null ? null : attemptEndingOf(span.outcome);
    if (ending === null) continue;
    const at = new Date(span.endedAt!).getTime();
    const seen = last.get(span.attempt);
    if (seen === undefined || at >= seen.at) last.set(span.attempt, { at, ending });
  }
  return new Map([...last].map(([attempt, { ending }]) => [attempt, ending]));
}

const ENDING_WORDS: Record<AttemptEnding, string> = {
  completed: "completed",
  failed: "failed",
  interrupted: "interrupted (its agents were gone)",
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
