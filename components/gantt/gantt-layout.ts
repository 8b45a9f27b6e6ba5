// Pure layout of the Gantt chart's SVG: where each row starts, time to x, the dependency arrows' paths and
// where a tooltip goes. No React, so it is unit-tested on its own.
import type { GanttModel } from "@/lib/domain/reporting/gantt";
import { formatOffset, type TimeScale } from "@/lib/domain/reporting/gantt-scale";
import {
  AXIS_H,
  LANE_H,
  laneY,
  PHASE_STRIP_H,
  PLANNED_H,
  plannedY,
  rowHeight,
  X_PAD,
} from "./gantt-geometry";

/** A tooltip's text and where it sits in the chart's coordinates (the board draws it). */
export type GanttTip = { text: string; x: number; y: number };

/** The pointer and click handlers that show a mark's tooltip, spread onto the mark. */
export type HoverProps = (
  text: string,
  x: number,
  y: number,
) => { onPointerEnter: () => void; onPointerLeave: () => void; onClick: () => void };

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

/** Time to x and a bar's width on the scale; a bar is never thinner than 2 px, so a short span stays visible. */
export function chartX(scale: TimeScale): {
  x: (ms: number) => number;
  w: (from: number, to: number) => number;
  width: number;
} {
  return {
    x: (ms) => X_PAD + ms * scale.pxPerMs,
    w: (from, to) => Math.max(MIN_BAR_PX, (to - from) * scale.pxPerMs),
    width: scale.widthPx + 2 * X_PAD,
  };
}

/** Tooltip handlers for the chart; a tip near the right edge moves left so its 280 px stay inside. */
export function hoverHandlers(onTip: (tip: GanttTip | null) => void, width: number): HoverProps {
  const tipAt = (text: string, tx: number, ty: number) => () =>
    onTip({ text, x: Math.min(tx, Math.max(0, width - 280)), y: ty });
  const hideTip = () => onTip(null);
  return (text, tx, ty) => ({
    onPointerEnter: tipAt(text, tx, ty),
    onPointerLeave: hideTip,
    onClick: tipAt(text, tx, ty),
  });
}

export type DependencyArrow = { key: string; d: string; actual: boolean };

/**
 * Arrows from each dependency to its dependant: planned (dependency's planned end → dependant's planned start)
 * and, once the dependency's last attempt completed, actual (its end → the dependant's current attempt).
 */
export function dependencyArrows(
  model: Pick<GanttModel, "rows">,
  tops: readonly number[],
  x: (ms: number) => number,
): DependencyArrow[] {
  const rowIndex = new Map(model.rows.map((r, i) => [r.track.key, i]));
  return model.rows.flatMap((row, i) =>
    row.track.dependsOn.flatMap((depKey) => {
      const j = rowIndex.get(depKey);
      if (j === undefined) return [];
      const dep = model.rows[j]!;
      const arrows: DependencyArrow[] = [];
      if (row.planned && dep.planned) {
        arrows.push({
          key: `p-${depKey}-${row.track.key}`,
          d: dependencyCurve(
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
          d: dependencyCurve(
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
  );
}

/** An S-curve from (x1, y1) to (x2, y2) whose bend suits both short and long gaps. */
export function dependencyCurve(x1: number, y1: number, x2: number, y2: number): string {
  const bend = Math.max(12, Math.min(40, Math.abs(x2 - x1) / 2));
  return `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
}

/** Phase changes closer than this on screen share one marker (a finished run's P2–P5 come seconds apart). */
export const PHASE_MARKER_MIN_PX = 24;

/** Where a phase marker's label goes: right of its line, or left of it where it would run past the chart's end. */
export function phaseLabelPlacement(
  lineX: number,
  text: string,
  chartWidth: number,
): { x: number; anchor: "start" | "end" } {
  // 10 px text: about 6.5 px a character, 3 px from the line.
  const right = lineX + 3 + text.length * 6.5;
  return right > chartWidth ? { x: lineX - 3, anchor: "end" } : { x: lineX + 3, anchor: "start" };
}

/** One drawn phase marker: one phase change, or several close together ("P2–P5"). */
export type PhaseMarkerGroup = { key: string; x: number; text: string; labels: string[] };

/** Groups phase markers (in time order) whose x is within PHASE_MARKER_MIN_PX of the group's first. */
export function groupPhaseMarkers(
  markers: GanttModel["phaseMarkers"],
  x: (ms: number) => number,
): PhaseMarkerGroup[] {
  const groups: { x: number; members: GanttModel["phaseMarkers"] }[] = [];
  for (const marker of [...markers].sort((a, b) => a.ms - b.ms)) {
    const at = x(marker.ms);
    const last = groups.at(-1);
    if (last !== undefined && at - last.x < PHASE_MARKER_MIN_PX) last.members.push(marker);
    else groups.push({ x: at, members: [marker] });
  }
  return groups.map(({ x: at, members }) => {
    const first = members[0]!;
    const last = members.at(-1)!;
    return {
      key: `${first.at}-${first.to}`,
      x: at,
      text: members.length === 1 ? `P${first.to}` : `P${first.to}–P${last.to}`,
      labels: members.map((m) => `${m.label} at ${formatOffset(m.ms)}`),
    };
  });
}

/**
 * An axis tick's label. Whole-minute ticks on an axis that reaches a day (or steps by hours) are written alike, as
 * run-relative h:mm with the day in front ("0:00", "12:00", "1d 0:00", "1d 12:00"): formatOffset alone would mix
 * "0:00" (m:ss), "12:00:00" (h:mm:ss) and "1d 0:00" on one axis. Short axes keep formatOffset's clock.
 */
export function tickLabel(ms: number, stepMs: number, lastTickMs: number): string {
  const wholeMinutes = stepMs >= 60_000 && stepMs % 60_000 === 0;
  if (!wholeMinutes || (stepMs < 3_600_000 && lastTickMs < 86_400_000)) return formatOffset(ms);
  const minutes = Math.round(ms / 60_000);
  const clock = `${Math.floor(minutes / 60) % 24}:${String(minutes % 60).padStart(2, "0")}`;
  const days = Math.floor(minutes / 1440);
  return days > 0 ? `${days}d ${clock}` : clock;
}
