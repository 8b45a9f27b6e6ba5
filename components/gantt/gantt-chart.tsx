// biome-ignore-all lint/a11y/noInteractiveElementToNoninteractiveRole: Biome counts SVG shapes as interactive; role="img" names each bar.
// biome-ignore-all lint/a11y/noAriaHiddenOnFocusable: SVG <g>, <line> and <text> are not focusable; aria-hidden marks decoration.
"use client";
// The Gantt's bars as SVG: per track a planned bar and one actual lane per attempt (running solid, paused
// hatched), dependency arrows, phase markers, forecasts and the now-line. Scrolls horizontally in its parent.
import { useId } from "react";
import type { GanttModel, GanttRowModel } from "@/lib/domain/gantt";
import type { AttemptBar, BarSegment } from "@/lib/domain/gantt-actual-bars";
import type { Forecast } from "@/lib/domain/gantt-forecast";
import { actualSegmentLabel, forecastLabel, plannedBarLabel } from "@/lib/domain/gantt-labels";
import { formatOffset, type TimeScale, timeTicks } from "@/lib/domain/gantt-scale";
import {
  AXIS_H,
  ENDING_GLYPH,
  ENDING_TEXT,
  LANE_H,
  laneY,
  PHASE_STRIP_H,
  PLANNED_H,
  plannedY,
  RUNNING_FILL,
  rowHeight,
  X_PAD,
} from "./gantt-geometry";
import { HatchPatterns } from "./hatch-patterns";

export type GanttTip = { text: string; x: number; y: number };

type Props = {
  model: GanttModel;
  scale: TimeScale;
  onTip: (tip: GanttTip | null) => void;
};

/** Top of each row, after the axis and the phase strip. */
export function layoutRows(model: GanttModel): { tops: number[]; height: number; bodyTop: number } {
  const bodyTop = AXIS_H + (model.phaseMarkers.length > 0 ? PHASE_STRIP_H : 0);
  const tops: number[] = [];
  let y = bodyTop;
  for (const row of model.rows) {
    tops.push(y);
    y += rowHeight(row.lanes);
  }
  return { tops, height: y + 4, bodyTop };
}

const MIN_BAR_PX = 2;

export function GanttChart({ model, scale, onTip }: Props) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const ids = { lead: `${uid}-hatch-lead`, governor: `${uid}-hatch-gov`, arrow: `${uid}-arrow` };
  const x = (ms: number) => X_PAD + ms * scale.pxPerMs;
  const w = (from: number, to: number) => Math.max(MIN_BAR_PX, (to - from) * scale.pxPerMs);
  const width = scale.widthPx + 2 * X_PAD;
  const { tops, height, bodyTop } = layoutRows(model);
  const { ticks } = timeTicks(scale);
  const rowIndex = new Map(model.rows.map((r, i) => [r.track.key, i]));

  const tipAt = (text: string, tx: number, ty: number) => () =>
    onTip({ text, x: Math.min(tx, Math.max(0, width - 280)), y: ty });
  const hideTip = () => onTip(null);
  const hoverProps = (text: string, tx: number, ty: number) => ({
    onPointerEnter: tipAt(text, tx, ty),
    onPointerLeave: hideTip,
    onClick: tipAt(text, tx, ty),
  });

  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={model.summary}
      data-testid="gantt-chart"
      className="block select-none"
    >
      <defs>
        <HatchPatterns leadId={ids.lead} governorId={ids.governor} />
        <marker
          id={ids.arrow}
          viewBox="0 0 6 6"
          refX="5"
          refY="3"
          markerWidth="6"
          markerHeight="6"
          orient="auto"
        >
          <path d="M0,0 L6,3 L0,6 z" className="fill-slate-400 dark:fill-slate-500" />
        </marker>
      </defs>

      {/* Time axis and grid */}
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
              {model.isLive && Math.abs(x(t) - x(model.nowMs)) < 40 ? "" : formatOffset(t)}
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

      {/* Phase markers */}
      {model.phaseMarkers.map((m) => (
        <g
          key={`${m.at}-${m.to}`}
          data-testid="gantt-phase-marker"
          role="img"
          aria-label={`${m.label} at ${formatOffset(m.ms)}`}
        >
          <line
            x1={x(m.ms)}
            x2={x(m.ms)}
            y1={AXIS_H}
            y2={height}
            strokeDasharray="2 3"
            className="stroke-fuchsia-500"
          />
          <text
            x={x(m.ms) + 3}
            y={AXIS_H + 12}
            className="fill-fuchsia-700 text-[10px] font-medium dark:fill-fuchsia-300"
          >
            {`P${m.to}`}
            <title>{`${m.label} at ${formatOffset(m.ms)}`}</title>
          </text>
        </g>
      ))}

      {/* Dependency arrows: planned (dep's planned end → dependant's planned start) and actual */}
      <g aria-hidden="true" fill="none">
        {model.rows
          .flatMap((row, i) =>
            row.track.dependsOn.flatMap((depKey) => {
              const j = rowIndex.get(depKey);
              if (j === undefined) return [];
              const dep = model.rows[j]!;
              const arrows: { key: string; d: string; actual: boolean }[] = [];
              if (row.planned && dep.planned) {
                arrows.push({
                  key: `p-${depKey}-${row.track.key}`,
                  d: curve(
                    x(dep.planned.plannedEndMs),
                    plannedY(tops[j]!) + PLANNED_H / 2,
                    x(row.planned.plannedStartMs),
                    plannedY(tops[i]!) + PLANNED_H / 2,
                  ),
                  actual: false,
                });
              }
              const depLast = dep.attempts.at(-1);
              const current = row.attempts.at(-1);
              if (depLast && current && depLast.ending === "completed") {
                arrows.push({
                  key: `a-${depKey}-${row.track.key}`,
                  d: curve(
                    x(depLast.endMs),
                    laneY(tops[j]!, depLast.lane) + LANE_H / 2,
                    x(current.startMs),
                    laneY(tops[i]!, current.lane) + LANE_H / 2,
                  ),
                  actual: true,
                });
              }
              return arrows;
            }),
          )
          .map((a) => (
            <path
              key={a.key}
              d={a.d}
              markerEnd={`url(#${ids.arrow})`}
              strokeWidth={1.25}
              strokeDasharray={a.actual ? undefined : "3 2"}
              className={
                a.actual ? "stroke-slate-500 dark:stroke-slate-400" : "stroke-slate-400 dark:stroke-slate-500"
              }
              data-testid="gantt-dependency"
            />
          ))}
      </g>

      {model.rows.map((row, i) => (
        <TrackRow
          key={row.track.key}
          row={row}
          top={tops[i]!}
          x={x}
          w={w}
          hatch={ids}
          hoverProps={hoverProps}
          nowMs={model.nowMs}
        />
      ))}

      {/* Now-line */}
      {model.isLive && (
        <g data-testid="gantt-now-line" role="img" aria-label={`Now ${formatOffset(model.nowMs)}`}>
          <line
            x1={x(model.nowMs)}
            x2={x(model.nowMs)}
            y1={bodyTop - 6}
            y2={height}
            strokeWidth={1.5}
            className="stroke-rose-500"
          />
          <rect
            x={x(model.nowMs) - 22}
            y={bodyTop - 18}
            width={44}
            height={14}
            rx={3}
            className="fill-rose-500"
          />
          <text
            x={x(model.nowMs)}
            y={bodyTop - 7.5}
            textAnchor="middle"
            className="fill-white text-[10px] font-semibold tabular-nums"
          >
            {formatOffset(model.nowMs)}
          </text>
        </g>
      )}
    </svg>
  );
}

type HoverProps = (
  text: string,
  x: number,
  y: number,
) => { onPointerEnter: () => void; onPointerLeave: () => void; onClick: () => void };

function TrackRow(props: {
  row: GanttRowModel;
  top: number;
  x: (ms: number) => number;
  w: (from: number, to: number) => number;
  hatch: { lead: string; governor: string };
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

function AttemptLane(props: {
  trackKey: string;
  attempt: AttemptBar;
  attempts: number;
  top: number;
  x: (ms: number) => number;
  w: (from: number, to: number) => number;
  hatch: { lead: string; governor: string };
  hoverProps: HoverProps;
}) {
  const { trackKey, attempt, attempts, top, x, w, hatch, hoverProps } = props;
  const glyph = ENDING_GLYPH[attempt.ending];
  return (
    <g data-attempt={attempt.attempt}>
      {attempts > 1 && (
        <text
          x={x(attempt.startMs) - 3}
          y={top + LANE_H / 2 + 4}
          textAnchor="end"
          className="fill-slate-500 text-[10px] dark:fill-slate-400"
          aria-hidden="true"
        >
          {`#${attempt.attempt}`}
        </text>
      )}
      {attempt.segments.map((segment) => (
        <SegmentRect
          key={`${segment.kind}-${segment.startMs}`}
          trackKey={trackKey}
          segment={segment}
          attempt={attempt}
          attempts={attempts}
          top={top}
          x={x}
          w={w}
          hatch={hatch}
          hoverProps={hoverProps}
        />
      ))}
      {glyph && (
        <text
          x={x(attempt.endMs) + 4}
          y={top + LANE_H / 2 + 4}
          className={`text-[11px] font-medium ${ENDING_TEXT[attempt.ending]}`}
          aria-hidden="true"
        >
          {glyph}
        </text>
      )}
    </g>
  );
}

function SegmentRect(props: {
  trackKey: string;
  segment: BarSegment;
  attempt: AttemptBar;
  attempts: number;
  top: number;
  x: (ms: number) => number;
  w: (from: number, to: number) => number;
  hatch: { lead: string; governor: string };
  hoverProps: HoverProps;
}) {
  const { trackKey, segment, attempt, attempts, top, x, w, hatch, hoverProps } = props;
  const label = actualSegmentLabel(trackKey, segment, attempt, attempts);
  const width = w(segment.startMs, segment.endMs);
  const isPaused = segment.kind === "paused";
  const fill = isPaused
    ? `url(#${segment.pausedBy === "governor" ? hatch.governor : hatch.lead})`
    : undefined;
  const stroke = isPaused
    ? segment.pausedBy === "governor"
      ? "stroke-violet-500"
      : "stroke-amber-500"
    : attempt.ending === "requeued" || attempt.ending === "restarted" || attempt.ending === "swapped"
      ? "stroke-amber-600 dark:stroke-amber-400"
      : "";
  const pauser = segment.pausedBy ?? "";
  return (
    <g>
      <rect
        x={x(segment.startMs)}
        y={top}
        width={width}
        height={LANE_H}
        rx={2}
        fill={fill}
        strokeWidth={stroke ? 1 : 0}
        strokeDasharray={!isPaused && stroke ? "3 2" : undefined}
        className={`${isPaused ? "" : RUNNING_FILL[attempt.ending]} ${stroke}`}
        role="img"
        aria-label={label}
        data-testid={`gantt-actual-${trackKey}`}
        data-kind={segment.kind}
        data-paused-by={segment.pausedBy ?? undefined}
        data-attempt={attempt.attempt}
        data-open={segment.isOpen ? "true" : undefined}
        {...hoverProps(label, x(segment.startMs), top + LANE_H + 4)}
      >
        <title>{label}</title>
      </rect>
      {isPaused && width > 46 && (
        <text
          x={x(segment.startMs) + width / 2}
          y={top + LANE_H / 2 + 3.5}
          textAnchor="middle"
          // A halo in the page's colour keeps the words readable on the stripes.
          strokeWidth={3}
          paintOrder="stroke"
          className="pointer-events-none fill-slate-900 stroke-white text-[10px] font-semibold dark:fill-slate-100 dark:stroke-slate-900"
          aria-hidden="true"
        >
          {width > 110 ? `paused · ${pauser}` : pauser}
        </text>
      )}
    </g>
  );
}

function ForecastMark(props: {
  trackKey: string;
  forecast: Forecast;
  fromMs: number;
  y: number;
  x: (ms: number) => number;
  hoverProps: HoverProps;
}) {
  const { trackKey, forecast, fromMs, y, x, hoverProps } = props;
  const label = forecastLabel(trackKey, forecast);
  const x1 = x(fromMs);
  const x2 = Math.max(x1 + 1, x(forecast.finishMs));
  return (
    <g
      role="img"
      aria-label={label}
      data-testid={`gantt-forecast-${trackKey}`}
      {...hoverProps(label, x1, y + LANE_H + 4)}
    >
      <rect
        x={x1}
        y={y + 1}
        width={x2 - x1}
        height={LANE_H - 2}
        rx={2}
        fill="transparent"
        strokeDasharray="4 3"
        strokeWidth={1.25}
        className="stroke-sky-500 dark:stroke-sky-400"
      />
      <path
        d={`M${x2},${y + LANE_H / 2 - 5} l5,5 l-5,5 l-5,-5 z`}
        className="fill-sky-500 dark:fill-sky-400"
        aria-hidden="true"
      />
      <title>{label}</title>
    </g>
  );
}

function curve(x1: number, y1: number, x2: number, y2: number): string {
  const bend = Math.max(12, Math.min(40, Math.abs(x2 - x1) / 2));
  return `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
}
