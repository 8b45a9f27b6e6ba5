// biome-ignore-all lint/a11y/noAriaHiddenOnFocusable: SVG <g> is not focusable; aria-hidden marks decoration.
// The Gantt's dependency arrows: dashed for the plan, solid once the dependency actually completed. Their
// paths come from gantt-layout.ts; the arrowhead is a <marker> the chart places in its <defs>.
import type { DependencyArrow } from "./gantt-layout";

/** The arrowhead, referenced by id from every arrow; place inside the chart's <defs>. */
export function ArrowheadMarker(props: { id: string }) {
  return (
    <marker id={props.id} viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto">
      <path d="M0,0 L6,3 L0,6 z" className="fill-slate-400 dark:fill-slate-500" />
    </marker>
  );
}

/** All arrows of the chart; decoration, so hidden from screen readers. */
export function DependencyArrows(props: { arrows: readonly DependencyArrow[]; arrowheadId: string }) {
  return (
    <g aria-hidden="true" fill="none">
      {props.arrows.map((a) => (
        <path
          key={a.key}
          d={a.d}
          markerEnd={`url(#${props.arrowheadId})`}
          strokeWidth={1.25}
          strokeDasharray={a.actual ? undefined : "3 2"}
          className={
            a.actual ? "stroke-slate-500 dark:stroke-slate-400" : "stroke-slate-400 dark:stroke-slate-500"
          }
          data-testid="gantt-dependency"
        />
      ))}
    </g>
  );
}
