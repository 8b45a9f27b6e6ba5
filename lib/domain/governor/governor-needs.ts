// What a track needs, in the words a wait or start reason uses: its projected peak and what that rests on.

import { formatBytes, formatDuration } from "../units";
import type { GovernorTrack } from "./governor-types";
import type { Projection, TrackModel } from "./memory-projection";

/** "5.00 GB (learned peak; plan said 3.00 GB)", "3.00 GB", "2.00 GB at its peak in 40s (learned profile)". */
export function describeNeeds(track: GovernorTrack, model: TrackModel, projection: Projection): string {
  const needs = describeBasis(track, model, projection);
  const raised = "raised" in model ? model.raised : undefined;
  if (raised === undefined) return needs;
  const { evidence } = raised;
  return (
    `${needs}, raised ×${raised.by.toFixed(2)}: ${evidence.trackKey} used ${evidence.ratio.toFixed(2)}× its ` +
    "estimate, so the plan's other estimates may be low too"
  );
}

function describeBasis(track: GovernorTrack, model: TrackModel, projection: Projection): string {
  const needs = projection.peakBytes;
  const peakIn =
    projection.steps.length > 1 && projection.steps.at(-1)![0] >= 1000
      ? ` at its peak in ${formatDuration(projection.steps.at(-1)![0])}`
      : "";
  const ends = Number.isFinite(projection.endMs) ? `, ends in ${formatDuration(projection.endMs)}` : "";
  switch (model.basis) {
    case "learned":
      return `${formatBytes(needs)}${peakIn} (learned profile, ${learnedFrom(model.profile.runs)}${ends})`;
    case "kind":
      return `${formatBytes(needs)}${peakIn} (growth of a track of the same kind${ends})`;
    case "plan":
      return `${formatBytes(needs)}${peakIn} (plan ramp${ends})`;
    case "observed":
      return `${formatBytes(needs)} (settled use plus margin; no plan estimate)`;
    case "limited":
      return `${formatBytes(needs)} (its highest use, held: requeued too often to be optimistic)`;
    case "unknown":
      return "unknown (no RAM estimate)";
    case "estimate": {
      const learned =
        track.observedPeakBytes !== null &&
        (track.estimateBytes === null || track.observedPeakBytes > track.estimateBytes);
      if (!learned) return `${formatBytes(needs)}${ends ? ` (${ends.slice(2)})` : ""}`;
      const plan =
        track.estimateBytes === null ? "no plan estimate" : `plan said ${formatBytes(track.estimateBytes)}`;
      return `${formatBytes(needs)} (learned peak; ${plan})`;
    }
    default: {
      const unreachable: never = model;
      return unreachable;
    }
  }
}

/** "1 completed run", "3 completed runs", or what a profile from stopped attempts only rests on. */
function learnedFrom(runs: number): string {
  if (runs === 0) return "from attempts stopped early";
  return `${runs} completed run${runs === 1 ? "" : "s"}`;
}
