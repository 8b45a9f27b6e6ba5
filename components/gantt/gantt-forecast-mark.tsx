// biome-ignore-all lint/a11y/noInteractiveElementToNoninteractiveRole: Biome counts SVG shapes as interactive; role="img" names each mark.
// biome-ignore-all lint/a11y/noAriaHiddenOnFocusable: SVG <g>, <line> and <text> are not focusable; aria-hidden marks decoration.
// The forecast mark of a running or paused track in the Gantt chart: a dashed box from now to the forecast
// finish, ending in a diamond.
import type { Forecast } from "@/lib/domain/reporting/gantt-forecast";
import { forecastLabel } from "@/lib/domain/reporting/gantt-labels";
import { LANE_H } from "./gantt-geometry";
import type { HoverProps } from "./gantt-layout";

/** Where a track is forecast to finish, drawn in its current attempt's lane and named for screen readers. */
export function ForecastMark(props: {
  trackKey: string;
  forecast: Forecast;
  fromMs: number;
  y: number;
  x: (ms: number) => number;
  hoverProps: HoverProps;
}) {
  const { trackKey, forecast, fromMs, y, x, hoverProps } = props;
  const label = forecastLabel(trackKey, forecast);
  const x1 = x(fromMs);
  const x2 = Math.max(x1 + 1, x(forecast.finishMs));
  return (
    <g
      role="img"
      aria-label={label}
      data-testid={`gantt-forecast-${trackKey}`}
      {...hoverProps(label, x1, y + LANE_H + 4)}
    >
      <rect
        x={x1}
        y={y + 1}
        width={x2 - x1}
        height={LANE_H - 2}
        rx={2}
        fill="transparent"
        strokeDasharray="4 3"
        strokeWidth={1.25}
        className="stroke-sky-500 dark:stroke-sky-400"
      />
      <path
        d={`M${x2},${y + LANE_H / 2 - 5} l5,5 l-5,5 l-5,-5 z`}
        className="fill-sky-500 dark:fill-sky-400"
        aria-hidden="true"
      />
      <title>{label}</title>
    </g>
  );
}
