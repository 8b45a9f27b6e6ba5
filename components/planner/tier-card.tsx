// One machine's column of the what-if panel: its capacity, the plan's figures, strategy and planned bars.

import { formatPlanDuration, type WhatIfColumn } from "@/lib/domain/planner/what-if";
import { formatBytes } from "@/lib/domain/units";
import { joinWords } from "../common/words";
import { MiniGantt } from "./mini-gantt";

/** "B does not fit: time saved is for A and C only", or "No track fits this machine". */
export function misfitHeadline(misfits: readonly string[], fits: readonly string[]): string {
  if (fits.length === 0) return "No track fits this machine: nothing can be planned";
  const verb = misfits.length === 1 ? "does not fit" : "do not fit";
  return `${joinWords(misfits)} ${verb}: time saved is for ${joinWords(fits)} only`;
}

/** "Peak planned 700 MB · critical path (sets the makespan): B, C, D": the path, not the critical-priority tracks. */
export function describePeakAndPath(peakPlannedBytes: number, criticalPath: readonly string[]): string {
  const path =
    criticalPath.length > 0 ? ` · critical path (sets the makespan): ${criticalPath.join(", ")}` : "";
  return `Peak planned ${formatBytes(peakPlannedBytes)}${path}`;
}

export function TierCard(props: { column: WhatIfColumn; scaleMs: number }) {
  const { column, scaleMs } = props;
  const s = column.schedule;
  const headingId = `what-if-${column.id}-heading`;
  // The seed's "2.5–3 days": the expected figure with the best and worst cases beside it.
  const range =
    s.optimisticMakespanMs === s.pessimisticMakespanMs
      ? ""
      : `best ${formatPlanDuration(s.optimisticMakespanMs)} · worst ${formatPlanDuration(s.pessimisticMakespanMs)}`;
  const hasTracks = s.tracks.length > 0;
  return (
    <section
      aria-labelledby={headingId}
      data-testid={`what-if-${column.id}`}
      className={`flex min-w-0 flex-col gap-3 rounded-xl border p-4 shadow-sm wrap-anywhere ${column.isCurrent ? "border-sky-300 bg-sky-50/50 dark:border-sky-800 dark:bg-sky-950/30" : "border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"}`}
    >
      <header>
        <h3 id={headingId} className="text-base font-semibold">
          {column.label}
        </h3>
        {s.unschedulable.length > 0 && (
          <p
            className="mt-1 text-sm font-semibold text-red-800 dark:text-red-300"
            data-testid="what-if-misfit"
          >
            {misfitHeadline(
              s.unschedulable.map((u) => u.key),
              s.tracks.map((t) => t.key),
            )}
          </p>
        )}
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {column.tier.label} tier · capacity {formatBytes(column.capacityBytes)} ({column.capacityBasis}) ·
          at most {column.maxConcurrent} at once (
          {column.maxConcurrentSource === "plan" ? "the plan's limit" : "the tier's"})
        </p>
      </header>

      <dl className="grid grid-cols-3 gap-2 text-sm">
        <div>
          <dt className="text-xs text-slate-600 dark:text-slate-400">Makespan</dt>
          <dd className="font-semibold tabular-nums" data-testid="what-if-makespan">
            {hasTracks ? formatPlanDuration(s.makespanMs) : "—"}
          </dd>
          {hasTracks && range && (
            <dd
              className="text-xs text-slate-600 tabular-nums dark:text-slate-400"
              data-testid="what-if-range"
            >
              {range}
            </dd>
          )}
        </div>
        <div>
          <dt className="text-xs text-slate-600 dark:text-slate-400">Sequential</dt>
          <dd className="font-semibold tabular-nums" data-testid="what-if-sequential">
            {formatPlanDuration(s.sequentialMs)}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600 dark:text-slate-400">Time saved</dt>
          <dd className="font-semibold tabular-nums" data-testid="what-if-saved">
            {hasTracks ? `${Math.round(s.timeSavedPercent)} %` : "—"}
          </dd>
        </div>
      </dl>

      {hasTracks && <MiniGantt schedule={s} scaleMs={scaleMs} machineLabel={column.label} />}

      <div>
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
          Strategy
        </h4>
        <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm" data-testid="what-if-strategy">
          {s.strategy.map((line) => (
            <li
              key={line}
              className={/cannot be scheduled/.test(line) ? "text-red-700 dark:text-red-400" : undefined}
            >
              {line}
            </li>
          ))}
        </ol>
      </div>
      {hasTracks && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {describePeakAndPath(s.peakPlannedBytes, s.criticalPath)}
        </p>
      )}
    </section>
  );
}
