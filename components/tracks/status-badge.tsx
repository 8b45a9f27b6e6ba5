// A track's status as a coloured pill; a paused track says who paused it, with the reason on hover.
import type { PausedBy, TrackStatus } from "@/lib/domain/types";

const STATUS_STYLE: Record<TrackStatus, string> = {
  pending: "bg-slate-100 text-slate-700 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-300",
  ready: "bg-sky-100 text-sky-800 ring-sky-600/30 dark:bg-sky-950 dark:text-sky-300",
  running: "bg-blue-100 text-blue-800 ring-blue-600/30 dark:bg-blue-950 dark:text-blue-300",
  paused: "bg-amber-100 text-amber-800 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-300",
  completed: "bg-green-100 text-green-800 ring-green-600/30 dark:bg-green-950 dark:text-green-300",
  failed: "bg-red-100 text-red-800 ring-red-600/30 dark:bg-red-950 dark:text-red-300",
  stopped: "bg-zinc-200 text-zinc-700 ring-zinc-500/30 dark:bg-zinc-800 dark:text-zinc-300",
};

/** "Running", "Paused by governor", ... */
export function statusLabel(status: TrackStatus, pausedBy: PausedBy | null): string {
  switch (status) {
    case "pending":
      return "Pending";
    case "ready":
      return "Ready";
    case "running":
      return "Running";
    case "paused":
      switch (pausedBy) {
        case "governor":
          return "Paused by governor";
        case "budget":
          return "Paused: budget";
        case "conflict":
          return "Paused by conflict";
        default:
          return "Paused by lead";
      }
    case "completed":
      return "Completed";
    case "failed":
      return "Failed";
    case "stopped":
      return "Stopped";
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

export function StatusBadge(props: {
  status: TrackStatus;
  pausedBy?: PausedBy | null;
  reason?: string | null;
  className?: string;
}) {
  const pausedBy = props.pausedBy ?? null;
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${STATUS_STYLE[props.status]} ${props.className ?? ""}`}
      title={props.reason ?? undefined}
      data-testid="track-status"
      data-status={props.status}
      data-paused-by={props.status === "paused" ? (pausedBy ?? "lead") : undefined}
    >
      {props.status === "running" && (
        <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" aria-hidden="true" />
      )}
      {statusLabel(props.status, pausedBy)}
    </span>
  );
}
