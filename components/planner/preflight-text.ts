// How a pre-flight result reads in the Planner.
import type { PreflightResult } from "@/lib/domain/plan/preflight";

/**
 * The track a result is about and its message, the track named once: a program check's message starts with the
 * agent's name, which for a track's only agent is the track's key ("A: A: x is not on PATH" otherwise).
 */
export function describePreflightResult(result: Pick<PreflightResult, "track" | "message">): {
  track: string | null;
  message: string;
} {
  const { track, message } = result;
  if (track === null) return { track, message };
  const prefix = `${track}: `;
  return { track, message: message.startsWith(prefix) ? message.slice(prefix.length) : message };
}
