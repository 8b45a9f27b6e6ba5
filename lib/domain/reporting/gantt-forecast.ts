// Finish forecasts, pure: when a started track will finish (from its progress rate or the plan's estimate)
// and the earliest finish of the tracks still to start, after their dependencies.

import type { TrackSchedule } from "../planner/planner";
import type { TrackStatus } from "../types";
import type { TrackView } from "../views";
import { type AttemptBar, activeRunningMs } from "./gantt-actual-bars";

/** A track's forecast finish and what it was drawn from, for the chart's forecast mark and its label. */
export type Forecast = {
  /** "progress": from the reported progress rate; "estimate": the plan's duration minus the time already run. */
  method: "progress" | "estimate";
  finishMs: number;
  remainingMs: number;
  /** Running time of the current attempt the forecast is based on. */
  activeMs: number;
  progress: number;
  /** A paused track's forecast assumes it resumes now. */
  isPaused: boolean;
};

/** What forecastUnstarted reads of a chart row: the track, its planned bar and its attempts so far. */
export type ForecastRow = {
  track: TrackView;
  planned: TrackSchedule["tracks"][number] | null;
  attempts: AttemptBar[];
};

/** Below this much running time a progress rate is mostly noise from the first report. */
export const MIN_FORECAST_ACTIVE_MS = 5_000;

/**
 * When a running or paused track will finish: remaining progress at its rate so far (the progress the current
 * attempt made per second of its running time, pauses excluded), else the plan's duration minus what it has run;
 * null when neither is known or the track is not under way.
 */
export function forecastFinish(input: {
  status: TrackStatus;
  /** 0–100 for the track: when the current attempt resumed its agents' sessions, earlier attempts' work included. */
  progress: number;
  /**
   * The progress the current attempt started from: 0 when it started over, what earlier attempts made when it
   * resumed their sessions. Omitted: 0 for a track's first attempt, unknown for a later one.
   */
  progressAtAttemptStart?: number;
  attempt: AttemptBar | undefined;
  /** The planned duration (midpoint of the range), if any. */
  durationMs: number | null;
  nowMs: number;
  minActiveMs?: number;
}): Forecast | null {
  const { status, attempt, nowMs } = input;
  if (status !== "running" && status !== "paused") return null;
  if (attempt?.ending !== "open") return null;
  const activeMs = activeRunningMs(attempt);
  const progress = clampPercent(input.progress);
  const isPaused = status === "paused";
  const base = { activeMs, progress, isPaused };
  if (progress >= 100) return { ...base, method: "progress", finishMs: nowMs, remainingMs: 0 };
  // A resumed attempt carries over what earlier attempts made; all of it over this attempt's few seconds forecast a
  // finish far too early. So the pace is the progress this attempt made over its own running time: the agent's
  // speed now, without having to know which earlier attempts' work it resumed (one that started over contributed
  // nothing). A later attempt whose starting progress is not given may have carried some over: it gets no pace.
  const startProgress = input.progressAtAttemptStart ?? (attempt.lane === 0 ? 0 : null);
  const progressMade = startProgress === null ? 0 : progress - clampPercent(startProgress);
  if (progressMade > 0 && activeMs >= (input.minActiveMs ?? MIN_FORECAST_ACTIVE_MS)) {
    const remainingMs = ((100 - progress) * activeMs) / progressMade;
    return { ...base, method: "progress", finishMs: nowMs + remainingMs, remainingMs };
  }
  if (input.durationMs !== null && Number.isFinite(input.durationMs)) {
    const remainingMs = Math.max(0, input.durationMs - activeMs);
    return { ...base, method: "estimate", finishMs: nowMs + remainingMs, remainingMs };
  }
  return null;
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, Number.isFinite(value) ? value : 0));
}

/**
 * Forecasts for tracks not started yet (pending or ready) added to those of the started ones: each starts when now
 * and its dependencies' forecast (or actual) ends allow and takes its planned duration. Memory admission may
 * start it later still, so this is the earliest finish; tracks without a duration get none.
 */
export function forecastUnstarted(
  rows: readonly ForecastRow[],
  started: ReadonlyMap<string, Forecast>,
  nowMs: number,
): Map<string, Forecast> {
  const forecasts = new Map(started);
  const byKey = new Map(rows.map((r) => [r.track.key, r]));
  const endOf = (key: string, seen: Set<string>): number | null => {
    const known = forecasts.get(key);
    if (known) return known.finishMs;
    const row = byKey.get(key);
    if (!row || seen.has(key)) return null;
    const { track } = row;
    if (track.status === "completed") return row.attempts.at(-1)?.endMs ?? nowMs;
    if (track.status !== "pending" && track.status !== "ready") return null;
    const durationMs =
      row.planned?.durationMs ?? (track.duration ? (track.duration.minMs + track.duration.maxMs) / 2 : null);
    if (durationMs === null || !Number.isFinite(durationMs)) return null;
    let startMs = nowMs;
    for (const dependency of track.dependsOn) {
      const end = endOf(dependency, new Set([...seen, key]));
      if (end === null) return null;
      startMs = Math.max(startMs, end);
    }
    const forecast: Forecast = {
      method: "estimate",
      finishMs: startMs + durationMs,
      remainingMs: startMs + durationMs - nowMs,
      activeMs: 0,
      progress: 0,
      isPaused: false,
    };
    forecasts.set(key, forecast);
    return forecast.finishMs;
  };
  for (const row of rows) endOf(row.track.key, new Set());
  return forecasts;
}

/**
 * The run's latest forecast finish: the started tracks' forecasts and those of the tracks still to start
 * (forecastUnstarted), the figure the chart's summary gives; null when no track has one.
 */
export function latestForecastFinishMs(
  rows: readonly (ForecastRow & { forecast: Forecast | null })[],
  nowMs: number,
): number | null {
  const started = new Map(rows.flatMap((r) => (r.forecast ? [[r.track.key, r.forecast] as const] : [])));
  const ends = [...forecastUnstarted(rows, started, nowMs).values()].map((f) => f.finishMs);
  return ends.length > 0 ? Math.max(...ends) : null;
}
