// The Gantt's time axis: where it ends, zoom levels, the scale from milliseconds to pixels, ticks and offset
// labels. Pure.

import type { TrackSchedule } from "../planner/planner";
import type { ActualRow } from "./gantt-actual-bars";

export type ZoomLevel = "fit" | "1m" | "10m" | "1h" | "1d";

/** Zoom buttons: how much time one screen width shows (null = the whole run). */
export const ZOOM_LEVELS: readonly { level: ZoomLevel; label: string; windowMs: number | null }[] = [
  { level: "fit", label: "Fit", windowMs: null },
  { level: "1m", label: "1 min", windowMs: 60_000 },
  { level: "10m", label: "10 min", windowMs: 600_000 },
  { level: "1h", label: "1 h", windowMs: 3_600_000 },
  { level: "1d", label: "1 d", windowMs: 86_400_000 },
];

export type TimeScale = {
  pxPerMs: number;
  /** The chart's drawn width: at least the viewport, wider when zoomed in (it scrolls). */
  widthPx: number;
  /** The time the drawn width covers. */
  spanMs: number;
};

/** The x scale for a zoom level: "fit" puts the whole domain in the viewport, the others a fixed window per screen. */
export function computeTimeScale(zoom: ZoomLevel, viewportPx: number, domainMs: number): TimeScale {
  const viewport = Math.max(1, viewportPx);
  const domain = Math.max(1_000, domainMs);
  const windowMs = ZOOM_LEVELS.find((z) => z.level === zoom)?.windowMs ?? null;
  const pxPerMs = viewport / (windowMs ?? domain);
  // Rounded first: 1000 / 600000 * 600000 is 1000.0000000000001, which must not add a pixel.
  const widthPx = Math.max(viewport, Math.ceil(Math.round(domain * pxPerMs * 1000) / 1000));
  return { pxPerMs, widthPx, spanMs: widthPx / pxPerMs };
}

const TICK_STEPS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800,
  604_800, 1_209_600, 2_592_000,
].map((s) => s * 1000);

/** Axis ticks at a round step that leaves at least `minGapPx` between labels. */
export function timeTicks(scale: TimeScale, minGapPx = 72): { stepMs: number; ticks: number[] } {
  const stepMs =
    TICK_STEPS_MS.find((step) => step * scale.pxPerMs >= minGapPx) ??
    TICK_STEPS_MS[TICK_STEPS_MS.length - 1]!;
  const ticks: number[] = [];
  for (let t = 0; t <= scale.spanMs + 1e-6 && ticks.length < 10_000; t += stepMs) ticks.push(t);
  return { stepMs, ticks };
}

/** Run-relative time as a clock: "2:30" (m:ss), "1:05:00" (h:mm:ss), "2d 12:00" (days, h:mm). */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? "−" : "";
  const total = Math.round(Math.abs(ms) / 1000);
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600) % 24;
  const d = Math.floor(total / 86_400);
  const pad = (n: number) => String(n).padStart(2, "0");
  if (d > 0) return `${sign}${d}d ${h}:${pad(m)}`;
  if (h > 0) return `${sign}${h}:${pad(m)}:${pad(s)}`;
  return `${sign}${m}:${pad(s)}`;
}

/** Where the chart's time axis ends: everything planned, done and forecast, a little past the last of them. */
export function ganttDomainMs(input: {
  schedule: Pick<TrackSchedule, "tracks" | "makespanMs" | "pessimisticMakespanMs"> | null;
  rows: Iterable<ActualRow>;
  forecastEndsMs: readonly number[];
  nowMs: number | null;
}): number {
  let end = Math.max(input.schedule?.makespanMs ?? 0, input.schedule?.pessimisticMakespanMs ?? 0);
  for (const row of input.rows) for (const a of row.attempts) end = Math.max(end, a.endMs);
  for (const f of input.forecastEndsMs) if (Number.isFinite(f)) end = Math.max(end, f);
  if (input.nowMs !== null) end = Math.max(end, input.nowMs);
  return Math.max(60_000, end * 1.04);
}
