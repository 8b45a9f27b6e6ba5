"use client";
// The Gantt page's body: figures, zoom, the chart with its label column and RAM band, legend and table.
import Link from "next/link";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { buildGanttModel, type GanttModel, type GanttView } from "@/lib/domain/reporting/gantt";
import { latestForecastFinishMs } from "@/lib/domain/reporting/gantt-forecast";
import { computeTimeScale, ZOOM_LEVELS, type ZoomLevel } from "@/lib/domain/reporting/gantt-scale";
import { describeRamLine } from "@/lib/domain/reporting/ram-line";
import type { TrackStatus } from "@/lib/domain/types";
import { formatBytes, formatDuration } from "@/lib/domain/units";
import { Card } from "../common/card";
import { ScrollBox } from "../common/scroll-box";
import { shortLabels } from "../common/short-label";
import { trackHref } from "../track-page/track-href";
import { GanttChart } from "./gantt-chart";
import { RAM_BAND_H, rowHeight, trackColor, X_PAD } from "./gantt-geometry";
import { type GanttTip, layoutRows } from "./gantt-layout";
import { GanttLegend } from "./gantt-legend";
import { GanttTable } from "./gantt-table";
import { RamBand } from "./ram-band";
import { StatusMark } from "./status-mark";
import { useClock, useElementWidth } from "./use-clock";

/**
 * Characters of a key the label column shows beside its colour swatch: 80 px at 11 px on a phone, 192 px at 14 px
 * above. Longer keys are cut in the middle (CSS cuts the end only if a font runs wider still).
 */
const LABEL_CHARS = { narrow: 7, wide: 17 } as const;

const STATUS_TEXT: Record<TrackStatus, string> = {
  pending: "text-slate-500 dark:text-slate-400",
  ready: "text-sky-700 dark:text-sky-300",
  running: "text-blue-700 dark:text-blue-300",
  paused: "text-amber-700 dark:text-amber-300",
  completed: "text-green-700 dark:text-green-400",
  failed: "text-red-700 dark:text-red-400",
  stopped: "text-zinc-600 dark:text-zinc-300",
};

export function GanttBoard({ view, receivedAt }: { view: GanttView; receivedAt: number }) {
  const isLive = view.run.status === "running";
  const clock = useClock(1000, isLive);
  // The server's clock, carried forward by ours: the now-line matches the spans the server wrote.
  const skewMs = Date.parse(view.now) - receivedAt;
  const model = useMemo(() => buildGanttModel(view, clock + skewMs), [view, clock, skewMs]);

  const [zoom, setZoom] = useState<ZoomLevel>("fit");
  const [tip, setTip] = useState<GanttTip | null>(null);
  const [isTableShown, setTableShown] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const viewportPx = useElementWidth(scroller);
  const scale = computeTimeScale(zoom, Math.max(200, viewportPx - 2 * X_PAD), model.domainMs);
  const tableId = useId();

  // Zooming in scrolls to where things happen now (or to the end of a finished run).
  const nowPx = X_PAD + model.nowMs * scale.pxPerMs;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a zoom change should move the view.
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollLeft = Math.max(0, nowPx - el.clientWidth * 0.7);
  }, [zoom]);

  // By plan position, as on the overview (cards and memory charts).
  const colorOf = (key: string) =>
    trackColor(model.rows.find((r) => r.track.key === key)?.track.position ?? 0);
  const { bodyTop } = layoutRows(model);
  const [narrowLabels, wideLabels] = useMemo(() => {
    const keys = model.rows.map((r) => r.track.key);
    return [shortLabels(keys, LABEL_CHARS.narrow), shortLabels(keys, LABEL_CHARS.wide)];
  }, [model.rows]);

  return (
    <div className="space-y-4">
      <Card
        title="Plan vs actual"
        labelledBy="gantt-heading"
        actions={
          <span
            className={`rounded-full px-2 py-0.5 text-xs font-semibold ${isLive ? "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300" : "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300"}`}
            data-testid="gantt-run-status"
          >
            {isLive ? "Live" : view.run.status}
          </span>
        }
      >
        <Figures view={view} model={model} />
        {!view.schedule && (
          <p className="mt-2 text-sm text-amber-700 dark:text-amber-300">
            No plan schedule was stored for this run (the machine was not sampled when it started): only
            actual bars are shown.
          </p>
        )}

        <div className="mt-4 flex flex-wrap items-center justify-between gap-2">
          <div
            role="group"
            aria-label="Zoom"
            className="inline-flex overflow-hidden rounded-md ring-1 ring-slate-300 dark:ring-slate-700"
          >
            {ZOOM_LEVELS.map((z) => (
              <button
                key={z.level}
                type="button"
                aria-pressed={zoom === z.level}
                onClick={() => setZoom(z.level)}
                className={`tap px-2.5 text-sm ${zoom === z.level ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900" : "bg-white text-slate-700 hover:bg-slate-100 dark:bg-slate-900 dark:text-slate-300 dark:hover:bg-slate-800"}`}
              >
                {z.label}
              </button>
            ))}
          </div>
          <button
            type="button"
            aria-expanded={isTableShown}
            aria-controls={tableId}
            onClick={() => setTableShown((v) => !v)}
            className="tap rounded-md px-2.5 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 dark:text-slate-300 dark:ring-slate-700 dark:hover:bg-slate-800"
          >
            {isTableShown ? "Hide table" : "Show as table"}
          </button>
        </div>

        <div className="mt-3 flex rounded-lg border border-slate-200 dark:border-slate-800">
          {/* Track labels stay put while the chart scrolls. On a phone the column is 80 px (what leaves the fitted
              chart its 200 px on a 390 px screen) and keys are cut in the middle, where keys sharing a start
              ("search-indexing", "security-review") still differ; the link's name and title keep the whole key. */}
          <div className="w-20 shrink-0 border-r border-slate-200 sm:w-48 dark:border-slate-800">
            <div
              style={{ height: bodyTop }}
              className="flex items-end px-2 pb-1 text-[11px] text-slate-600 dark:text-slate-400"
            >
              Track
            </div>
            {model.rows.map((row) => (
              <div
                key={row.track.key}
                style={{ height: rowHeight(row.lanes) }}
                className="overflow-hidden border-t border-slate-100 px-1 py-1 first:border-t-0 sm:px-2 dark:border-slate-800/60"
              >
                <div className="flex items-center gap-1 sm:gap-1.5">
                  <span
                    aria-hidden="true"
                    className="inline-block h-2.5 w-2.5 shrink-0 rounded-sm"
                    style={{ background: colorOf(row.track.key) }}
                  />
                  <Link
                    // An ended run's track page names the run: without it, it would show the live run's.
                    href={trackHref(row.track.key, isLive ? null : view.run.id)}
                    // One line: a key that wrapped at its hyphens pushed the status out of a short row.
                    className="min-w-0 max-w-full shrink-0 truncate text-[11px] font-semibold hover:underline sm:text-sm"
                    title={`${row.track.key}: ${row.track.name}`}
                    aria-label={row.track.key}
                    data-testid="gantt-track-label"
                  >
                    <span className="sm:hidden" aria-hidden="true">
                      {narrowLabels.get(row.track.key) ?? row.track.key}
                    </span>
                    <span className="hidden sm:inline">{wideLabels.get(row.track.key) ?? row.track.key}</span>
                  </Link>
                  <span className="hidden min-w-0 truncate text-xs text-slate-600 sm:inline dark:text-slate-300">
                    {row.track.name}
                  </span>
                </div>
                <div className={`truncate text-[11px] ${STATUS_TEXT[row.track.status]}`}>
                  <span className="hidden sm:inline">
                    {row.track.status === "paused" && row.track.pausedBy
                      ? `paused · ${row.track.pausedBy}`
                      : row.track.status}
                  </span>
                  <span className="sm:hidden">
                    <StatusMark status={row.track.status} />
                  </span>
                  {(row.track.status === "running" || row.track.status === "paused") && (
                    <span className="tabular-nums"> {Math.round(row.track.progress)}%</span>
                  )}
                </div>
              </div>
            ))}
            <div
              style={{ height: RAM_BAND_H }}
              className="border-t border-slate-200 px-2 py-1 text-[11px] text-slate-600 dark:border-slate-800 dark:text-slate-400"
            >
              <div className="font-semibold text-slate-700 dark:text-slate-200">RAM</div>
              <div className="hidden sm:block">dashed: planned</div>
              <div className="hidden sm:block">areas: actual per track</div>
              <div className="hidden text-red-600 sm:block dark:text-red-400">
                red:{" "}
                {view.capacityBytes === null
                  ? "capacity"
                  : describeRamLine(view.capacityBytes, view.run.budgetBytes).name}
              </div>
            </div>
          </div>

          <ScrollBox
            ref={scroller}
            label="Gantt chart, scrolls sideways when zoomed in"
            className="min-w-0 flex-1"
            testId="gantt-scroller"
            onPointerLeave={() => setTip(null)}
          >
            <div className="relative" style={{ width: scale.widthPx + 2 * X_PAD }}>
              <GanttChart model={model} scale={scale} onTip={setTip} />
              <div className="border-t border-slate-200 dark:border-slate-800">
                <RamBand model={model} scale={scale} colorOf={colorOf} budgetBytes={view.run.budgetBytes} />
              </div>
              {tip && (
                <div
                  role="tooltip"
                  className="pointer-events-none absolute z-10 max-w-[270px] rounded-md bg-slate-900 px-2 py-1 text-xs text-white shadow-lg dark:bg-slate-100 dark:text-slate-900"
                  style={{ left: tip.x, top: tip.y }}
                >
                  {tip.text}
                </div>
              )}
            </div>
          </ScrollBox>
        </div>

        <div className="mt-3">
          <GanttLegend endings={model.rows.flatMap((r) => r.attempts.map((a) => a.ending))} />
        </div>
        <GanttTable model={model} id={tableId} isVisible={isTableShown} />
      </Card>
    </div>
  );
}

/** Durations written as on the overview and the retrospective ("2m 44s"); the axis keeps its clock ("2:44"). */
function Figures({ view, model }: { view: GanttView; model: GanttModel }) {
  const schedule = view.schedule;
  // The tracks still to start count too, as in the chart's summary: one waiting on a dependency would otherwise
  // leave the run looking ahead of its plan when it is behind.
  const latestForecastMs = model.isLive ? latestForecastFinishMs(model.rows, model.nowMs) : null;
  const started = new Date(view.run.startedAt);
  const items: { label: string; value: string; note?: string; title?: string; testId: string }[] = [
    {
      label: "Started",
      value: started.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }),
      testId: "gantt-started",
    },
    { label: model.isLive ? "Elapsed" : "Took", value: formatDuration(model.nowMs), testId: "gantt-elapsed" },
  ];
  if (schedule) {
    items.push({
      label: "Planned finish",
      value:
        schedule.pessimisticMakespanMs > schedule.makespanMs
          ? `${formatDuration(schedule.makespanMs)} (worst ${formatDuration(schedule.pessimisticMakespanMs)})`
          : formatDuration(schedule.makespanMs),
      testId: "gantt-planned-finish",
    });
    items.push({
      label: "Sequential",
      value: `${formatDuration(schedule.sequentialMs)} · plan saves ${Math.round(schedule.timeSavedPercent)}\u00a0%`,
      testId: "gantt-sequential",
    });
  }
  if (latestForecastMs !== null) {
    items.push({
      label: "Forecast finish, all tracks",
      value: formatDuration(latestForecastMs),
      title:
        "The latest forecast finish of every track, those not started yet included: each starts after its " +
        "dependencies and takes its planned duration (memory admission may start it later; a track without a " +
        "duration is left out).",
      testId: "gantt-latest-forecast",
    });
  }
  if (view.capacityBytes !== null) {
    const line = describeRamLine(view.capacityBytes, view.run.budgetBytes);
    items.push({
      label: `Planned within (${line.name})`,
      value: formatBytes(view.capacityBytes),
      note: line.basis,
      testId: "gantt-capacity",
    });
  }
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-3 lg:grid-cols-6">
      {items.map((item) => (
        <div key={item.label} title={item.title}>
          <dt className="text-xs text-slate-600 dark:text-slate-400">{item.label}</dt>
          <dd className="font-medium tabular-nums" data-testid={item.testId}>
            {item.value}
          </dd>
          {item.note && <dd className="text-xs text-slate-600 dark:text-slate-300">{item.note}</dd>}
        </div>
      ))}
    </dl>
  );
}
