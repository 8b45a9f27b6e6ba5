// Governor events read as decisions (time, zone, used %, action, track, reason) and as timeline markers.
import type { TimelineMarker } from "@/components/charts/memory-timeline";
import type { PtEvent, Zone } from "@/lib/domain/types";

export type DecisionAction =
  | "start"
  | "pause"
  | "resume"
  | "stop-requeue"
  | "swap-model"
  | "alert"
  | "enabled"
  | "disabled";

export type Decision = {
  id: number;
  at: string;
  zone: Zone | null;
  usedPercent: number | null;
  /** The part of the kind after "governor:", e.g. "pause". */
  action: string;
  trackKey: string | null;
  reason: string;
  actor: PtEvent["actor"];
  isAlert: boolean;
  toModel: string | null;
};

const ZONES: readonly Zone[] = ["green", "yellow", "orange", "red"];

function asZone(value: unknown): Zone | null {
  return typeof value === "string" && (ZONES as readonly string[]).includes(value) ? (value as Zone) : null;
}

/** A governor event as a decision row; fields the event lacks become null. */
export function toDecision(event: PtEvent): Decision {
  const details = event.details ?? {};
  const action = event.kind.startsWith("governor:") ? event.kind.slice("governor:".length) : event.kind;
  const usedPercent = typeof details.usedPercent === "number" ? details.usedPercent : null;
  const reason = typeof details.reason === "string" ? details.reason : event.message;
  return {
    id: event.id,
    at: event.at,
    zone: asZone(details.zone),
    usedPercent,
    action,
    trackKey: event.trackKey,
    reason,
    actor: event.actor,
    isAlert: action === "alert",
    toModel: typeof details.toModel === "string" ? details.toModel : null,
  };
}

export const ACTION_COLORS: Record<DecisionAction, string> = {
  start: "#2563eb",
  pause: "#d97706",
  resume: "#16a34a",
  "stop-requeue": "#dc2626",
  "swap-model": "#9333ea",
  alert: "#ca8a04",
  enabled: "#64748b",
  disabled: "#64748b",
};

export const ACTION_LABELS: Record<DecisionAction, string> = {
  start: "Start",
  pause: "Pause",
  resume: "Resume",
  "stop-requeue": "Stop & requeue",
  "swap-model": "Swap to cloud",
  alert: "Alert",
  enabled: "Governor on",
  disabled: "Manual mode",
};

export function isKnownAction(action: string): action is DecisionAction {
  return Object.hasOwn(ACTION_COLORS, action);
}

/** Vertical markers for the memory timeline: one per decision that touched a track or raised an alert. */
export function decisionMarkers(decisions: readonly Decision[]): TimelineMarker[] {
  return decisions.flatMap((d) => {
    if (!isKnownAction(d.action) || d.action === "enabled" || d.action === "disabled") return [];
    const label = d.trackKey ? `${ACTION_LABELS[d.action]} ${d.trackKey}` : ACTION_LABELS[d.action];
    return [{ at: Date.parse(d.at), label, color: ACTION_COLORS[d.action] }];
  });
}

const ZONE_RANK: Record<Zone, number> = { green: 0, yellow: 1, orange: 2, red: 3 };

/** True when a zone change deserves an alert: into Yellow or worse, and worse than before. */
export function isAlertingChange(from: Zone | null, to: Zone): boolean {
  return ZONE_RANK[to] >= ZONE_RANK.yellow && ZONE_RANK[to] > ZONE_RANK[from ?? "green"];
}
