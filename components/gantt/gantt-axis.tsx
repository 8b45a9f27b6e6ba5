// biome-ignore-all lint/a11y/noInteractiveElementToNoninteractiveRole: Biome counts SVG shapes as interactive; role="img" names each mark.
// biome-ignore-all lint/a11y/noAriaHiddenOnFocusable: SVG <g>, <line> and <text> are not focusable; aria-hidden marks decoration.
// The Gantt's time axis and what crosses every row at one moment: tick labels and grid, row separators,
// phase markers and the now-line.
import type { GanttModel } from "@/lib/domain/reporting/gantt";
import { formatOffset } from "@/lib/domain/reporting/gantt-scale";
import { AXIS_H } from "./gantt-geometry";
import { groupPhaseMarkers, type PhaseMarkerGroup, phaseLabelPlacement, tickLabel } from "./gantt-layout";

/** Tick labels, vertical grid lines and the lines between rows; decoration, hidden from screen readers. */
export function TimeGrid(props: {
  model: GanttModel;
  ticks: readonly number[];
  /** The ticks' step, for labels written alike along the axis. */
  stepMs: number;
  tops: readonly number[];
  x: (ms: number) => number;
  width: number;
  height: number;
}) {
  const { model, ticks, stepMs, tops, x, width, height } = props;
  const lastTick = ticks.at(-1) ?? 0;
  return (
    <g aria-hidden="true">
      {ticks.map((t) => (
        <g key={t}>
          <line
            x1={x(t)}
            x2={x(t)}
            y1={AXIS_H - 4}
            y2={height}
            className="stroke-slate-200 dark:stroke-slate-800"
            strokeWidth={1}
          />
          <text
            x={x(t)}
            y={AXIS_H - 9}
            textAnchor={t === 0 ? "start" : "middle"}
            className="fill-slate-500 text-[11px] dark:fill-slate-400"
          >
            {/* The now badge sits on the axis; a tick label under it would only smudge it. */}
            {model.isLive && Math.abs(x(t) - x(model.nowMs)) < 40 ? "" : tickLabel(t, stepMs, lastTick)}
            {/* The axis counts from the run's start; hovering a label tells the wall-clock time. */}
            <title>{new Date(model.runStartMs + t).toLocaleString()}</title>
          </text>
        </g>
      ))}
      {tops.map((top, i) =>
        i === 0 ? null : (
          <line
            key={model.rows[i]!.track.key}
            x1={0}
            x2={width}
            y1={top}
            y2={top}
            className="stroke-slate-100 dark:stroke-slate-800/60"
          />
        ),
      )}
    </g>
  );
}

/** One dashed line per phase change, labelled P2, P3... (close ones share a line: "P2–P5"); each named. */
export function PhaseMarkers(props: {
  markers: GanttModel["phaseMarkers"];
  x: (ms: number) => number;
  height: number;
  width: number;
}) {
  const { x, height, width } = props;
  return groupPhaseMarkers(props.markers, x).map((group) => (
    <PhaseMarker key={group.key} group={group} height={height} width={width} />
  ));
}

function PhaseMarker({ group, height, width }: { group: PhaseMarkerGroup; height: number; width: number }) {
  const label = phaseLabelPlacement(group.x, group.text, width);
  return (
    <g data-testid="gantt-phase-marker" role="img" aria-label={group.labels.join("; ")}>
      <line
        x1={group.x}
        x2={group.x}
        y1={AXIS_H}
        y2={height}
        strokeDasharray="2 3"
        className="stroke-fuchsia-500"
      />
      <text
        x={label.x}
        y={AXIS_H + 12}
        textAnchor={label.anchor}
        className="fill-fuchsia-700 text-[10px] font-medium dark:fill-fuchsia-300"
      >
        {group.text}
        <title>{group.labels.join("\n")}</title>
      </text>
    </g>
  );
}

/** The live run's now: a line through the rows with its time in a badge on the axis. */
export function NowLine(props: {
  nowMs: number;
  x: (ms: number) => number;
  bodyTop: number;
  height: number;
}) {
  const { nowMs, x, bodyTop, height } = props;
  return (
    <g data-testid="gantt-now-line" role="img" aria-label={`Now ${formatOffset(nowMs)}`}>
      <line
        x1={x(nowMs)}
        x2={x(nowMs)}
        y1={bodyTop - 6}
        y2={height}
        strokeWidth={1.5}
        className="stroke-rose-500"
      />
      <rect x={x(nowMs) - 22} y={bodyTop - 18} width={44} height={14} rx={3} className="fill-rose-500" />
      <text
        x={x(nowMs)}
        y={bodyTop - 7.5}
        textAnchor="middle"
        className="fill-white text-[10px] font-semibold tabular-nums"
      >
        {formatOffset(nowMs)}
      </text>
    </g>
  );
}
