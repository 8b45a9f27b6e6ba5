// What the Gantt's marks mean.
import type { ReactNode, SVGProps } from "react";
import type { BarEnding } from "@/lib/domain/reporting/gantt-actual-bars";
import { isEarlierAttempt, RUNNING_FILL, runningLegend } from "./gantt-geometry";
import { HatchPatterns } from "./hatch-patterns";

/** A bar swatch: full height for actual spans, thinner for planned ones. */
function Bar({ thin, ...rest }: SVGProps<SVGRectElement> & { thin?: boolean }) {
  return <rect x="1" y={thin ? 4 : 2} width="22" height={thin ? 8 : 12} rx="2" {...rest} />;
}

type Item = { label: string; swatch: ReactNode };

const PLANNED_ITEMS: Item[] = [
  {
    label: "Planned",
    swatch: <Bar thin className="fill-slate-300 dark:fill-slate-600" />,
  },
  {
    label: "Planned, critical path",
    swatch: (
      <Bar
        thin
        strokeWidth={1}
        className="fill-slate-300 stroke-slate-600 dark:fill-slate-600 dark:stroke-slate-300"
      />
    ),
  },
];

/** The actual bars' colours; the earlier attempts' entry says why those of the chart ended. */
function runningItems(endings: Iterable<BarEnding>): Item[] {
  return runningLegend(endings).map(({ label, ending }) => ({
    label,
    // An earlier attempt's bar is drawn dashed (gantt-attempt-lane.tsx); the others plain.
    swatch: !isEarlierAttempt(ending) ? (
      <Bar className={RUNNING_FILL[ending]} />
    ) : (
      <Bar
        strokeDasharray="3 2"
        className={`${RUNNING_FILL[ending]} stroke-amber-600 dark:stroke-amber-400`}
      />
    ),
  }));
}

const MARK_ITEMS: Item[] = [
  {
    label: "Paused by lead",
    swatch: <Bar fill="url(#legend-hatch-lead)" className="stroke-amber-500" />,
  },
  {
    label: "Paused by governor",
    swatch: <Bar fill="url(#legend-hatch-gov)" className="stroke-violet-500" />,
  },
  {
    label: "Forecast",
    swatch: (
      <rect
        x="1"
        y="3"
        width="22"
        height="10"
        rx="2"
        fill="transparent"
        strokeDasharray="4 3"
        className="stroke-sky-500"
      />
    ),
  },
  {
    label: "Now",
    swatch: <line x1="12" x2="12" y1="0" y2="16" strokeWidth={2} className="stroke-rose-500" />,
  },
  {
    label: "Phase change",
    swatch: <line x1="12" x2="12" y1="0" y2="16" strokeDasharray="2 3" className="stroke-fuchsia-500" />,
  },
];

/** `endings`: how the chart's attempts ended. */
export function GanttLegend({ endings }: { endings: Iterable<BarEnding> }) {
  return (
    <div>
      <svg width="0" height="0" className="absolute" aria-hidden="true">
        <defs>
          <HatchPatterns leadId="legend-hatch-lead" governorId="legend-hatch-gov" />
        </defs>
      </svg>
      <ul
        aria-label="Legend"
        className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300"
      >
        {[...PLANNED_ITEMS, ...runningItems(endings), ...MARK_ITEMS].map((item) => (
          <li key={item.label} className="flex items-center gap-1.5">
            <svg width="24" height="16" aria-hidden="true">
              {item.swatch}
            </svg>
            {item.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
