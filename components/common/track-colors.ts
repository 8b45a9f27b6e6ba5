// One colour per track, by its position in the plan: the overview's cards and memory charts and the Gantt's
// swatches and RAM band all use it, so a lead who knows B as pink finds it pink on every page.

/**
 * A track's colour. `fill` paints the charts (stacked areas at about half opacity, on white and on slate-900) and
 * the Gantt's swatches; `badge` is the same hue, dark enough for white bold text on it (at least 4.5:1), for the
 * key badge on the track's card. Light fills need a darker badge; dark ones serve as their own.
 */
export type TrackColor = { fill: string; badge: string };

/**
 * Sixteen colours that stay apart from each other (CIEDE2000 ≥ 10, solid and at half opacity on the light and the
 * dark page), so a plan of up to 16 tracks never repeats one in the RAM band or the stacked memory chart, where
 * colour is the only cue. The most distinct come first, since most plans have a few tracks: the first 8 are
 * ≥ 13 apart, the first 12 ≥ 11. Checked in track-colors.test.ts. Tailwind names in the comments.
 */
export const TRACK_PALETTE: readonly TrackColor[] = [
  { fill: "#2563eb", badge: "#2563eb" }, // blue-600
  { fill: "#65a30d", badge: "#4d7c0f" }, // lime-600 / lime-700
  { fill: "#c2410c", badge: "#c2410c" }, // orange-700
  { fill: "#ec4899", badge: "#db2777" }, // pink-500 / pink-600
  { fill: "#0f766e", badge: "#0f766e" }, // teal-700
  { fill: "#ca8a04", badge: "#a16207" }, // yellow-600 / yellow-700
  { fill: "#c084fc", badge: "#9333ea" }, // purple-400 / purple-600
  { fill: "#0ea5e9", badge: "#0369a1" }, // sky-500 / sky-700
  { fill: "#7e22ce", badge: "#7e22ce" }, // purple-700
  { fill: "#f87171", badge: "#dc2626" }, // red-400 / red-600
  { fill: "#10b981", badge: "#047857" }, // emerald-500 / emerald-700
  { fill: "#854d0e", badge: "#854d0e" }, // yellow-800
  { fill: "#9f1239", badge: "#9f1239" }, // rose-800
  { fill: "#3f6212", badge: "#3f6212" }, // lime-800
  { fill: "#a8a29e", badge: "#78716c" }, // stone-400 / stone-500
  { fill: "#57534e", badge: "#57534e" }, // stone-600
];

/** The chart colours, in palette order. */
export const TRACK_COLORS: readonly string[] = TRACK_PALETTE.map((c) => c.fill);

function paletteEntry(position: number): TrackColor | undefined {
  const n = TRACK_PALETTE.length;
  return TRACK_PALETTE[((position % n) + n) % n];
}

/** The track's chart colour (areas, swatches); it repeats only past 16 tracks. */
export function trackColor(position: number): string {
  return paletteEntry(position)?.fill ?? "#64748b";
}

/** The shade of the track's colour behind white text: its key badge. */
export function trackBadgeColor(position: number): string {
  return paletteEntry(position)?.badge ?? "#475569";
}
