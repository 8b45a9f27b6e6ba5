// How a gate check states its result: a status and the evidence in words, shared by every check. Pure.
import type { ManualTick } from "./gate-evidence";

/** A checked item's status: passed, failed, not yet decidable, or waiting for the lead's tick. */
export type GateItemStatus = "pass" | "fail" | "pending" | "manual";

/** One check's answer before it is labelled with its gate item. */
export type Outcome = { status: GateItemStatus; evidence: string; tick?: ManualTick | null };

/**
 * A manual item's outcome: passed by the lead's tick, else waiting for it (with what the lead should know).
 * The tick's time stays out of the words: it travels as `tick.at` for the reader to format in their own zone.
 */
export function manual(tick: ManualTick | undefined, context?: string): Outcome {
  if (tick) {
    const note = tick.note?.trim() ? `: ${tick.note.trim()}` : "";
    return { status: "pass", evidence: `ticked by ${tick.by}${note}`, tick };
  }
  return { status: "manual", evidence: `waiting for the lead's tick${context ? ` (${context})` : ""}` };
}

/** An auto item whose data cannot exist (e.g. no test configured) falls back to the lead's tick. */
export function fallBackToManual(tick: ManualTick | undefined, why: string): Outcome {
  const outcome = manual(tick, why);
  return outcome.status === "pass" ? { ...outcome, evidence: `${why}; ${outcome.evidence}` } : outcome;
}

/** An auto item whose data has not arrived yet. */
export const pending = (evidence: string): Outcome => ({ status: "pending", evidence });
/** A percentage as the evidence words show it. */
export const pct = (v: number): string => `${Math.round(v)} %`;

/** "1 track", "2 tracks": counts in evidence read as sentences. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
