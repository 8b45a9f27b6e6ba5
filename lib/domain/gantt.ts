// The plan-versus-actual Gantt, pure: actual bars from stored spans, finish forecasts, zoom scales, RAM bands.
// Every time here is in ms from the run's start, so planned (schedule) and actual (spans) share one axis.
import { formatOffset } from "./gantt-scale";
import type { TrackSchedule } from "./planner";
import type { TrackStatus } from "./types";
import type { RunView, TrackMemoryPoint, TrackView } from "./views";

export * from "./gantt-scale";

/** One stored running or paused interval of a track attempt (the shape of lib/db/spans.ts SpanView). */
export type ActualSpan = {
  trackKey: string;
  attempt: number;
  kind: "running" | "paused";
  pausedBy: string | null;
  startedAt: string;
  /** null while the span is open. */
  endedAt: string | null;
  /** How the span ended: paused, resumed, completed, failed, stopped, requeue, restart, swap. */
  outcome: string | null;
};

/** The schedule stored on the run at start, with the RAM capacity it was planned against. */
export type StoredSchedule = TrackSchedule & { capacityBytes: number };

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

// ---------------------------------------------------------------------------------------------
// Actual bars

export type BarSegment = {
  kind: "running" | "paused";
  pausedBy: string | null;
  startMs: number;
  endMs: number;
  /** Still going: its end is "now". */
  isOpen: boolean;
  outcome: string | null;
};

export type AttemptEnding =
  | "open"
  | "completed"
  | "failed"
  | "stopped"
  | "requeued"
  | "restarted"
  | "swapped";

export type AttemptBar = {
  attempt: number;
  /** 0 for a track's first attempt, 1 for the next...: each attempt gets its own lane. */
  lane: number;
  startMs: number;
  endMs: number;
  segments: BarSegment[];
  ending: AttemptEnding;
};

export type ActualRow = { trackKey: string; attempts: AttemptBar[] };

const ENDINGS: Record<string, AttemptEnding> = {
  completed: "completed",
  failed: "failed",
  stopped: "stopped",
  requeue: "requeued",
  restart: "restarted",
  swap: "swapped",
};

/** Groups spans into per-track attempts, one lane each; open spans run to `untilMs`. */
export function layoutActualBars(
  spans: readonly ActualSpan[],
  opts: { runStartMs: number; untilMs: number },
): Map<string, ActualRow> {
  const rows = new Map<string, ActualRow>();
  const ordered = [...spans].sort(
    (a, b) => a.attempt - b.attempt || Date.parse(a.startedAt) - Date.parse(b.startedAt),
  );
  for (const span of ordered) {
    let row = rows.get(span.trackKey);
    if (!row) {
      row = { trackKey: span.trackKey, attempts: [] };
      rows.set(span.trackKey, row);
    }
    const startMs = Date.parse(span.startedAt) - opts.runStartMs;
    const isOpen = span.endedAt === null;
    // A clock step or an open span seen after the run's end must not draw a bar backwards.
    const endMs = Math.max(startMs, isOpen ? opts.untilMs : Date.parse(span.endedAt!) - opts.runStartMs);
    const segment: BarSegment = {
      kind: span.kind,
      pausedBy: span.pausedBy,
      startMs,
      endMs,
      isOpen,
      outcome: span.outcome,
    };
    let attempt = row.attempts.find((a) => a.attempt === span.attempt);
    if (!attempt) {
      attempt = {
        attempt: span.attempt,
        lane: row.attempts.length,
        startMs,
        endMs,
        segments: [],
        ending: "open",
      };
      row.attempts.push(attempt);
    }
    attempt.segments.push(segment);
    attempt.startMs = Math.min(attempt.startMs, startMs);
    attempt.endMs = Math.max(attempt.endMs, endMs);
  }
  for (const row of rows.values()) {
    for (const attempt of row.attempts) {
      const last = attempt.segments.at(-1);
      // A span closed as "paused"/"resumed" is followed by the next one: the attempt goes on (the two
      // writes are not one transaction, so a read can fall between them).
      attempt.ending = !last || last.isOpen ? "open" : (ENDINGS[last.outcome ?? ""] ?? "open");
    }
  }
  return rows;
}

/** Running time of an attempt up to its end (open segments up to now): what progress was made in. */
export function activeRunningMs(attempt: AttemptBar): number {
  return attempt.segments
    .filter((s) => s.kind === "running")
    .reduce((sum, s) => sum + Math.max(0, s.endMs - s.startMs), 0);
}

// ---------------------------------------------------------------------------------------------
// Forecasts

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

/** Below this much running time a progress rate is mostly noise from the first report. */
export const MIN_FORECAST_ACTIVE_MS = 5_000;

/**
 * When a running or paused track will finish: remaining progress at its rate so far (progress per running
 * second of the current attempt, pauses excluded), else the plan's duration minus what it has run; null when
 * neither is known or the track is not under way.
 */
export function forecastFinish(input: {
  status: TrackStatus;
  /** 0–100 for the current attempt. */
  progress: number;
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
  const progress = Math.min(100, Math.max(0, Number.isFinite(input.progress) ? input.progress : 0));
  const isPaused = status === "paused";
  const base = { activeMs, progress, isPaused };
  if (progress >= 100) return { ...base, method: "progress", finishMs: nowMs, remainingMs: 0 };
  if (progress > 0 && activeMs >= (input.minActiveMs ?? MIN_FORECAST_ACTIVE_MS)) {
    const remainingMs = ((100 - progress) * activeMs) / progress;
    return { ...base, method: "progress", finishMs: nowMs + remainingMs, remainingMs };
  }
  if (input.durationMs !== null && Number.isFinite(input.durationMs)) {
    const remainingMs = Math.max(0, input.durationMs - activeMs);
    return { ...base, method: "estimate", finishMs: nowMs + remainingMs, remainingMs };
  }
  return null;
}

/**
 * Forecasts for tracks not started yet (pending or ready) added to those of the started ones: each starts when now
 * and its dependencies' forecast (or actual) ends allow and takes its planned duration. Memory admission may
 * start it later still, so this is the earliest finish; tracks without a duration get none.
 */
export function forecastUnstarted(
  rows: readonly Pick<GanttRowModel, "track" | "planned" | "attempts">[],
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

// ---------------------------------------------------------------------------------------------
// Zoom and the time axis

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

// ---------------------------------------------------------------------------------------------
// Words: accessible names and the chart's summary

const ENDING_WORDS: Record<AttemptEnding, string> = {
  open: "ongoing",
  completed: "completed",
  failed: "failed",
  stopped: "stopped",
  requeued: "requeued",
  restarted: "restarted",
  swapped: "model swapped",
};

/** "Track A planned 0:00–2:30". */
export function plannedBarLabel(key: string, startMs: number, endMs: number, critical = false): string {
  return `Track ${key} planned ${formatOffset(startMs)}–${formatOffset(endMs)}${critical ? " (critical path)" : ""}`;
}

/** "Track A actual running 0:00–1:10", "Track A actual paused by lead 1:10–1:30 (attempt 2, ongoing)". */
export function actualSegmentLabel(
  key: string,
  segment: BarSegment,
  attempt: AttemptBar,
  attempts: number,
): string {
  const state =
    segment.kind === "paused" ? `paused${segment.pausedBy ? ` by ${segment.pausedBy}` : ""}` : "running";
  const notes: string[] = [];
  if (attempts > 1) notes.push(`attempt ${attempt.attempt}`);
  if (segment.isOpen) notes.push("ongoing");
  else if (segment === attempt.segments.at(-1) && attempt.ending !== "open")
    notes.push(ENDING_WORDS[attempt.ending]);
  const suffix = notes.length > 0 ? ` (${notes.join(", ")})` : "";
  return `Track ${key} actual ${state} ${formatOffset(segment.startMs)}–${formatOffset(segment.endMs)}${suffix}`;
}

export function describeEnding(ending: AttemptEnding): string {
  return ENDING_WORDS[ending];
}

/** "Track A forecast finish 3:40 (55 % in 1:20 of running time)". */
export function forecastLabel(key: string, forecast: Forecast): string {
  const basis =
    forecast.method === "progress"
      ? `${Math.round(forecast.progress)} % in ${formatOffset(forecast.activeMs)} of running time`
      : "from the plan's estimate";
  return `Track ${key} forecast finish ${formatOffset(forecast.finishMs)} (${basis}${forecast.isPaused ? ", if resumed now" : ""})`;
}

/** One paragraph a screen reader reads for the whole chart. */
export function describeGantt(input: {
  runName: string;
  tracks: readonly Pick<TrackView, "key" | "status" | "progress" | "pausedBy">[];
  schedule: Pick<TrackSchedule, "makespanMs" | "pessimisticMakespanMs"> | null;
  rows: ReadonlyMap<string, ActualRow>;
  forecasts: ReadonlyMap<string, Forecast>;
  nowMs: number;
  isLive: boolean;
}): string {
  const parts: string[] = [`Gantt of run "${input.runName}": ${input.tracks.length} track(s)`];
  if (input.schedule) {
    const worst =
      input.schedule.pessimisticMakespanMs > input.schedule.makespanMs
        ? ` (${formatOffset(input.schedule.pessimisticMakespanMs)} at worst)`
        : "";
    parts.push(`planned to finish at ${formatOffset(input.schedule.makespanMs)}${worst}`);
  }
  parts.push(`${input.isLive ? "elapsed" : "took"} ${formatOffset(input.nowMs)}`);
  const perTrack = input.tracks.map((t) => {
    const row = input.rows.get(t.key);
    const attempts = row?.attempts.length ?? 0;
    const pauses = row?.attempts.flatMap((a) => a.segments).filter((s) => s.kind === "paused").length ?? 0;
    const bits = [`${t.key} ${t.status}${t.status === "paused" && t.pausedBy ? ` by ${t.pausedBy}` : ""}`];
    if (t.status === "running" || t.status === "paused") bits.push(`${Math.round(t.progress)} %`);
    if (pauses > 0) bits.push(`paused ${pauses} time${pauses === 1 ? "" : "s"}`);
    if (attempts > 1) bits.push(`${attempts} attempts`);
    const forecast = input.forecasts.get(t.key);
    if (forecast) bits.push(`forecast finish ${formatOffset(forecast.finishMs)}`);
    return bits.join(", ");
  });
  const ends = [...input.forecasts.values()].map((f) => f.finishMs);
  if (input.isLive && ends.length > 0) parts.push(`forecast to finish at ${formatOffset(Math.max(...ends))}`);
  return `${parts.join(", ")}. ${perTrack.join("; ")}.`;
}

// ---------------------------------------------------------------------------------------------
// RAM band

export type RamStep = { ms: number; bytes: number };

/** Planned RAM over time: the sum of the estimates of the tracks whose planned bar covers each moment. */
export function plannedRamSteps(
  tracks: readonly { key: string; plannedStartMs: number; plannedEndMs: number }[],
  estimateOf: (key: string) => number | null,
): RamStep[] {
  const deltas = new Map<number, number>();
  for (const t of tracks) {
    const bytes = estimateOf(t.key) ?? 0;
    if (bytes <= 0 || t.plannedEndMs <= t.plannedStartMs) continue;
    deltas.set(t.plannedStartMs, (deltas.get(t.plannedStartMs) ?? 0) + bytes);
    deltas.set(t.plannedEndMs, (deltas.get(t.plannedEndMs) ?? 0) - bytes);
  }
  const steps: RamStep[] = [];
  let level = 0;
  for (const ms of [...deltas.keys()].sort((a, b) => a - b)) {
    level += deltas.get(ms)!;
    // Float sums of byte counts can leave dust where a level returns to zero.
    steps.push({ ms, bytes: Math.abs(level) < 1 ? 0 : level });
  }
  return steps;
}

export type RamPoint = { ms: number; byTrack: Record<string, number>; total: number };

/** Actual per-track memory points on the run's axis, with their totals. */
export function actualRamPoints(points: readonly TrackMemoryPoint[], runStartMs: number): RamPoint[] {
  return points.map((p) => {
    const total = Object.values(p.tracks).reduce((s, b) => s + b, 0);
    return { ms: Date.parse(p.at) - runStartMs, byTrack: p.tracks, total };
  });
}

/** At most `max` points: from each of `max` equal buckets the one with the highest total, so peaks survive. */
export function downsampleMemory(points: readonly TrackMemoryPoint[], max: number): TrackMemoryPoint[] {
  if (max < 1) return [];
  if (points.length <= max) return [...points];
  const totalOf = (p: TrackMemoryPoint) => Object.values(p.tracks).reduce((s, b) => s + b, 0);
  const kept: TrackMemoryPoint[] = [];
  for (let b = 0; b < max; b++) {
    const from = Math.floor((b * points.length) / max);
    const to = Math.floor(((b + 1) * points.length) / max);
    let best: TrackMemoryPoint | undefined;
    for (let i = from; i < to; i++) {
      const p = points[i]!;
      if (!best || totalOf(p) > totalOf(best)) best = p;
    }
    if (best) kept.push(best);
  }
  return kept;
}

// ---------------------------------------------------------------------------------------------
// The whole chart's model

export type GanttRowModel = {
  track: TrackView;
  planned: TrackSchedule["tracks"][number] | null;
  attempts: AttemptBar[];
  forecast: Forecast | null;
  /** Actual lanes drawn: one per attempt, at least one. */
  lanes: number;
};

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
