// One colour per track, by its position in the plan: the overview's cards and memory charts and the Gantt's
// swatches and RAM band all use it, so a lead who knows B as pink finds it pink on every page.

/** Distinct in light and dark. */
export const TRACK_COLORS = [
  "#2563eb",
  "#db2777",
  "#0d9488",
  "#d97706",
  "#7c3aed",
  "#65a30d",
  "#0891b2",
  "#e11d48",
] as const;

export function trackColor(position: number): string {
  const n = TRACK_COLORS.length;
  return TRACK_COLORS[((position % n) + n) % n] ?? "#64748b";
}
