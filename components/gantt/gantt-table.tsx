"use client";
// The Gantt as a table: every planned bar, actual span and forecast in words, for screen readers and for
// anyone who wants the figures. Hidden visually (not from assistive technology) until shown.
import type { GanttModel } from "@/lib/domain/reporting/gantt";
import { describeEnding } from "@/lib/domain/reporting/gantt-labels";
import { formatOffset } from "@/lib/domain/reporting/gantt-scale";
import { ScrollBox } from "../common/scroll-box";

type Row = {
  id: string;
  track: string;
  bar: string;
  state: string;
  fromMs: number;
  toMs: number;
  note: string;
};

export function ganttTableRows(model: GanttModel): Row[] {
  const rows: Row[] = [];
  for (const r of model.rows) {
    const key = r.track.key;
    if (r.planned) {
      rows.push({
        id: `${key}-planned`,
        track: key,
        bar: "planned",
        state: r.planned.critical ? "critical path" : "",
        fromMs: r.planned.plannedStartMs,
        toMs: r.planned.plannedEndMs,
        note: `optimistic end ${formatOffset(r.planned.optimisticEndMs)}, pessimistic ${formatOffset(r.planned.pessimisticEndMs)}`,
      });
    }
    for (const a of r.attempts) {
      for (const s of a.segments) {
        const last = s === a.segments.at(-1);
        rows.push({
          id: `${key}-${a.attempt}-${s.kind}-${s.startMs}`,
          track: key,
          bar: r.attempts.length > 1 ? `actual, attempt ${a.attempt}` : "actual",
          state: s.kind === "paused" ? `paused${s.pausedBy ? ` by ${s.pausedBy}` : ""}` : "running",
          fromMs: s.startMs,
          toMs: s.endMs,
          note: s.isOpen ? "ongoing" : last && a.ending !== "open" ? describeEnding(a.ending) : "",
        });
      }
    }
    if (r.forecast) {
      rows.push({
        id: `${key}-forecast`,
        track: key,
        bar: "forecast",
        state: r.forecast.method === "progress" ? "from progress rate" : "from plan estimate",
        fromMs: model.nowMs,
        toMs: r.forecast.finishMs,
        note: `${Math.round(r.forecast.progress)} % done${r.forecast.isPaused ? "; if resumed now" : ""}`,
      });
    }
    if (!r.planned && r.attempts.length === 0) {
      rows.push({
        id: `${key}-none`,
        track: key,
        bar: "—",
        state: r.track.status,
        fromMs: NaN,
        toMs: NaN,
        note: "",
      });
    }
  }
  return rows;
}

export function GanttTable(props: { model: GanttModel; id: string; isVisible: boolean }) {
  const rows = ganttTableRows(props.model);
  const time = (ms: number) => (Number.isFinite(ms) ? formatOffset(ms) : "—");
  return (
    <ScrollBox id={props.id} label="Gantt as a table" className={props.isVisible ? "mt-4" : "sr-only"}>
      <table className="w-full min-w-[560px] text-left text-sm" data-testid="gantt-table">
        <caption className="mb-2 text-left text-xs text-slate-600 dark:text-slate-400">
          Planned and actual bars as a table (times from the run's start)
        </caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-600 dark:border-slate-700 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-1 pr-3">
              Track
            </th>
            <th scope="col" className="py-1 pr-3">
              Bar
            </th>
            <th scope="col" className="py-1 pr-3">
              State
            </th>
            <th scope="col" className="py-1 pr-3">
              From
            </th>
            <th scope="col" className="py-1 pr-3">
              To
            </th>
            <th scope="col" className="py-1 pr-3">
              Duration
            </th>
            <th scope="col" className="py-1">
              Note
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row" className="py-1 pr-3 font-semibold">
                {r.track}
              </th>
              <td className="py-1 pr-3">{r.bar}</td>
              <td className="py-1 pr-3">{r.state}</td>
              <td className="py-1 pr-3 tabular-nums">{time(r.fromMs)}</td>
              <td className="py-1 pr-3 tabular-nums">{time(r.toMs)}</td>
              <td className="py-1 pr-3 tabular-nums">{time(r.toMs - r.fromMs)}</td>
              <td className="py-1 text-slate-600 dark:text-slate-400">{r.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
