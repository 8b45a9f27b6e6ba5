"use client";
import { memo, useId } from "react";
// A 240° radial gauge with the four zone bands; exposed to assistive technology as a meter.
import type { Zone } from "@/lib/domain/types";
import {
  DEFAULT_BANDS,
  describeZoneLines,
  ZONE_COLORS,
  ZONE_LABELS,
  type ZoneBand,
  zoneStarts,
} from "../common/zone-style";

const START_DEG = 150;
const SWEEP_DEG = 240;
const R = 80;
const CX = 100;
const CY = 100;

function point(percent: number, radius: number) {
  const deg = START_DEG + (SWEEP_DEG * Math.min(100, Math.max(0, percent))) / 100;
  const rad = (deg * Math.PI) / 180;
  return { x: CX + radius * Math.cos(rad), y: CY + radius * Math.sin(rad) };
}

function arc(from: number, to: number, radius: number) {
  const a = point(from, radius);
  const b = point(to, radius);
  const large = (SWEEP_DEG * (to - from)) / 100 > 180 ? 1 : 0;
  return `M ${a.x.toFixed(2)} ${a.y.toFixed(2)} A ${radius} ${radius} 0 ${large} 1 ${b.x.toFixed(2)} ${b.y.toFixed(2)}`;
}

/** Memoised: with the percent rounded as shown, most samples change nothing here and cost nothing. */
export const RamGauge = memo(function RamGauge(props: {
  label: string;
  percent: number | null;
  zone: Zone | null;
  bands?: ZoneBand[];
  caption?: string;
  testId?: string;
}) {
  const bands = props.bands ?? DEFAULT_BANDS;
  const value = props.percent ?? 0;
  const needle = point(value, R - 22);
  const text = props.percent === null ? "—" : `${value.toFixed(1)} %`;
  const linesId = useId();
  return (
    <div className="flex flex-col items-center">
      <div
        role="meter"
        aria-label={props.label}
        aria-valuenow={Number(value.toFixed(1))}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuetext={props.zone ? `${text}, ${ZONE_LABELS[props.zone]} zone` : text}
        aria-describedby={linesId}
        data-testid={props.testId}
        // The lines drawn, for tests and tools: the run's own, not always the seed's 60/75/85.
        data-zone-lines={zoneStarts(bands).join(" ")}
        className="w-full max-w-[240px]"
      >
        <svg viewBox="-12 0 224 188" className="w-full" aria-hidden="true">
          {bands.map((band) => (
            <path
              key={band.zone}
              d={arc(band.from, band.to, R)}
              stroke={ZONE_COLORS[band.zone]}
              strokeOpacity={0.28}
              strokeWidth={16}
              fill="none"
            />
          ))}
          {props.percent !== null && value > 0 && (
            <path
              d={arc(0, value, R)}
              stroke={props.zone ? ZONE_COLORS[props.zone] : "#64748b"}
              strokeWidth={16}
              strokeLinecap="butt"
              fill="none"
            />
          )}
          {bands.slice(1).map((band) => {
            const inner = point(band.from, R - 10);
            const outer = point(band.from, R + 12);
            const labelAt = point(band.from, R + 20);
            return (
              <g
                key={`tick-${band.zone}`}
                data-testid={props.testId ? `${props.testId}-tick` : undefined}
                data-zone={band.zone}
                data-percent={band.from}
              >
                <line
                  x1={inner.x}
                  y1={inner.y}
                  x2={outer.x}
                  y2={outer.y}
                  className="stroke-slate-400"
                  strokeWidth={1.5}
                />
                <text
                  x={labelAt.x}
                  y={labelAt.y + 3}
                  textAnchor="middle"
                  className="fill-slate-600 text-[10px] dark:fill-slate-300"
                >
                  {band.from}
                </text>
              </g>
            );
          })}
          <line
            x1={CX}
            y1={CY}
            x2={needle.x}
            y2={needle.y}
            className="stroke-slate-700 dark:stroke-slate-200"
            strokeWidth={3}
            strokeLinecap="round"
          />
          <circle cx={CX} cy={CY} r={5} className="fill-slate-700 dark:fill-slate-200" />
          {/* Inside the drawing, below the arc's ends: it scales with the gauge and never covers the arc. */}
          <text
            x={CX}
            y={182}
            textAnchor="middle"
            className="fill-current text-[32px] font-semibold tabular-nums"
            data-testid={props.testId ? `${props.testId}-value` : undefined}
          >
            {text}
          </text>
        </svg>
        {/* The drawing is hidden from assistive technology: where the zones start, in words. */}
        <span id={linesId} className="sr-only">
          Zone lines: {describeZoneLines(bands)}.
        </span>
      </div>
      <div className="mt-1 text-center text-sm font-medium text-slate-700 dark:text-slate-200">
        {props.label}
      </div>
      {props.caption && (
        <div className="text-center text-xs text-slate-600 dark:text-slate-300">{props.caption}</div>
      )}
    </div>
  );
});
