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

/** More points than pixels only costs redraw time (recharts measures every path): at most this many. */
const MAX_POINTS = 300;

export type TimelinePoint = { t: number; machine: number; budget: number | null };

/**
 * One point per time bucket of `bucketMs` (aligned to the clock, so a redraw moves no earlier point), holding
 * the bucket's highest values so peaks stay visible; the newest sample is always the last point.
 */
export function bucketSamples(
  samples: readonly MemorySample[],
  start: number,
  bucketMs: number,
): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  let bucket = Number.NaN;
  for (const s of samples) {
    const t = Date.parse(s.at);
    if (t < start) continue;
    const machine = Number(s.machine.usedPercent.toFixed(2));
    const budget = s.budget ? Number(s.budget.usedPercent.toFixed(2)) : null;
    const b = Math.floor(t / bucketMs);
    const last = points.at(-1);
    if (last && b === bucket) {
      last.machine = Math.max(last.machine, machine);
      if (budget !== null) last.budget = Math.max(last.budget ?? 0, budget);
      last.t = t;
    } else {
      points.push({ t, machine, budget });
      bucket = b;
    }
  }
  return points;
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
    () => bucketSamples(props.samples, start, Math.max(1, props.windowMs / MAX_POINTS)),
    [props.samples, start, props.windowMs],
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
