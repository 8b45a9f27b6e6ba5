import { describe, expect, it } from "vitest";
import { trackColor as overviewColor } from "../charts/track-memory-area";
import { trackColor as ganttColor } from "../gantt/gantt-geometry";
import { TRACK_COLORS, trackColor } from "./track-colors";

describe("trackColor", () => {
  it("gives a track the same colour on the overview (cards, memory charts) and on the Gantt", () => {
    for (let position = 0; position < 2 * TRACK_COLORS.length + 1; position++) {
      expect(ganttColor(position), `position ${position}`).toBe(overviewColor(position));
    }
  });

  it("cycles through the palette by plan position", () => {
    expect(trackColor(0)).toBe(TRACK_COLORS[0]);
    expect(trackColor(1)).toBe("#db2777");
    expect(trackColor(TRACK_COLORS.length)).toBe(TRACK_COLORS[0]);
    expect(trackColor(-1)).toBe(TRACK_COLORS.at(-1));
  });
});
