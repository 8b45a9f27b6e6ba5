// What the lead may do to a track right now, and what the card shows at once when they do it.
import { refuseForSlot, takesSlot } from "@/lib/domain/governor/concurrency";
import {
  isFinished,
  LEAD_ACTIONS,
  type LeadAction,
  refuseLeadAction,
} from "@/lib/domain/phases/track-lifecycle";
import type { ConcurrencyView, RunStatus, TrackView } from "@/lib/domain/views";

export const ACTION_LABELS: Record<LeadAction, string> = {
  pause: "Pause",
  resume: "Resume",
  stop: "Stop",
  restart: "Restart",
};

/**
 * Per action, why it is refused now (null when allowed); the same rule the server applies. `runStatus` is the
 * track's run's, undefined while the runs have not loaded; `concurrency` the governor's limit in force (a resume,
 * or a restart of a track not running, needs a free slot), undefined while the governor has not loaded.
 */
export function refusedActions(
  track: TrackView,
  tracks: readonly TrackView[],
  runStatus?: RunStatus,
  concurrency?: ConcurrencyView,
): Record<LeadAction, string | null> {
  const byKey = new Map(tracks.map((t) => [t.key, t]));
  const dependenciesDone = track.dependsOn.every((key) => byKey.get(key)?.status === "completed");
  const input = { status: track.status, pausedBy: track.pausedBy, dependenciesDone };
  // A finished run stays finished: the server refuses every action on its tracks (a restart would reopen it). The
  // run's status says so; tracks alone do not, as a run also ends with tracks left pending behind a failed one.
  const hasRunEnded =
    runStatus !== undefined
      ? runStatus !== "running"
      : tracks.length > 0 && tracks.every((t) => isFinished(t.status));
  const runEnded = hasRunEnded ? "the run has ended: start the plan again as a new run" : null;
  const refusals = Object.fromEntries(
    LEAD_ACTIONS.map((a) => [a, runEnded ?? refuseLeadAction(input, a)]),
  ) as Record<LeadAction, string | null>;
  // Slurm tracks are the cluster's to count, as on the server (run/lead-actions.ts).
  const isLocal = (t: TrackView) => (t.slurm ?? null) === null;
  if (isLocal(track)) {
    const running = tracks.filter((t) => t.status === "running" && isLocal(t)).map((t) => t.key);
    for (const action of ["resume", "restart"] as const) {
      if (refusals[action] === null && takesSlot(action, track.status))
        refusals[action] = refuseForSlot(track.key, action, concurrency ?? null, running);
    }
  }
  return refusals;
}

/** The state the server will report once it has carried out `action`, shown before it answers. */
export function optimisticTrack(track: TrackView, action: LeadAction): TrackView {
  switch (action) {
    case "pause":
      return { ...track, status: "paused", pausedBy: "lead", pauseReason: "paused by the lead" };
    case "resume":
      return { ...track, status: "running", pausedBy: null, pauseReason: null };
    case "stop":
      return { ...track, status: "stopped", pausedBy: null, pauseReason: null, waitReason: null };
    case "restart":
      return { ...track, status: "running", pausedBy: null, pauseReason: null, waitReason: null };
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/** Replaces one track (by key) in a cached list; other tracks keep their identity. */
export function replaceTrack(
  list: TrackView[] | undefined,
  key: string,
  update: (t: TrackView) => TrackView,
): TrackView[] | undefined {
  return list?.map((t) => (t.key === key ? update(t) : t));
}

/** The model line: the model in force, flagged when the governor swapped a local model for the cloud one. */
export function describeModel(track: Pick<TrackView, "model" | "modelInForce">): {
  text: string | null;
  isCloudFallback: boolean;
} {
  const { model, modelInForce } = track;
  const text = modelInForce ?? model.local ?? model.cloud;
  const isCloudFallback =
    modelInForce !== null &&
    model.local !== null &&
    modelInForce !== model.local &&
    modelInForce === model.cloud;
  return { text, isCloudFallback };
}

export type Confirmation = { title: string; body: string[]; confirmLabel: string };

/**
 * What the lead is asked before an action that cannot be undone, or null when none is needed: Stop always
 * (the agents are killed, or a track that has not started will not), Restart when it kills agents or redoes
 * completed work.
 */
export function describeConfirmation(
  track: Pick<TrackView, "key" | "name" | "status" | "attempts">,
  action: LeadAction,
): Confirmation | null {
  const next = `attempt ${track.attempts + 1} from 0 % unless the agent can resume`;
  const isLive = track.status === "running" || track.status === "paused";
  switch (action) {
    case "pause":
    case "resume":
      return null;
    case "stop":
      return {
        title: `Stop track ${track.key}?`,
        body: isLive
          ? [
              `${track.name}: Stop kills the agents; the next start is ${next}.`,
              "Work the agents have not saved is lost.",
            ]
          : [`${track.name} has not started; it will not start in this run unless you restart it.`],
        confirmLabel: `Stop track ${track.key}`,
      };
    case "restart":
      if (isLive)
        return {
          title: `Restart track ${track.key}?`,
          body: [
            `${track.name}: Restart kills the agents and starts ${next}.`,
            "Work the agents have not saved is lost.",
          ],
          confirmLabel: `Restart track ${track.key}`,
        };
      if (track.status === "completed")
        return {
          title: `Restart completed track ${track.key}?`,
          body: [
            `${track.name} has completed. Restart runs it again: ${next}; its completed attempt stays in the history.`,
          ],
          confirmLabel: `Restart track ${track.key}`,
        };
      return null;
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}
