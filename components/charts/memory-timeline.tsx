"use client";
import { memo, useMemo } from "react";
// Used % over the last minutes, with the zone bands drawn behind the line and optional action markers.
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { MemorySample } from "@/lib/domain/types";
import { DEFAULT_BANDS, ZONE_COLORS, type ZoneBand } from "../common/zone-style";

export type TimelineMarker = { at: number; label: string; color: string };

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** Which percent the chart plots: the view that drives the zone. */
export function drivingPercent(sample: MemorySample): number {
  return sample.zoneSource === "budget" && sample.budget
    ? sample.budget.usedPercent
    : sample.machine.usedPercent;
}

/** More points than pixels only costs redraw time (recharts measures every path): keep at most this many. */
const MAX_POINTS = 300;

type Point = { t: number; machine: number; budget: number | null };

/** Thins to at most `max` points, keeping each stride's highest value so peaks stay visible. */
export function thinPoints(points: Point[], max: number): Point[] {
  if (points.length <= max) return points;
  const stride = Math.ceil(points.length / max);
  const thinned: Point[] = [];
  for (let i = 0; i < points.length; i += stride) {
    const slice = points.slice(i, i + stride);
    thinned.push(slice.reduce((a, b) => (b.machine > a.machine ? b : a)));
  }
  const last = points.at(-1)!;
  if (thinned.at(-1) !== last) thinned.push(last);
  return thinned;
}

export const MemoryTimeline = memo(function MemoryTimeline(props: {
  samples: MemorySample[];
  windowMs: number;
  bands?: ZoneBand[];
  markers?: TimelineMarker[];
  height?: number;
}) {
  const bands = props.bands ?? DEFAULT_BANDS;
  const last = props.samples.at(-1);
  const end = last ? Date.parse(last.at) : Date.now();
  const start = end - props.windowMs;
  const data = useMemo(
    () =>
      thinPoints(
        props.samples
          .map((s) => ({
            t: Date.parse(s.at),
            machine: Number(s.machine.usedPercent.toFixed(2)),
            budget: s.budget ? Number(s.budget.usedPercent.toFixed(2)) : null,
          }))
          .filter((d) => d.t >= start),
        MAX_POINTS,
      ),
    [props.samples, start],
  );
  const hasBudget = data.some((d) => d.budget !== null);
  return (
    <div
      style={{ height: props.height ?? 260 }}
      className="w-full"
      data-testid="memory-timeline"
      data-points={data.length}
      data-first-at={data[0] ? new Date(data[0].t).toISOString() : undefined}
      data-last-at={data.at(-1) ? new Date(data.at(-1)!.t).toISOString() : undefined}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
          {bands.map((band) => (
            <ReferenceArea
              key={band.zone}
              y1={band.from}
              y2={band.to}
              x1={start}
              x2={end}
              fill={ZONE_COLORS[band.zone]}
              fillOpacity={0.1}
              stroke="none"
              ifOverflow="hidden"
            />
          ))}
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.25} />
          <XAxis
            dataKey="t"
            type="number"
            domain={[start, end]}
            scale="time"
            tickFormatter={(t: number) => timeFormat.format(t)}
            tick={{ fontSize: 11 }}
            minTickGap={40}
          />
          <YAxis
            domain={[0, 100]}
            ticks={[0, ...bands.slice(1).map((b) => b.from), 100]}
            tick={{ fontSize: 11 }}
            unit="%"
          />
          <Tooltip
            labelFormatter={(t) => timeFormat.format(Number(t))}
            formatter={(value, name) => [
              `${Number(value).toFixed(1)} %`,
              name === "budget" ? "Budget used" : "Machine used",
            ]}
          />
          {props.markers?.map((m) => (
            <ReferenceLine
              key={`${m.at}-${m.label}`}
              x={m.at}
              stroke={m.color}
              strokeDasharray="4 2"
              ifOverflow="hidden"
            />
          ))}
          <Line
            type="monotone"
            dataKey="machine"
            stroke="#2563eb"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          {hasBudget && (
            <Line
              type="monotone"
              dataKey="budget"
              stroke="#9333ea"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});
