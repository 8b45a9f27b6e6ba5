"use client";
import { memo, useMemo } from "react";
// Each track's memory stacked over time, so the lead sees who holds the RAM; the budget as a line on top.
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatBytes } from "@/lib/domain/units";
import type { TrackMemoryPoint } from "@/lib/domain/views";
import { trackColor } from "../common/track-colors";
import { describeTrackMemory, describeWindow } from "./chart-text";
import { formatTimeTick, timeTicks } from "./memory-timeline";
import { useNoTabStops } from "./use-no-tab-stops";

/** A track keeps its colour by plan position, the same on every page. */
export { trackColor };

/** Like the timeline above: more points than pixels only costs redraw time. */
const MAX_POINTS = 300;

export type StackRow = { t: number } & Record<string, number>;

/**
 * Rows for a stacked chart: every key present (0 when the track held nothing). With `bucketMs`, one row per
 * clock-aligned bucket, the one holding the most in total (peaks stay visible), so the chart draws a few
 * hundred points however often samples come.
 */
export function stackTrackMemory(
  points: readonly TrackMemoryPoint[],
  keys: readonly string[],
  start: number,
  bucketMs = 0,
): StackRow[] {
  const rows: StackRow[] = [];
  let bucket = Number.NaN;
  let bucketTotal = 0;
  for (const p of points) {
    const t = Date.parse(p.at);
    if (t < start) continue;
    const row: StackRow = { t };
    let total = 0;
    for (const key of keys) {
      const bytes = p.tracks[key] ?? 0;
      row[key] = bytes;
      total += bytes;
    }
    const b = bucketMs > 0 ? Math.floor(t / bucketMs) : t;
    if (rows.length > 0 && b === bucket) {
      if (total >= bucketTotal) {
        rows[rows.length - 1] = row;
        bucketTotal = total;
      }
    } else {
      rows.push(row);
      bucket = b;
      bucketTotal = total;
    }
  }
  return rows;
}

/** Round byte ticks (…, 250 MB, 500 MB, 1 GB, 2 GB, …) from 0 to at least `top`. */
export function byteTicks(top: number): number[] {
  const steps = [1e6, 2e6, 5e6, 1e7, 2.5e7, 5e7, 1e8, 2.5e8, 5e8, 1e9, 2e9, 5e9, 1e10, 2e10, 5e10, 1e11];
  const step = steps.find((s) => top / s <= 5) ?? 1e11;
  const count = Math.max(1, Math.ceil(top / step));
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

/** Short axis labels: "2.5 GB", "500 MB", "0". */
export function formatTick(bytes: number): string {
  if (bytes >= 1e9) return `${Number((bytes / 1e9).toFixed(2))} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return bytes === 0 ? "0" : `${Math.round(bytes / 1e3)} kB`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

export const TrackMemoryArea = memo(function TrackMemoryArea(props: {
  points: readonly TrackMemoryPoint[];
  tracks: readonly { key: string; name: string; position: number }[];
  windowMs: number;
  /** The end of the time axis (ms); defaults to the last point, so it lines up with the timeline above. */
  endAt?: number;
  budgetBytes?: number | null;
  height?: number;
  /** Points exist but are not handed over yet (the chart is off screen): draw nothing, claim nothing. */
  isWaitingToDraw?: boolean;
}) {
  const last = props.points.at(-1);
  const end = props.endAt ?? (last ? Date.parse(last.at) : Date.now());
  const start = end - props.windowMs;
  const keys = useMemo(() => props.tracks.map((t) => t.key), [props.tracks]);
  const data = useMemo(
    () => stackTrackMemory(props.points, keys, start, props.windowMs / MAX_POINTS),
    [props.points, keys, start, props.windowMs],
  );
  const names = new Map(props.tracks.map((t) => [t.key, t.name]));
  const timeAxisTicks = useMemo(() => timeTicks(start, end), [start, end]);
  const stackedMax = useMemo(
    () =>
      data.reduce(
        (top, row) =>
          Math.max(
            top,
            keys.reduce((sum, key) => sum + (row[key] ?? 0), 0),
          ),
        0,
      ),
    [data, keys],
  );
  const ticks = byteTicks(Math.max(stackedMax, props.budgetBytes ?? 0) * 1.02);
  const newest = data.at(-1);
  // Not drawn yet (off screen): the name claims nothing either.
  const label =
    props.isWaitingToDraw && !newest
      ? `Memory per track, stacked, over the last ${describeWindow(props.windowMs)}`
      : describeTrackMemory(
          newest
            ? keys.map((key) => ({ label: trackLabel(key, names, " "), bytes: newest[key] ?? 0 }))
            : null,
          stackedMax,
          props.windowMs,
          props.budgetBytes,
        );
  const noTabStops = useNoTabStops<HTMLDivElement>();
  return (
    <div
      style={{ height: props.height ?? 220 }}
      className="w-full"
      data-testid="track-memory-area"
      ref={noTabStops}
      // One named image carrying its figures, like the timeline above.
      role="img"
      aria-label={label}
    >
      {data.length === 0 ? (
        props.isWaitingToDraw ? null : (
          <p className="flex h-full items-center justify-center text-sm text-slate-600 dark:text-slate-400">
            No track has held memory in this window.
          </p>
        )
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          {/* Plot area starts 48 px in, like the timeline above, so their time axes line up. */}
          {/* Off: its focusable role="application" surface said nothing; the name above says it all. */}
          <AreaChart
            data={data}
            margin={{ top: 8, right: 12, bottom: 0, left: -12 }}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.25} />
            <XAxis
              dataKey="t"
              type="number"
              domain={[start, end]}
              scale="time"
              ticks={timeAxisTicks}
              tickFormatter={formatTimeTick}
              tick={{ fontSize: 11 }}
              minTickGap={24}
            />
            <YAxis
              tickFormatter={(v: number) => formatTick(v)}
              tick={{ fontSize: 11 }}
              width={60}
              domain={[0, ticks.at(-1) ?? 0]}
              ticks={ticks}
            />
            <Tooltip
              labelFormatter={(t) => timeFormat.format(Number(t))}
              formatter={(value, key) => [formatBytes(Number(value)), trackLabel(String(key), names, " · ")]}
            />
            <Legend
              verticalAlign="bottom"
              height={24}
              iconType="square"
              wrapperStyle={{ fontSize: 12 }}
              // The swatch carries the colour; the words stay dark enough to read on white.
              formatter={(key) => (
                <span className="text-slate-700 dark:text-slate-200">
                  {trackLabel(String(key), names, " ")}
                </span>
              )}
            />
            {props.budgetBytes ? (
              <ReferenceLine
                y={props.budgetBytes}
                stroke="#9333ea"
                strokeDasharray="6 3"
                label={{ value: "budget", position: "insideTopRight", fontSize: 11, fill: "#9333ea" }}
              />
            ) : null}
            {props.tracks.map((t) => (
              <Area
                key={t.key}
                type="monotone"
                dataKey={t.key}
                stackId="tracks"
                stroke={trackColor(t.position)}
                fill={trackColor(t.position)}
                fillOpacity={0.45}
                strokeWidth={1.5}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      )}
    </div>
  );
});

/** "A Parser" (key and name), or the key alone when the name is the key or not known. */
function trackLabel(key: string, names: ReadonlyMap<string, string>, separator: string): string {
  const name = names.get(key);
  return name && name !== key ? `${key}${separator}${name}` : key;
}
