// A tiny SVG line of recent values (no axes): cheap enough to draw one per track on every sample.

/** The polyline points for `values` scaled into a width × height box (min 0, max the largest value). */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return "";
  const max = Math.max(...values, 1);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => {
      const x = values.length > 1 ? i * step : width;
      const y = height - (Math.max(0, v) / max) * (height - 2) - 1;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
}

export function Sparkline(props: {
  values: readonly number[];
  label: string;
  width?: number;
  height?: number;
  className?: string;
}) {
  const width = props.width ?? 120;
  const height = props.height ?? 28;
  const points = sparklinePoints(props.values, width, height);
  return (
    <svg
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      className={`shrink-0 overflow-visible text-blue-600 dark:text-blue-400 ${props.className ?? ""}`}
      data-testid="track-sparkline"
    >
      <line
        x1={0}
        x2={width}
        y1={height - 0.5}
        y2={height - 0.5}
        className="stroke-slate-200 dark:stroke-slate-700"
      />
      {points && (
        <polyline
          points={points}
          fill="none"
          stroke="currentColor"
          strokeWidth={1.5}
          strokeLinejoin="round"
        />
      )}
    </svg>
  );
}
