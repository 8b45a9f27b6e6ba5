// The hatching of paused spans (amber for the lead, violet for the governor), as SVG pattern definitions that the
// chart and its legend both fill with; ids must be unique per page.

/** The ids the chart gave its two hatch patterns, for fill="url(#id)". */
export type HatchIds = { lead: string; governor: string };

function Hatch(props: { id: string; angle: number; fill: string; stroke: string }) {
  return (
    <pattern
      id={props.id}
      patternUnits="userSpaceOnUse"
      width="6"
      height="6"
      patternTransform={`rotate(${props.angle})`}
    >
      <rect width="6" height="6" className={props.fill} />
      <line x1="1.5" y1="0" x2="1.5" y2="6" strokeWidth="3" className={props.stroke} />
    </pattern>
  );
}

/** Place inside an SVG <defs>. */
export function HatchPatterns(props: { leadId: string; governorId: string }) {
  return (
    <>
      <Hatch
        id={props.leadId}
        angle={45}
        fill="fill-amber-100 dark:fill-amber-950"
        stroke="stroke-amber-500"
      />
      <Hatch
        id={props.governorId}
        angle={-45}
        fill="fill-violet-100 dark:fill-violet-950"
        stroke="stroke-violet-500"
      />
    </>
  );
}
