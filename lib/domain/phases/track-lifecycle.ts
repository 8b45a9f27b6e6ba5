// A track's life: pending → ready → running ⇄ paused → completed | failed | stopped. Pure rules, no I/O.
import type { PausedBy, TrackStatus } from "../types";

export type LeadAction = "pause" | "resume" | "stop" | "restart";
export const LEAD_ACTIONS: readonly LeadAction[] = ["pause", "resume", "stop", "restart"];

export type AgentExit = { code: number | null; signal: string | null; error: string | null };

export function isFinished(status: TrackStatus): boolean {
  switch (status) {
    case "completed":
    case "failed":
    case "stopped":
      return true;
    case "pending":
    case "ready":
    case "running":
    case "paused":
      return false;
  }
}

/** Holds agent processes (and so memory). */
export function isActive(status: TrackStatus): boolean {
  return status === "running" || status === "paused";
}

/** Why the lead may not do `action` now, or null when it is allowed. */
export function refuseLeadAction(
  track: { status: TrackStatus; pausedBy: PausedBy | null; dependenciesDone: boolean },
  action: LeadAction,
): string | null {
  const { status } = track;
  switch (action) {
    case "pause":
      if (status === "running") return null;
      // Taking over a governor pause keeps the track paused through recovery.
      if (status === "paused" && track.pausedBy === "governor") return null;
      return `cannot pause a track that is ${status}${status === "paused" ? " already" : ""}`;
    case "resume":
      return status === "paused" ? null : `cannot resume a track that is ${status}`;
    case "stop":
      return isFinished(status) ? `cannot stop a track that is ${status}` : null;
    case "restart":
      if (!track.dependenciesDone) return "cannot restart a track whose dependencies have not completed";
      return status === "pending" ? "cannot restart a track that has not started" : null;
  }
}

/** The outcome of one attempt once every agent has exited: completed only when all exited 0. */
export function attemptOutcome(exits: AgentExit[]): { status: "completed" | "failed"; summary: string } {
  const failed = exits.filter((e) => e.code !== 0);
  if (failed.length === 0) return { status: "completed", summary: describeAllExitedZero(exits.length) };
  const parts = failed.map((e) => {
    if (e.error) return e.error;
    if (e.signal) return `killed by ${e.signal}`;
    return `exit code ${e.code}`;
  });
  return { status: "failed", summary: parts.join("; ") };
}

/** "its agent exited 0", "all 3 agents exited 0". */
function describeAllExitedZero(count: number): string {
  if (count === 0) return "it had no agent to run";
  return count === 1 ? "its agent exited 0" : `all ${count} agents exited 0`;
}

type DepTrack = { key: string; status: TrackStatus; dependsOn: string[] };

/** Pending tracks whose dependencies have all completed, and pending tracks that can never start. */
export function resolveDependencies(tracks: DepTrack[]): {
  ready: string[];
  blocked: { key: string; reason: string }[];
} {
  const byKey = new Map(tracks.map((t) => [t.key, t]));
  const ready: string[] = [];
  const blocked: { key: string; reason: string }[] = [];
  for (const track of tracks) {
    if (track.status !== "pending") continue;
    const deps = track.dependsOn.map((key) => byKey.get(key));
    const dead = deps.find((d) => d && (d.status === "failed" || d.status === "stopped"));
    if (dead) blocked.push({ key: track.key, reason: `dependency ${dead.key} ${dead.status}` });
    else if (deps.every((d) => d?.status === "completed")) ready.push(track.key);
  }
  return { ready, blocked };
}

/** The run's outcome once nothing can move any more, or null while it can. */
export function runOutcome(tracks: DepTrack[]): "completed" | "failed" | "stopped" | null {
  const { ready, blocked } = resolveDependencies(tracks);
  const blockedKeys = new Set(blocked.map((b) => b.key));
  const canMove = tracks.some(
    (t) => t.status === "ready" || isActive(t.status) || (t.status === "pending" && !blockedKeys.has(t.key)),
  );
  if (canMove || ready.length > 0) return null;
  if (tracks.every((t) => t.status === "completed")) return "completed";
  if (tracks.some((t) => t.status === "failed")) return "failed";
  return "stopped";
}
