// A headless run has no lead to raise its budget: when nothing runs and every ready track is larger than the Red
// line on its own, it would wait for ever. This tells when that is so, and for how long it has been.
import type { TrackView } from "../domain/views";

/** How long a headless run waits with every ready track too large for its budget before it ends. */
export const STUCK_MS = 5_000;

/**
 * Why the run can go no further, or null: nothing runs or is paused, and every ready track is larger than the Red
 * line on its own ("too-large"; the tracks waiting on them cannot start either).
 */
export function stuckReason(views: readonly TrackView[]): string | null {
  if (views.some((v) => v.status === "running" || v.status === "paused")) return null;
  const ready = views.filter((v) => v.status === "ready");
  if (ready.length === 0 || ready.some((v) => v.waitKind !== "too-large")) return null;
  return ready.map((v) => `${v.key} can never start within the RAM budget (${v.waitReason})`).join("; ");
}

/** Resolves `stuck` with the reason once the run has been stuck for STUCK_MS on end; `stop` ends the watch. */
export function watchForStuck(
  views: () => readonly TrackView[],
  now: () => number,
): { stuck: Promise<string>; stop(): void } {
  let since: number | null = null;
  let found: (reason: string) => void = () => {};
  const stuck = new Promise<string>((resolve) => {
    found = resolve;
  });
  const timer = setInterval(() => {
    const reason = stuckReason(views());
    since = reason === null ? null : (since ?? now());
    if (reason !== null && since !== null && now() - since >= STUCK_MS) found(reason);
  }, 500);
  return { stuck, stop: () => clearInterval(timer) };
}
