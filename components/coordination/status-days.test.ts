// A run of three days and more: the Status page must let the lead reach each day without scrolling through the
// others (10 tracks make a day's card about 2,000 px tall; a phone four times that).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { DailyStatusDay } from "@/lib/domain/coordination/coordination-views";
import { toDailyStatusDocument } from "@/lib/domain/coordination/daily-status";
import type { ReportStatus } from "@/lib/domain/types";
import { describeDay, summarizeDays } from "./status-days";
import { StatusDayIndex } from "./status-page";

function day(date: string, statuses: ReportStatus[]): DailyStatusDay {
  return {
    date,
    documents: statuses.map((status, i) => ({
      runId: "r",
      trackKey: `t${i}`,
      date,
      trigger: "cadence",
      generatedAt: `${date}T18:00:00.000Z`,
      document: toDailyStatusDocument({ track: `t${i}`, status }),
    })),
  };
}

const DAYS = [
  day("2026-12-04", ["on-track", "blocked", "at-risk"]),
  day("2026-12-03", ["on-track", "on-track", "at-risk"]),
  day("2026-12-02", ["on-track", "on-track", "on-track"]),
];

describe("summarizeDays", () => {
  it("counts each day's tracks, blocked and at risk", () => {
    expect(summarizeDays(DAYS).map(describeDay)).toEqual([
      "3 tracks · 1 blocked · 1 at risk",
      "3 tracks · 1 at risk",
      "3 tracks",
    ]);
  });
});

describe("StatusDayIndex of a run of several days", () => {
  it("links to each day's card heading", () => {
    const html = renderToStaticMarkup(createElement(StatusDayIndex, { days: DAYS }));
    for (const { date } of DAYS) expect(html).toContain(`href="#status-${date}"`);
    expect(html).toContain("1 blocked");
  });
  it("is left out for a single day", () => {
    expect(renderToStaticMarkup(createElement(StatusDayIndex, { days: DAYS.slice(0, 1) }))).toBe("");
  });
});
