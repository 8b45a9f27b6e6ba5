// biome-ignore-all lint/a11y/noInteractiveElementToNoninteractiveRole: Biome counts SVG shapes as interactive; role="img" names each bar.
// A tier's planned bars, on a time scale shared by all columns so the machines compare at a glance.
import type { TrackSchedule } from "@/lib/domain/planner/planner";
import { formatPlanDuration } from "@/lib/domain/planner/what-if";

const ROW_H = 18;
const BAR_H = 12;
const LABEL_W = 28;
const WIDTH = 300;
const AXIS_H = 16;

export function MiniGantt(props: { schedule: TrackSchedule; scaleMs: number; machineLabel: string }) {
  const { schedule, machineLabel } = props;
  const scaleMs = Math.max(1, props.scaleMs);
  const plotW = WIDTH - LABEL_W - 8;
  const x = (ms: number) => LABEL_W + (ms / scaleMs) * plotW;
  const height = AXIS_H + schedule.tracks.length * ROW_H + 4;
  const barLabel = (t: TrackSchedule["tracks"][number]) =>
    `Track ${t.key} planned ${formatPlanDuration(t.plannedStartMs)}–${formatPlanDuration(t.plannedEndMs)}${t.critical ? " (critical path)" : ""}`;
  const summary =
    schedule.tracks.length === 0
      ? `No track can be planned on the ${machineLabel}`
      : `Planned bars on the ${machineLabel}: ${schedule.tracks.map((t) => `${t.key} ${formatPlanDuration(t.plannedStartMs)}–${formatPlanDuration(t.plannedEndMs)}`).join(", ")}`;
  return (
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
              x={0}
              y={y + BAR_H - 2}
              className="fill-slate-700 text-[10px] font-semibold dark:fill-slate-200"
            >
              {t.key}
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
  );
}
