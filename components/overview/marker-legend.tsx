// The key to the timeline: its lines, and the colours of the governor's action markers shown in the window.
import type { TimelineMarker } from "../charts/memory-timeline";
import { ACTION_COLORS, ACTION_LABELS, type DecisionAction } from "../governor/decisions";

const SHOWN: DecisionAction[] = ["start", "pause", "resume", "stop-requeue", "swap-model", "alert"];

export function MarkerLegend(props: { markers: readonly TimelineMarker[]; hasBudget: boolean }) {
  const colors = new Set(props.markers.map((m) => m.color));
  const kinds = SHOWN.filter((k) => colors.has(ACTION_COLORS[k]));
  return (
    <ul
      className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300"
      aria-label="Timeline key"
    >
      <li className="flex items-center gap-1.5">
        <span className="h-0.5 w-4 bg-[#2563eb]" aria-hidden="true" /> Machine used
      </li>
      {props.hasBudget && (
        <li className="flex items-center gap-1.5">
          <span className="h-0.5 w-4 bg-[#9333ea]" aria-hidden="true" /> Budget used
        </li>
      )}
      {kinds.map((k) => (
        <li key={k} className="flex items-center gap-1.5">
          <span
            className="h-3 w-0 border-l-2 border-dashed"
            style={{ borderColor: ACTION_COLORS[k] }}
            aria-hidden="true"
          />
          {ACTION_LABELS[k]}
        </li>
      ))}
    </ul>
  );
}
