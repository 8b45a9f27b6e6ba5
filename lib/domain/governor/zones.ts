// RAM zones (Green/Yellow/Orange/Red) with hysteresis, and the seed's RAM tiers. Pure.
import type { RamTier, TierLabel, Zone, ZoneThresholds } from "../types";

/** The seed's zone lines: Yellow from 60 %, Orange from 75 %, Red from 85 %; 2 points of hysteresis. */
export const DEFAULT_ZONE_THRESHOLDS: ZoneThresholds = { yellow: 60, orange: 75, red: 85, hysteresis: 2 };

const ZONE_ORDER: readonly Zone[] = ["green", "yellow", "orange", "red"];

/** 0 for Green up to 3 for Red, for comparing zones. */
export function zoneRank(zone: Zone): number {
  switch (zone) {
    case "green":
      return 0;
    case "yellow":
      return 1;
    case "orange":
      return 2;
    case "red":
      return 3;
  }
}

/** True when `zone` is `floor` or worse (e.g. isZoneAtLeast(z, "orange")). */
export function isZoneAtLeast(zone: Zone, floor: Zone): boolean {
  return zoneRank(zone) >= zoneRank(floor);
}

/** The percent at which a zone begins (Green begins at 0). */
export function zoneLine(zone: Zone, thresholds: ZoneThresholds): number {
  switch (zone) {
    case "green":
      return 0;
    case "yellow":
      return thresholds.yellow;
    case "orange":
      return thresholds.orange;
    case "red":
      return thresholds.red;
  }
}

/** A message saying what is wrong with the thresholds, or null when they are usable. */
export function validateZoneThresholds(t: ZoneThresholds): string | null {
  const entries: [string, number][] = [
    ["yellow", t.yellow],
    ["orange", t.orange],
    ["red", t.red],
    ["hysteresis", t.hysteresis],
  ];
  for (const [name, value] of entries) {
    if (typeof value !== "number" || !Number.isFinite(value))
      return `zone ${name} must be a number, got ${value}`;
  }
  if (t.yellow <= 0 || t.red > 100) {
    return `zone lines must lie inside 0–100 % (yellow > 0, red ≤ 100), got yellow ${t.yellow}, red ${t.red}`;
  }
  if (!(t.yellow < t.orange && t.orange < t.red)) {
    return `zone lines must increase: yellow < orange < red, got ${t.yellow} / ${t.orange} / ${t.red}`;
  }
  if (t.hysteresis < 0) return `zone hysteresis must be ≥ 0, got ${t.hysteresis}`;
  // A margin as wide as a zone would make that zone impossible to leave downward.
  const narrowest = Math.min(t.yellow, t.orange - t.yellow, t.red - t.orange);
  if (t.hysteresis >= narrowest) {
    return `zone hysteresis (${t.hysteresis}) must be smaller than the narrowest zone (${narrowest} points)`;
  }
  return null;
}

function plainZone(usedPercent: number, t: ZoneThresholds): Zone {
  if (usedPercent >= t.red) return "red";
  if (usedPercent >= t.orange) return "orange";
  if (usedPercent >= t.yellow) return "yellow";
  return "green";
}

/**
 * The zone for a used percentage. A line belongs to the higher zone (exactly 60 → Yellow).
 * Moving up is immediate; leaving a zone downward needs the value to fall below that zone's line minus the
 * hysteresis, so a reading hovering at a line does not flap the zone (and the governor's actions) every second.
 * A drop across several zones applies the margin at each line it crosses.
 */
export function classifyZone(usedPercent: number, thresholds: ZoneThresholds, previous?: Zone | null): Zone {
  // A reading that is not a number carries no news: keep what we had.
  if (Number.isNaN(usedPercent)) return previous ?? "green";
  const plain = plainZone(usedPercent, thresholds);
  if (previous == null || zoneRank(plain) >= zoneRank(previous)) return plain;
  let zone = previous;
  while (zone !== "green" && usedPercent < zoneLine(zone, thresholds) - thresholds.hysteresis) {
    zone = ZONE_ORDER[zoneRank(zone) - 1] ?? "green";
  }
  return zone;
}

const GIB = 1024 ** 3;

/**
 * MemTotal is below the RAM on the box: the kernel, firmware reservations and integrated-GPU carve-outs take
 * their share before Linux counts it (a 16 GB laptop with a shared-memory GPU can report ~14 GiB). So a machine
 * counts as N GB from 85 % of N GiB; that still keeps a 24 GiB machine in the 16GB tier and 48 GiB in 32GB.
 */
const TIER_TOLERANCE = 0.85;

type TierRule = { label: TierLabel; fromGiB: number; maxConcurrent: number; min: number; max: number };

// Largest first. Targets: 32GB and 64GB+ are the seed's own; the seed gives none for 16 GB and below and asks
// for sequential work and close swap watching there, so they get the conservative 60–75 % band, not 64GB+'s.
const TIER_RULES: readonly TierRule[] = [
  { label: "64GB+", fromGiB: 64, maxConcurrent: 4, min: 70, max: 85 },
  { label: "32GB", fromGiB: 32, maxConcurrent: 3, min: 60, max: 75 },
  { label: "16GB", fromGiB: 16, maxConcurrent: 2, min: 60, max: 75 },
  { label: "<16GB", fromGiB: 0, maxConcurrent: 1, min: 60, max: 75 },
];

/** The seed's RAM tier for a machine whose memory capacity is `totalBytes`. */
export function tierFor(totalBytes: number): RamTier {
  const rule =
    TIER_RULES.find((r) => totalBytes >= r.fromGiB * GIB * TIER_TOLERANCE) ??
    TIER_RULES[TIER_RULES.length - 1]!;
  return {
    label: rule.label,
    maxConcurrent: rule.maxConcurrent,
    targetUtilization: { min: rule.min, max: rule.max },
  };
}
