// Manual mode's admission: no memory rules, only the concurrency limit, so the plan still moves. Ready tracks start
// in plan order while a slot is free; the others wait for a slot and say so (not "manual mode": the mode is why
// memory is left out, the limit is what holds them).
import { projectState } from "./governor-admission";
import type { AdmissionQueueEntry, GovernorAction, GovernorInput } from "./governor-types";

/** "A", "A and C", "A, B and C". */
function joinKeys(keys: readonly string[]): string {
  if (keys.length <= 1) return keys.join("");
  return `${keys.slice(0, -1).join(", ")} and ${keys.at(-1)}`;
}

/** The starts within `policy.maxConcurrent` (paused tracks hold no slot) and why every other ready track waits. */
export function admitManually(input: GovernorInput): {
  starts: GovernorAction[];
  queue: AdmissionQueueEntry[];
} {
  const limit = input.policy.maxConcurrent;
  const running = input.tracks.filter((t) => t.status === "running").map((t) => t.key);
  const ready = input.tracks.filter((t) => t.status === "ready").sort((a, b) => a.position - b.position);
  const free = Math.max(0, limit - running.length);
  const starting = ready.slice(0, free);
  const starts: GovernorAction[] = starting.map((t) => ({
    kind: "start",
    trackKey: t.key,
    reason: `manual mode: starting ready track within the concurrency limit of ${limit}`,
  }));
  const holders = [...running, ...starting.map((t) => t.key)];
  const state = projectState(input);
  const queue = ready.slice(free).map(
    (t): AdmissionQueueEntry => ({
      trackKey: t.key,
      position: t.position,
      priority: t.priority,
      needsBytes:
        state.models.get(t.key)?.basis === "unknown"
          ? null
          : (state.projections.get(t.key)?.peakBytes ?? null),
      waitsFor: "slot",
      reason: `concurrency limit ${limit} reached (${joinKeys(holders)} running); manual mode starts it when a slot frees`,
    }),
  );
  return { starts, queue };
}
