// The RAM band as drawn: a capacity line thousands of times above the tracks' memory is named, not drawn,
// so the band's scale shows the areas instead of a flat line at its bottom.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { GanttModel } from "@/lib/domain/reporting/gantt";
import { RamBand } from "./ram-band";

const MB = 1e6;

function model(capacityBytes: number): GanttModel {
  return {
    runStartMs: 0,
    nowMs: 60_000,
    isLive: false,
    rows: [],
    domainMs: 60_000,
    plannedRam: [
      { ms: 0, bytes: 4 * MB },
      { ms: 60_000, bytes: 0 },
    ],
    actualRam: [
      { ms: 0, byTrack: { A: 2 * MB }, total: 2 * MB },
      { ms: 30_000, byTrack: { A: 6 * MB }, total: 6 * MB },
    ],
    capacityBytes,
    phaseMarkers: [],
    summary: "",
  };
}

const render = (capacityBytes: number) =>
  renderToStaticMarkup(
    createElement(RamBand, {
      model: model(capacityBytes),
      scale: { pxPerMs: 0.01, widthPx: 600, spanMs: 60_000 },
      colorOf: () => "#2563eb",
      budgetBytes: null,
    }),
  );

describe("RamBand", () => {
  it("names a capacity line far above the tracks' memory as off scale instead of drawing it", () => {
    const html = render(19e9);
    expect(html).not.toContain('data-testid="gantt-ram-capacity"');
    expect(html).toContain("planned capacity 19.0 GB, off scale");
    expect(html).toMatch(/aria-label="[^"]*planned capacity 19\.0 GB \(off scale\)"/);
  });

  it("draws the capacity line when it is near what the tracks use", () => {
    const html = render(10 * MB);
    expect(html).toContain('data-testid="gantt-ram-capacity"');
    expect(html).not.toContain("off scale");
  });
});
