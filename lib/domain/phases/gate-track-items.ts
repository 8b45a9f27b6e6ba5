// The phase 4 gate per track (the seed's "Validation Gate (Per Track)") and its roll-up over all tracks. Pure.

import { formatBytes } from "../units";
import { type ManualTicks, type TrackCompletionEvidence, trackTickKey } from "./gate-evidence";
import { fallBackToManual, type GateItemStatus, manual, type Outcome, pending, plural } from "./gate-outcome";
import type { GateMode } from "./phases";

/** The phase 4 items that are checked per track. */
export type TrackItemKey =
  | "track-deliverables-complete"
  | "track-quality-gates-passed"
  | "handoff-documentation-ready"
  | "resources-released";
/** The per-track items in checklist order, so a track's gate lists them as the seed does. */
export const TRACK_ITEM_KEYS: readonly TrackItemKey[] = [
  "track-deliverables-complete",
  "track-quality-gates-passed",
  "handoff-documentation-ready",
  "resources-released",
];

/** One per-track item for one track; a track's own tick counts before the shared one. */
export function evaluateTrackItem(
  key: TrackItemKey,
  t: TrackCompletionEvidence,
  ticks: ManualTicks,
): Outcome {
  const tick = ticks[trackTickKey(key, t.key)] ?? ticks[key];
  switch (key) {
    case "track-deliverables-complete":
      if (t.status === "completed") return { status: "pass", evidence: "completed" };
      if (t.status === "failed" || t.status === "stopped") return { status: "fail", evidence: t.status };
      return pending(t.status);
    case "track-quality-gates-passed":
      if (!t.testConfigured) return fallBackToManual(tick, "no test command in the plan");
      if (t.testPassed === null) return pending("test not run yet");
      return t.testPassed
        ? { status: "pass", evidence: "test passed" }
        : { status: "fail", evidence: "test failed" };
    case "handoff-documentation-ready":
      return manual(tick);
    case "resources-released":
      if (t.liveProcesses === 0) return { status: "pass", evidence: "no live processes" };
      if (t.status === "running" || t.status === "paused" || t.status === "pending" || t.status === "ready") {
        return pending(`still ${t.status}`);
      }
      return {
        status: "fail",
        evidence: `${plural(t.liveProcesses, "process", "processes")} still alive (${formatBytes(t.liveBytes)})`,
      };
  }
}

/** The phase gate's view of a per-track item: the worst status over all tracks, each track's evidence named. */
export function aggregateTracks(
  key: TrackItemKey,
  mode: GateMode,
  tracks: readonly TrackCompletionEvidence[] | undefined,
  ticks: ManualTicks,
): Outcome {
  if (!tracks || tracks.length === 0) {
    return mode === "manual" ? manual(ticks[key]) : pending("no tracks have finished yet");
  }
  const outcomes = tracks.map((t) => ({ key: t.key, ...evaluateTrackItem(key, t, ticks) }));
  const order: GateItemStatus[] = ["fail", "pending", "manual", "pass"];
  const status = order.find((s) => outcomes.some((o) => o.status === s)) ?? "pass";
  const evidence = outcomes
    .map((o) => `${o.key}: ${o.status === "manual" ? "needs a tick" : o.evidence}`)
    .join("; ");
  const shared = ticks[key];
  return { status, evidence, tick: status === "pass" && shared ? shared : null };
}

/** "n/m tracks completed", the context the lead sees while the integration waits for a tick. */
export function completedNote(tracks: readonly TrackCompletionEvidence[] | undefined): string | undefined {
  if (!tracks || tracks.length === 0) return undefined;
  const done = tracks.filter((t) => t.status === "completed").length;
  return `${done}/${tracks.length} tracks completed`;
}
