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

export function zoneBands(t: Pick<ZoneThresholds, "yellow" | "orange" | "red">): ZoneBand[] {
  return [
    { zone: "green", from: 0, to: t.yellow },
    { zone: "yellow", from: t.yellow, to: t.orange },
    { zone: "orange", from: t.orange, to: t.red },
    { zone: "red", from: t.red, to: 100 },
  ];
}

export const DEFAULT_BANDS = zoneBands({ yellow: 60, orange: 75, red: 85 });
