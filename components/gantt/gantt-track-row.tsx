// biome-ignore-all lint/a11y/noInteractiveElementToNoninteractiveRole: Biome counts SVG shapes as interactive; role="img" names each bar.
// biome-ignore-all lint/a11y/noAriaHiddenOnFocusable: SVG <g>, <line> and <text> are not focusable; aria-hidden marks decoration.
// One track's row in the Gantt chart: its planned bar (with the spread of its planned end), one actual lane
// per attempt, a "not started" note before the first, and the forecast mark after the current attempt.
import type { GanttRowModel } from "@/lib/domain/reporting/gantt";
import { plannedBarLabel } from "@/lib/domain/reporting/gantt-labels";
import { formatOffset } from "@/lib/domain/reporting/gantt-scale";
import { AttemptLane } from "./gantt-attempt-lane";
import { ForecastMark } from "./gantt-forecast-mark";
import { LANE_H, laneY, PLANNED_H, plannedY } from "./gantt-geometry";
import type { HoverProps } from "./gantt-layout";
import type { HatchIds } from "./hatch-patterns";

/** Everything drawn for one track, in a <g data-track> that tests and styles find it by. */
export function TrackRow(props: {
  row: GanttRowModel;
  top: number;
  x: (ms: number) => number;
  w: (from: number, to: number) => number;
  hatch: HatchIds;
  hoverProps: HoverProps;
  nowMs: number;
}) {
  const { row, top, x, w, hoverProps } = props;
  const key = row.track.key;
  const planned = row.planned;
  const py = plannedY(top);
  return (
    <g data-track={key}>
      {planned && (
        <g>
          {/* The optimistic–pessimistic spread of the planned end */}
          {planned.pessimisticEndMs > planned.optimisticEndMs && (
            <line
              aria-hidden="true"
              x1={x(planned.optimisticEndMs)}
              x2={x(planned.pessimisticEndMs)}
              y1={py + PLANNED_H / 2}
              y2={py + PLANNED_H / 2}
              strokeWidth={2}
              className="stroke-slate-400 dark:stroke-slate-500"
            />
          )}
          <rect
            x={x(planned.plannedStartMs)}
            y={py}
            width={w(planned.plannedStartMs, planned.plannedEndMs)}
            height={PLANNED_H}
            rx={2}
            role="img"
            aria-label={plannedBarLabel(key, planned.plannedStartMs, planned.plannedEndMs, planned.critical)}
            data-testid={`gantt-planned-${key}`}
            className={
              planned.critical
                ? "fill-slate-300 stroke-slate-600 dark:fill-slate-600 dark:stroke-slate-300"
                : "fill-slate-300 dark:fill-slate-600"
            }
            strokeWidth={planned.critical ? 1 : 0}
            {...hoverProps(
              `${plannedBarLabel(key, planned.plannedStartMs, planned.plannedEndMs, planned.critical)}; ` +
                `optimistic end ${formatOffset(planned.optimisticEndMs)}, pessimistic ${formatOffset(planned.pessimisticEndMs)}`,
              x(planned.plannedStartMs),
              py + PLANNED_H + 4,
            )}
          >
            <title>
              {plannedBarLabel(key, planned.plannedStartMs, planned.plannedEndMs, planned.critical)}
            </title>
          </rect>
        </g>
      )}
      {row.attempts.length === 0 && (
        <text
          x={x(planned?.plannedStartMs ?? 0) + 2}
          y={laneY(top, 0) + LANE_H / 2 + 4}
          className="fill-slate-400 text-[11px] italic dark:fill-slate-500"
        >
          {row.track.status === "pending" || row.track.status === "ready"
            ? `not started${row.track.waitReason ? `: ${row.track.waitReason}` : ""}`
            : row.track.status}
        </text>
      )}
      {row.attempts.map((attempt) => (
        <AttemptLane
          key={attempt.attempt}
          trackKey={key}
          attempt={attempt}
          attempts={row.attempts.length}
          top={laneY(top, attempt.lane)}
          x={x}
          w={w}
          hatch={props.hatch}
          hoverProps={hoverProps}
        />
      ))}
      {row.forecast && row.attempts.length > 0 && (
        <ForecastMark
          trackKey={key}
          forecast={row.forecast}
          fromMs={props.nowMs}
          y={laneY(top, row.attempts.at(-1)!.lane)}
          x={x}
          hoverProps={hoverProps}
        />
      )}
    </g>
  );
}
