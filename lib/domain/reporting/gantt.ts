// The plan-versus-actual Gantt, pure: the view the server sends and the model the chart draws from it.
// Every time here is in ms from the run's start, so planned (schedule) and actual (spans) share one axis.
// Its parts: gantt-actual-bars (spans → attempts), gantt-forecast, gantt-scale (time axis), gantt-ram,
// gantt-labels (words).

import type { TrackSchedule } from "../planner/planner";
import type { RunView, TrackMemoryPoint, TrackView } from "../views";
import { type ActualSpan, type AttemptBar, layoutActualBars } from "./gantt-actual-bars";
import { type Forecast, forecastFinish, forecastUnstarted } from "./gantt-forecast";
import { describeGantt } from "./gantt-labels";
import { actualRamPoints, plannedRamSteps, type RamPoint, type RamStep } from "./gantt-ram";
import { ganttDomainMs } from "./gantt-scale";

/** The schedule stored on the run at start, with the RAM capacity it was planned against. */
export type StoredSchedule = TrackSchedule & { capacityBytes: number };

/** A phase change of the run, drawn as a marker on the time axis. */
export type PhaseMarker = { at: string; from: number | null; to: number; label: string };

/** GET /api/runs/:id/gantt. */
export type GanttView = {
  run: RunView;
  schedule: StoredSchedule | null;
  tracks: TrackView[];
  spans: ActualSpan[];
  /** Per-track memory since the run started, downsampled (peaks kept). */
  memory: TrackMemoryPoint[];
  /** What planned and actual RAM are drawn against; null when the run stored no plan and no budget. */
  capacityBytes: number | null;
  /** The server's clock when it answered, so the browser can correct its own. */
  now: string;
  phaseMarkers: PhaseMarker[];
};

/** One track's row in the chart: its planned bar, actual attempts and forecast. */
export type GanttRowModel = {
  track: TrackView;
  planned: TrackSchedule["tracks"][number] | null;
  attempts: AttemptBar[];
  forecast: Forecast | null;
  /** Actual lanes drawn: one per attempt, at least one. */
  lanes: number;
};

/** Everything the chart draws, on the run's axis, so the components only lay it out. */
export type GanttModel = {
  runStartMs: number;
  /** Run-relative now; while the run is live the open bars end here. */
  nowMs: number;
  isLive: boolean;
  rows: GanttRowModel[];
  domainMs: number;
  plannedRam: RamStep[];
  actualRam: RamPoint[];
  capacityBytes: number | null;
  phaseMarkers: (PhaseMarker & { ms: number })[];
  summary: string;
};

/** Everything the chart draws, for the server's view at absolute time `nowAbsMs` (the browser's corrected clock). */
export function buildGanttModel(view: GanttView, nowAbsMs: number): GanttModel {
  const runStartMs = Date.parse(view.run.startedAt);
  const isLive = view.run.status === "running";
  const endAbs = view.run.endedAt === null ? nowAbsMs : Date.parse(view.run.endedAt);
  const nowMs = Math.max(0, (isLive ? nowAbsMs : Math.min(nowAbsMs, endAbs)) - runStartMs);
  const actual = layoutActualBars(view.spans, { runStartMs, untilMs: nowMs });
  const plannedByKey = new Map((view.schedule?.tracks ?? []).map((t) => [t.key, t]));
  const rows: GanttRowModel[] = [...view.tracks]
    .sort((a, b) => a.position - b.position)
    .map((track) => {
      const attempts = actual.get(track.key)?.attempts ?? [];
      const planned = plannedByKey.get(track.key) ?? null;
      const durationMs =
        planned?.durationMs ?? (track.duration ? (track.duration.minMs + track.duration.maxMs) / 2 : null);
      const forecast = isLive
        ? forecastFinish({
            status: track.status,
            progress: track.progress,
            ...(track.progressAtAttemptStart === null
              ? {}
              : { progressAtAttemptStart: track.progressAtAttemptStart }),
            attempt: attempts.at(-1),
            durationMs,
            nowMs,
          })
        : null;
      return { track, planned, attempts, forecast, lanes: Math.max(1, attempts.length) };
    });
  const started = new Map(rows.flatMap((r) => (r.forecast ? [[r.track.key, r.forecast] as const] : [])));
  // Issue 15: the run's forecast finish counts the tracks still to start, after their dependencies.
  const forecasts = isLive ? forecastUnstarted(rows, started, nowMs) : started;
  const estimates = new Map(view.tracks.map((t) => [t.key, t.estimateBytes]));
  return {
    runStartMs,
    nowMs,
    isLive,
    rows,
    domainMs: ganttDomainMs({
      schedule: view.schedule,
      rows: actual.values(),
      forecastEndsMs: [...forecasts.values()].map((f) => f.finishMs),
      nowMs,
    }),
    plannedRam: plannedRamSteps(view.schedule?.tracks ?? [], (key) => estimates.get(key) ?? null),
    actualRam: actualRamPoints(view.memory, runStartMs),
    capacityBytes: view.capacityBytes,
    phaseMarkers: view.phaseMarkers.map((m) => ({ ...m, ms: Date.parse(m.at) - runStartMs })),
    summary: describeGantt({
      runName: view.run.name,
      tracks: view.tracks,
      schedule: view.schedule,
      rows: actual,
      forecasts,
      nowMs,
      isLive,
    }),
  };
}
