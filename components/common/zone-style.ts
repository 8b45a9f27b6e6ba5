// Colours and words for zones, used by every chart and badge.
import type { Zone, ZoneThresholds } from "@/lib/domain/types";

export const ZONE_COLORS: Record<Zone, string> = {
  green: "#16a34a",
  yellow: "#ca8a04",
  orange: "#ea580c",
  red: "#dc2626",
};

export const ZONE_LABELS: Record<Zone, string> = {
  green: "Green",
  yellow: "Yellow",
  orange: "Orange",
  red: "Red",
};

/** What the seed's protocol says to do in each zone. */
export const ZONE_ADVICE: Record<Zone, string> = {
  green: "Full parallel execution",
  yellow: "Watch closely; admission only for what fits",
  orange: "Fewer agents, cloud models, defer non-critical work",
  red: "Emergency: pause lowest priority, critical work only",
};

export const ZONE_BADGE: Record<Zone, string> = {
  green: "bg-green-100 text-green-800 ring-green-600/30 dark:bg-green-950 dark:text-green-300",
  yellow: "bg-yellow-100 text-yellow-800 ring-yellow-600/30 dark:bg-yellow-950 dark:text-yellow-300",
  orange: "bg-orange-100 text-orange-800 ring-orange-600/30 dark:bg-orange-950 dark:text-orange-300",
  red: "bg-red-100 text-red-800 ring-red-600/30 dark:bg-red-950 dark:text-red-300",
};

export type ZoneBand = { zone: Zone; from: number; to: number };

/** Where Yellow, Orange and Red start, in percent: the plan's `ram.zones` without the hysteresis. */
export type ZoneLines = Pick<ZoneThresholds, "yellow" | "orange" | "red">;

export function zoneBands(t: ZoneLines): ZoneBand[] {
  return [
    { zone: "green", from: 0, to: t.yellow },
    { zone: "yellow", from: t.yellow, to: t.orange },
    { zone: "orange", from: t.orange, to: t.red },
    { zone: "red", from: t.red, to: 100 },
  ];
}

export const DEFAULT_BANDS = zoneBands({ yellow: 60, orange: 75, red: 85 });

/** Lines a chart can draw: percents with 0 ≤ yellow < orange < red ≤ 100, as the plan checks demand. */
export function isDrawableZoneLines(lines: ZoneLines): boolean {
  const { yellow, orange, red } = lines;
  return (
    [yellow, orange, red].every(Number.isFinite) &&
    0 <= yellow &&
    yellow < orange &&
    orange < red &&
    red <= 100
  );
}

/**
 * The bands for the run's zone lines. Without them (no run yet, or not loaded) or with lines no plan could have
 * (a bad answer), the defaults: a gauge must draw something, and the seed's lines are the likeliest.
 */
export function bandsFor(lines: ZoneLines | null | undefined): ZoneBand[] {
  return lines && isDrawableZoneLines(lines) ? zoneBands(lines) : DEFAULT_BANDS;
}

/** Where each zone after Green starts, e.g. [60, 75, 85]: the ticks of a gauge or an axis. */
export function zoneStarts(bands: readonly ZoneBand[]): number[] {
  return bands.slice(1).map((b) => b.from);
}

/** "Yellow from 40 %, Orange from 70 %, Red from 90 %": the lines in words, for text alternatives. */
export function describeZoneLines(bands: readonly ZoneBand[]): string {
  return bands
    .slice(1)
    .map((b) => `${ZONE_LABELS[b.zone]} from ${b.from} %`)
    .join(", ");
}
