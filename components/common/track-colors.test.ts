import { describe, expect, it } from "vitest";
import { trackColor as overviewColor } from "../charts/track-memory-area";
import { trackColor as ganttColor } from "../gantt/gantt-geometry";
import { blendOver, colorDifference, contrastRatio, hexToLab } from "./color-math";
import { TRACK_COLORS, TRACK_PALETTE, trackBadgeColor, trackColor } from "./track-colors";

const WHITE = "#ffffff";
/** The cards' and charts' dark background (bg-slate-900). */
const DARK = "#0f172a";
/** The opacity the stacked memory chart (0.45) and the Gantt's RAM band (0.55) fill their areas with. */
const AREA_OPACITY = 0.5;

/** How far apart two fills look at worst: side by side solid (swatches) or as half-opaque areas on either page. */
function fillDifference(a: string, b: string): number {
  return Math.min(
    colorDifference(a, b),
    colorDifference(blendOver(a, WHITE, AREA_OPACITY), blendOver(b, WHITE, AREA_OPACITY)),
    colorDifference(blendOver(a, DARK, AREA_OPACITY), blendOver(b, DARK, AREA_OPACITY)),
  );
}

/** The closest two of the first `count` fills. */
function closestPair(count: number): { difference: number; pair: string } {
  let closest = { difference: Number.POSITIVE_INFINITY, pair: "" };
  for (let i = 0; i < count; i++)
    for (let j = i + 1; j < count; j++) {
      const difference = fillDifference(TRACK_COLORS[i]!, TRACK_COLORS[j]!);
      if (difference < closest.difference)
        closest = { difference, pair: `${TRACK_COLORS[i]} ${TRACK_COLORS[j]}` };
    }
  return closest;
}

describe("trackColor", () => {
  it("gives a track the same colour on the overview (cards, memory charts) and on the Gantt", () => {
    for (let position = 0; position < 2 * TRACK_COLORS.length + 1; position++) {
      expect(ganttColor(position), `position ${position}`).toBe(overviewColor(position));
    }
  });

  it("cycles through the palette by plan position, only past 16 tracks", () => {
    expect(TRACK_COLORS).toHaveLength(16);
    expect(new Set(TRACK_COLORS).size).toBe(16);
    expect(trackColor(0)).toBe(TRACK_COLORS[0]);
    expect(trackColor(1)).toBe("#65a30d");
    expect(trackColor(TRACK_COLORS.length)).toBe(TRACK_COLORS[0]);
    expect(trackColor(-1)).toBe(TRACK_COLORS.at(-1));
    expect(trackBadgeColor(TRACK_COLORS.length + 1)).toBe(trackBadgeColor(1));
  });

  it("keeps 16 tracks' colours apart, solid and as half-opaque areas on the light and the dark page", () => {
    // CIEDE2000: above 10 two colours read as different ones, not as shades of one.
    const all = closestPair(16);
    expect(all.difference, all.pair).toBeGreaterThanOrEqual(10);
    const twelve = closestPair(12);
    expect(twelve.difference, twelve.pair).toBeGreaterThanOrEqual(11);
    const eight = closestPair(8);
    expect(eight.difference, eight.pair).toBeGreaterThanOrEqual(13);
  });

  it("draws fills that stand out from both page backgrounds", () => {
    for (const fill of TRACK_COLORS) {
      expect(contrastRatio(fill, WHITE), `${fill} on white`).toBeGreaterThanOrEqual(2.2);
      expect(contrastRatio(fill, DARK), `${fill} on slate-900`).toBeGreaterThanOrEqual(2.2);
    }
  });
});

describe("trackBadgeColor", () => {
  it("carries white bold 14 px text at WCAG AA (4.5:1) on every badge colour", () => {
    for (const [position, { badge }] of TRACK_PALETTE.entries()) {
      expect(trackBadgeColor(position)).toBe(badge);
      expect(contrastRatio(WHITE, badge), `white on ${badge}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("is a shade of the track's own colour, not another track's", () => {
    for (const { fill, badge } of TRACK_PALETTE) {
      // Lab hue angles within 30°: the badge reads as the same colour, darker.
      expect(hueDistance(fill, badge), `${fill} / ${badge}`).toBeLessThanOrEqual(30);
    }
    expect(new Set(TRACK_PALETTE.map((c) => c.badge)).size).toBe(TRACK_PALETTE.length);
  });
});

/** Difference of the L*a*b* hue angles of two colours, in degrees (0–180); 0 for greys. */
function hueDistance(a: string, b: string): number {
  const angle = (hex: string) => {
    const [, x, y] = hexToLab(hex);
    return Math.hypot(x, y) < 5 ? null : (Math.atan2(y, x) * 180) / Math.PI;
  };
  const ha = angle(a);
  const hb = angle(b);
  if (ha === null || hb === null) return 0;
  const d = Math.abs(ha - hb) % 360;
  return d > 180 ? 360 - d : d;
}
