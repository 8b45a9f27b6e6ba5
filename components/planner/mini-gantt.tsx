// biome-ignore-all lint/a11y/noInteractiveElementToNoninteractiveRole: Biome counts SVG shapes as interactive; role="img" names each bar.
// A tier's planned bars, on a time scale shared by all columns so the machines compare at a glance, with a key to
// what the bars' shades and lines mean.
import type { TrackSchedule } from "@/lib/domain/planner/planner";
import { formatPlanDuration } from "@/lib/domain/planner/what-if";
import { shortLabels } from "../common/short-label";

const ROW_H = 18;
const BAR_H = 12;
const WIDTH = 300;
const AXIS_H = 16;
/** Longer keys are cut in the middle ("authent…h-pkce"), the whole key in the label's title. */
const MAX_LABEL_CHARS = 14;
/** 10 px semibold: a generous width per character, so a label clears the bars in wide fonts too. */
const CHAR_W = 6.5;
const MIN_LABEL_W = 28;
const LABEL_GAP = 4;

/** Room for the longest label, right-aligned against the bars: a font wider still pushes text off the left edge
 * (the SVG clips it), never into a bar. */
export function miniGanttLabelWidth(labels: Iterable<string>): number {
  const longest = Math.max(0, ...[...labels].map((label) => label.length));
  return Math.max(MIN_LABEL_W, Math.ceil(longest * CHAR_W) + LABEL_GAP);
}

export function MiniGantt(props: { schedule: TrackSchedule; scaleMs: number; machineLabel: string }) {
  const { schedule, machineLabel } = props;
  const scaleMs = Math.max(1, props.scaleMs);
  const labels = shortLabels(
    schedule.tracks.map((t) => t.key),
    MAX_LABEL_CHARS,
  );
  const labelW = miniGanttLabelWidth(labels.values());
  const plotW = WIDTH - labelW - 8;
  const x = (ms: number) => labelW + (ms / scaleMs) * plotW;
  const hasSpread = schedule.tracks.some((t) => t.pessimisticEndMs > t.optimisticEndMs);
  const hasCritical = schedule.tracks.some((t) => t.critical);
  const height = AXIS_H + schedule.tracks.length * ROW_H + 4;
  const barLabel = (t: TrackSchedule["tracks"][number]) =>
    `Track ${t.key} planned ${formatPlanDuration(t.plannedStartMs)}–${formatPlanDuration(t.plannedEndMs)}${t.critical ? " (critical path)" : ""}`;
  const summary =
    schedule.tracks.length === 0
      ? `No track can be planned on the ${machineLabel}`
      : `Planned bars on the ${machineLabel}: ${schedule.tracks.map((t) => `${t.key} ${formatPlanDuration(t.plannedStartMs)}–${formatPlanDuration(t.plannedEndMs)}`).join(", ")}`;
  return (
    <div className="min-w-0">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="h-auto w-full"
        role="img"
        aria-label={summary}
        data-testid="what-if-mini-gantt"
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line
              x1={x(f * scaleMs)}
              x2={x(f * scaleMs)}
              y1={AXIS_H - 3}
              y2={height}
              className="stroke-slate-200 dark:stroke-slate-700"
            />
            <text
              x={x(f * scaleMs)}
              y={AXIS_H - 5}
              textAnchor={f === 0 ? "start" : f === 1 ? "end" : "middle"}
              className="fill-slate-500 text-[9px] dark:fill-slate-400"
            >
              {formatPlanDuration(f * scaleMs)}
            </text>
          </g>
        ))}
        <line
          x1={x(schedule.makespanMs)}
          x2={x(schedule.makespanMs)}
          y1={AXIS_H - 3}
          y2={height}
          strokeDasharray="3 2"
          className="stroke-slate-500 dark:stroke-slate-400"
        />
        {schedule.tracks.map((t, i) => {
          const y = AXIS_H + i * ROW_H + (ROW_H - BAR_H) / 2;
          return (
            <g key={t.key}>
              <text
                x={labelW - LABEL_GAP}
                y={y + BAR_H - 2}
                textAnchor="end"
                className="fill-slate-700 text-[10px] font-semibold dark:fill-slate-200"
                data-testid="mini-gantt-label"
              >
                <title>{t.key}</title>
                {labels.get(t.key) ?? t.key}
              </text>
              {t.pessimisticEndMs > t.optimisticEndMs && (
                <line
                  x1={x(t.optimisticEndMs)}
                  x2={x(t.pessimisticEndMs)}
                  y1={y + BAR_H / 2}
                  y2={y + BAR_H / 2}
                  strokeWidth={2}
                  className="stroke-slate-400 dark:stroke-slate-500"
                />
              )}
              <rect
                x={x(t.plannedStartMs)}
                y={y}
                width={Math.max(2, x(t.plannedEndMs) - x(t.plannedStartMs))}
                height={BAR_H}
                rx={2}
                role="img"
                aria-label={barLabel(t)}
                className={t.critical ? "fill-sky-700 dark:fill-sky-400" : "fill-sky-400 dark:fill-sky-700"}
              >
                <title>{barLabel(t)}</title>
              </rect>
            </g>
          );
        })}
      </svg>
      <MiniGanttKey hasCritical={hasCritical} hasSpread={hasSpread} />
    </div>
  );
}

/** What the dark and light bars, the grey line after a bar and the dashed line mean. */
function MiniGanttKey(props: { hasCritical: boolean; hasSpread: boolean }) {
  return (
    <ul
      className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600 dark:text-slate-400"
      aria-label="Key to the planned bars"
      data-testid="mini-gantt-key"
    >
      {props.hasCritical && (
        <li className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-2.5 w-4 rounded-sm bg-sky-700 dark:bg-sky-400" />
          critical path
        </li>
      )}
      <li className="flex items-center gap-1">
        <span aria-hidden="true" className="inline-block h-2.5 w-4 rounded-sm bg-sky-400 dark:bg-sky-700" />
        {props.hasCritical ? "other tracks" : "planned run"}
      </li>
      {props.hasSpread && (
        <li className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-0.5 w-4 bg-slate-400 dark:bg-slate-500" />
          best–worst end
        </li>
      )}
      <li className="flex items-center gap-1">
        <span
          aria-hidden="true"
          className="inline-block w-4 border-t border-dashed border-slate-500 dark:border-slate-400"
        />
        planned finish
      </li>
    </ul>
  );
}
