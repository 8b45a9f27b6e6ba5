"use client";
import { memo, useMemo } from "react";
// Used % over the last minutes, with the zone bands drawn behind the line and optional action markers.
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { MemorySample } from "@/lib/domain/types";
import { DEFAULT_BANDS, ZONE_COLORS, type ZoneBand, zoneStarts } from "../common/zone-style";
import { describeMemoryTimeline, lineFigures } from "./chart-text";
import { useNoTabStops } from "./use-no-tab-stops";

export type TimelineMarker = { at: number; label: string; color: string };

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

const tickFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** "09:34 PM": the axis ticks fall on whole minutes. */
export const formatTimeTick = (t: number) => tickFormat.format(t);

/**
 * Ticks on whole `stepMs` boundaries between `start` and `end`: the labels stay the same from one redraw to the
 * next (recharts measures each new label's text, a forced layout), and the grid does not crawl.
 */
export function timeTicks(start: number, end: number, stepMs = 2 * 60_000): number[] {
  const ticks: number[] = [];
  for (let t = Math.ceil(start / stepMs) * stepMs; t <= end; t += stepMs) ticks.push(t);
  return ticks;
}

/** More points than pixels only costs redraw time (recharts measures every path): at most this many. */
const MAX_POINTS = 300;

export type TimelinePoint = { t: number; machine: number; budget: number | null };

/**
 * One point per time bucket of `bucketMs` (aligned to the clock, so a redraw moves no earlier point), holding
 * the bucket's highest values so peaks stay visible; the newest sample is always the last point. The budget's
 * use counts from `budgetFrom` on (the run's start): before it, the samples measured an earlier run's budget.
 */
export function bucketSamples(
  samples: readonly MemorySample[],
  start: number,
  bucketMs: number,
  budgetFrom = Number.NEGATIVE_INFINITY,
): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  let bucket = Number.NaN;
  for (const s of samples) {
    const t = Date.parse(s.at);
    if (t < start) continue;
    const machine = Number(s.machine.usedPercent.toFixed(2));
    const budget = s.budget && t >= budgetFrom ? Number(s.budget.usedPercent.toFixed(2)) : null;
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

/** The Y axis's ticks: 0, where each zone starts, 100; once each (a plan may start Yellow at 0 or Red at 100). */
export function percentTicks(bands: readonly ZoneBand[]): number[] {
  return [...new Set([0, ...zoneStarts(bands), 100])];
}

const CHART_MARGIN = { top: 8, right: 12, bottom: 0, left: -12 };
/** Where recharts puts the plot: the Y axis (60 px) less the left margin, the X axis (30 px) below. */
const PLOT_AREA = { top: 8, right: 12, bottom: 30, left: 48 };

/** The zone bands from the bottom (0 %) up, each a faint tint of its zone's colour. */
export function bandGradient(bands: readonly ZoneBand[]): string {
  const stops = bands.flatMap((b) => {
    const tint = `${ZONE_COLORS[b.zone]}1a`;
    return [`${tint} ${b.from}%`, `${tint} ${b.to}%`];
  });
  return `linear-gradient(to top, ${stops.join(", ")})`;
}

export const MemoryTimeline = memo(function MemoryTimeline(props: {
  samples: MemorySample[];
  windowMs: number;
  bands?: ZoneBand[];
  markers?: TimelineMarker[];
  height?: number;
  /** The run's start: its budget line begins there (earlier samples measured an earlier run's budget). */
  budgetFromMs?: number;
}) {
  const bands = props.bands ?? DEFAULT_BANDS;
  const last = props.samples.at(-1);
  const end = last ? Date.parse(last.at) : Date.now();
  const start = end - props.windowMs;
  const data = useMemo(
    () => bucketSamples(props.samples, start, Math.max(1, props.windowMs / MAX_POINTS), props.budgetFromMs),
    [props.samples, start, props.windowMs, props.budgetFromMs],
  );
  const hasBudget = data.some((d) => d.budget !== null);
  const ticks = useMemo(() => timeTicks(start, end), [start, end]);
  // Only the markers inside the window: each one outside it would still cost the chart a component.
  const markers = useMemo(
    () => (props.markers ?? []).filter((m) => m.at >= start && m.at <= end),
    [props.markers, start, end],
  );
  const label = useMemo(() => {
    const newest = props.samples.at(-1);
    const machine = lineFigures(data.map((d) => d.machine));
    const budget = lineFigures(data.map((d) => d.budget));
    const newestBudget = newest?.budget && data.at(-1)?.budget != null ? newest.budget.usedPercent : null;
    // "Now" is the newest sample, not its bucket's peak.
    return describeMemoryTimeline(
      {
        machine: machine && newest ? { ...machine, now: newest.machine.usedPercent } : machine,
        budget: budget && newestBudget !== null ? { ...budget, now: newestBudget } : budget,
      },
      props.windowMs,
      bands,
    );
  }, [data, props.samples, props.windowMs, bands]);
  const noTabStops = useNoTabStops<HTMLDivElement>();
  return (
    <div
      style={{ height: props.height ?? 260 }}
      className="relative w-full"
      data-testid="memory-timeline"
      ref={noTabStops}
      // One named image carrying its figures; recharts' own keyboard layer is off (see the chart below).
      role="img"
      aria-label={label}
      data-zone-lines={zoneStarts(bands).join(" ")}
      data-points={data.length}
      data-first-at={data[0] ? new Date(data[0].t).toISOString() : undefined}
      data-last-at={data.at(-1) ? new Date(data.at(-1)!.t).toISOString() : undefined}
    >
      {/* The zone bands behind the plot area, drawn once by CSS rather than by the chart on every redraw. */}
      <div
        aria-hidden="true"
        className="absolute"
        style={{ ...PLOT_AREA, background: bandGradient(bands) }}
      />
      <ResponsiveContainer width="100%" height="100%">
        {/* Off: its focusable role="application" surface said nothing, and the name above says it all. */}
        <LineChart data={data} margin={CHART_MARGIN} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.25} />
          <XAxis
            dataKey="t"
            type="number"
            domain={[start, end]}
            scale="time"
            ticks={ticks}
            tickFormatter={formatTimeTick}
            tick={{ fontSize: 11 }}
            minTickGap={24}
          />
          <YAxis domain={[0, 100]} ticks={percentTicks(bands)} tick={{ fontSize: 11 }} unit="%" />
          <Tooltip
            labelFormatter={(t) => timeFormat.format(Number(t))}
            formatter={(value, name) => [
              `${Number(value).toFixed(1)} %`,
              name === "budget" ? "Budget used" : "Machine used",
            ]}
          />
          {markers.map((m) => (
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
