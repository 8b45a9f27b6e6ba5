// The headline of a pause or resume event: who did it and why, saying the actor once. Pure.
import type { Actor } from "../types";

/**
 * "Track A paused (SIGSTOP) by governor: Red zone", or "Track A paused (SIGSTOP) by lead" when the reason only
 * restates who did it (the lead's "paused by the lead"), so the event does not read "by lead: paused by the lead".
 */
export function describeSignalHeadline(trackKey: string, verb: string, actor: Actor, reason: string): string {
  const headline = `Track ${trackKey} ${verb} by ${actor}`;
  return restatesActor(reason, actor) ? headline : `${headline}: ${reason}`;
}

/** "paused by the lead", "resumed by lead": a reason that says nothing but the actor. */
function restatesActor(reason: string, actor: Actor): boolean {
  return new RegExp(`^\\s*\\w+ by (the )?${actor}\\s*\\.?\\s*$`, "i").test(reason) || reason.trim() === "";
}
