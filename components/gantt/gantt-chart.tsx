"use client";
// The Gantt's bars as SVG: per track a planned bar and one actual lane per attempt (running solid, paused
// hatched), dependency arrows, phase markers, forecasts and the now-line. Scrolls horizontally in its parent.
// Its pieces: gantt-axis, gantt-dependency-arrows, gantt-track-row (→ attempt lanes, forecast marks); the
// numbers come from gantt-layout.
import { useId } from "react";
import type { GanttModel } from "@/lib/domain/reporting/gantt";
import { type TimeScale, timeTicks } from "@/lib/domain/reporting/gantt-scale";
import { NowLine, PhaseMarkers, TimeGrid } from "./gantt-axis";
import { ArrowheadMarker, DependencyArrows } from "./gantt-dependency-arrows";
import { chartX, dependencyArrows, type GanttTip, hoverHandlers, layoutRows } from "./gantt-layout";
import { TrackRow } from "./gantt-track-row";
import { HatchPatterns } from "./hatch-patterns";

type Props = {
  model: GanttModel;
  scale: TimeScale;
  onTip: (tip: GanttTip | null) => void;
};

/** The whole chart for a model at a zoom scale; hovering or clicking a mark reports its tooltip to `onTip`. */
export function GanttChart({ model, scale, onTip }: Props) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const ids = { lead: `${uid}-hatch-lead`, governor: `${uid}-hatch-gov`, arrow: `${uid}-arrow` };
  const { x, w, width } = chartX(scale);
  const { tops, height, bodyTop } = layoutRows(model);
  const { ticks, stepMs } = timeTicks(scale);
  const hoverProps = hoverHandlers(onTip, width);

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
        <ArrowheadMarker id={ids.arrow} />
      </defs>
      <TimeGrid model={model} ticks={ticks} stepMs={stepMs} tops={tops} x={x} width={width} height={height} />
      <PhaseMarkers markers={model.phaseMarkers} x={x} height={height} width={width} />
      <DependencyArrows arrows={dependencyArrows(model, tops, x)} arrowheadId={ids.arrow} />
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
      {model.isLive && <NowLine nowMs={model.nowMs} x={x} bodyTop={bodyTop} height={height} />}
    </svg>
  );
}
