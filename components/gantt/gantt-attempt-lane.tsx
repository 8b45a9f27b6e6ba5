// biome-ignore-all lint/a11y/noInteractiveElementToNoninteractiveRole: Biome counts SVG shapes as interactive; role="img" names each bar.
// biome-ignore-all lint/a11y/noAriaHiddenOnFocusable: SVG <g>, <line> and <text> are not focusable; aria-hidden marks decoration.
// One attempt's actual lane in the Gantt chart: running segments solid (coloured by how the attempt ended),
// paused ones hatched by who paused them, the attempt number when there are several, and the ending mark.
import type { AttemptBar, BarSegment } from "@/lib/domain/reporting/gantt-actual-bars";
import { actualSegmentLabel } from "@/lib/domain/reporting/gantt-labels";
import { ENDING_MARK, ENDING_TEXT, isEarlierAttempt, LANE_H, RUNNING_FILL } from "./gantt-geometry";
import type { HoverProps } from "./gantt-layout";
import type { HatchIds } from "./hatch-patterns";

/** What a lane and each of its segments draw from: the attempt, where its lane sits, the scale and the hover. */
type LaneProps = {
  trackKey: string;
  attempt: AttemptBar;
  attempts: number;
  top: number;
  x: (ms: number) => number;
  w: (from: number, to: number) => number;
  hatch: HatchIds;
  hoverProps: HoverProps;
};

/** An attempt's segments in one lane, with its number (if the track has several) and how it ended. */
export function AttemptLane(props: LaneProps) {
  const { trackKey, attempt, attempts, top, x, w, hatch, hoverProps } = props;
  const mark = ENDING_MARK[attempt.ending];
  return (
    <g data-attempt={attempt.attempt}>
      {attempts > 1 && (
        <text
          x={x(attempt.startMs) - 3}
          y={top + LANE_H / 2 + 4}
          textAnchor="end"
          className="fill-slate-500 text-[10px] dark:fill-slate-400"
          aria-hidden="true"
        >
          {`#${attempt.attempt}`}
        </text>
      )}
      {attempt.segments.map((segment) => (
        <SegmentRect
          key={`${segment.kind}-${segment.startMs}`}
          trackKey={trackKey}
          segment={segment}
          attempt={attempt}
          attempts={attempts}
          top={top}
          x={x}
          w={w}
          hatch={hatch}
          hoverProps={hoverProps}
        />
      ))}
      {mark && (
        <text
          x={x(attempt.endMs) + 4}
          y={top + LANE_H / 2 + 4}
          className={`text-[11px] font-medium ${ENDING_TEXT[attempt.ending]}`}
          aria-hidden="true"
        >
          {mark}
        </text>
      )}
    </g>
  );
}

/** One running or paused segment, named for screen readers; a wide paused one also says who paused it. */
function SegmentRect(props: LaneProps & { segment: BarSegment }) {
  const { trackKey, segment, attempt, attempts, top, x, w, hatch, hoverProps } = props;
  const label = actualSegmentLabel(trackKey, segment, attempt, attempts);
  const width = w(segment.startMs, segment.endMs);
  const isPaused = segment.kind === "paused";
  const fill = isPaused
    ? `url(#${segment.pausedBy === "governor" ? hatch.governor : hatch.lead})`
    : undefined;
  const stroke = isPaused
    ? segment.pausedBy === "governor"
      ? "stroke-violet-500"
      : "stroke-amber-500"
    : isEarlierAttempt(attempt.ending)
      ? "stroke-amber-600 dark:stroke-amber-400"
      : "";
  const pauser = segment.pausedBy ?? "";
  return (
    <g>
      <rect
        x={x(segment.startMs)}
        y={top}
        width={width}
        height={LANE_H}
        rx={2}
        fill={fill}
        strokeWidth={stroke ? 1 : 0}
        strokeDasharray={!isPaused && stroke ? "3 2" : undefined}
        className={`${isPaused ? "" : RUNNING_FILL[attempt.ending]} ${stroke}`}
        role="img"
        aria-label={label}
        data-testid={`gantt-actual-${trackKey}`}
        data-kind={segment.kind}
        data-paused-by={segment.pausedBy ?? undefined}
        data-attempt={attempt.attempt}
        data-open={segment.isOpen ? "true" : undefined}
        {...hoverProps(label, x(segment.startMs), top + LANE_H + 4)}
      >
        <title>{label}</title>
      </rect>
      {isPaused && width > 46 && (
        <text
          x={x(segment.startMs) + width / 2}
          y={top + LANE_H / 2 + 3.5}
          textAnchor="middle"
          // A halo in the page's colour keeps the words readable on the stripes.
          strokeWidth={3}
          paintOrder="stroke"
          className="pointer-events-none fill-slate-900 stroke-white text-[10px] font-semibold dark:fill-slate-100 dark:stroke-slate-900"
          aria-hidden="true"
        >
          {width > 110 ? `paused · ${pauser}` : pauser}
        </text>
      )}
    </g>
  );
}
