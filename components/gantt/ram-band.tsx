"use client";
// The cumulative RAM band under the Gantt: planned use (the schedule's bars × estimates, a dashed step line)
// against actual per-track memory (stacked areas), both against the line the plan was made to stay below (named
// as off scale instead when it is far above them: see ramBandScale).
import type { GanttModel } from "@/lib/domain/reporting/gantt";
import { type RamBandScale, ramBandScale } from "@/lib/domain/reporting/gantt-ram";
import type { TimeScale } from "@/lib/domain/reporting/gantt-scale";
import { describeRamLine } from "@/lib/domain/reporting/ram-line";
import { formatBytes } from "@/lib/domain/units";
import { RAM_BAND_H, X_PAD } from "./gantt-geometry";

const TOP_PAD = 14;
const BOTTOM_PAD = 4;

/** The band's y extent and whether the capacity line is on it. */
function bandScale(model: GanttModel): RamBandScale {
  return ramBandScale({
    plannedPeakBytes: Math.max(0, ...model.plannedRam.map((s) => s.bytes)),
    actualPeakBytes: Math.max(0, ...model.actualRam.map((p) => p.total)),
    capacityBytes: model.capacityBytes,
  });
}

export function describeRamBand(model: GanttModel, budgetBytes: number | null): string {
  const plannedPeak = Math.max(0, ...model.plannedRam.map((s) => s.bytes));
  const actualPeak = Math.max(0, ...model.actualRam.map((p) => p.total));
  const parts = [`RAM: planned peak ${formatBytes(plannedPeak)}`, `actual peak ${formatBytes(actualPeak)}`];
  const { capacity } = bandScale(model);
  if (capacity !== null)
    parts.push(`${lineText(capacity.bytes, budgetBytes)}${capacity.isOnScale ? "" : " (off scale)"}`);
  return parts.join(", ");
}

/** "admission line 1.05 GB": the line the plan was made to stay below. */
function lineText(capacityBytes: number, budgetBytes: number | null): string {
  return `${describeRamLine(capacityBytes, budgetBytes).name} ${formatBytes(capacityBytes)}`;
}

export function RamBand(props: {
  model: GanttModel;
  scale: TimeScale;
  colorOf: (key: string) => string;
  budgetBytes: number | null;
}) {
  const { model, scale, colorOf, budgetBytes } = props;
  const width = scale.widthPx + 2 * X_PAD;
  const { maxBytes: max, capacity } = bandScale(model);
  const x = (ms: number) => X_PAD + Math.max(0, ms) * scale.pxPerMs;
  const y = (bytes: number) => TOP_PAD + (1 - bytes / max) * (RAM_BAND_H - TOP_PAD - BOTTOM_PAD);
  const keys = model.rows.map((r) => r.track.key);

  // Stacked areas, first track at the bottom.
  const areas = keys.map((key, k) => {
    if (model.actualRam.length === 0) return { key, d: "" };
    const below = (i: number) =>
      keys.slice(0, k).reduce((s, kk) => s + (model.actualRam[i]!.byTrack[kk] ?? 0), 0);
    const top = model.actualRam.map(
      (p, i) => `${x(p.ms).toFixed(1)},${y(below(i) + (p.byTrack[key] ?? 0)).toFixed(1)}`,
    );
    const bottom = model.actualRam.map((p, i) => `${x(p.ms).toFixed(1)},${y(below(i)).toFixed(1)}`).reverse();
    return { key, d: `M${top.join(" L")} L${bottom.join(" L")} Z` };
  });

  let planned = "";
  if (model.plannedRam.length > 0) {
    const first = model.plannedRam[0]!;
    planned = `M${x(first.ms)},${y(0)}`;
    for (const step of model.plannedRam) planned += ` H${x(step.ms)} V${y(step.bytes)}`;
  }

  return (
    <svg
      width={width}
      height={RAM_BAND_H}
      role="img"
      aria-label={describeRamBand(model, budgetBytes)}
      data-testid="gantt-ram-band"
      className="block"
    >
      <line x1={0} x2={width} y1={y(0)} y2={y(0)} className="stroke-slate-300 dark:stroke-slate-700" />
      {areas.map((a) =>
        a.d ? <path key={a.key} d={a.d} fill={colorOf(a.key)} fillOpacity={0.55} stroke="none" /> : null,
      )}
      {planned && (
        <path
          d={planned}
          fill="none"
          strokeWidth={1.5}
          strokeDasharray="5 3"
          className="stroke-slate-700 dark:stroke-slate-200"
          data-testid="gantt-ram-planned"
        />
      )}
      {capacity?.isOnScale && (
        <g data-testid="gantt-ram-capacity">
          <line
            x1={0}
            x2={width}
            y1={y(capacity.bytes)}
            y2={y(capacity.bytes)}
            strokeDasharray="6 4"
            strokeWidth={1.25}
            className="stroke-red-500"
          />
          <text
            x={X_PAD + 2}
            y={y(capacity.bytes) - 3}
            className="fill-red-600 text-[10px] dark:fill-red-400"
          >
            {lineText(capacity.bytes, budgetBytes)}
          </text>
        </g>
      )}
      {capacity && !capacity.isOnScale && (
        // Named, with the band's top, so the areas are not read against the machine's size.
        <text x={X_PAD + 2} y={TOP_PAD - 3} className="fill-red-600 text-[10px] dark:fill-red-400">
          {`${lineText(capacity.bytes, budgetBytes)}, off scale (band top ${formatBytes(max)})`}
        </text>
      )}
      {model.isLive && (
        <line
          x1={x(model.nowMs)}
          x2={x(model.nowMs)}
          y1={0}
          y2={RAM_BAND_H}
          strokeWidth={1.5}
          className="stroke-rose-500"
        />
      )}
    </svg>
  );
}
