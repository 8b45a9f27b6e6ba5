// A run of three days and more: the Status page must let the lead reach each day without scrolling through the
// others (10 tracks make a day's card about 2,000 px tall; a phone four times that).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { DailyStatusDay } from "@/lib/domain/coordination/coordination-views";
import { toDailyStatusDocument } from "@/lib/domain/coordination/daily-status";
import type { ReportStatus } from "@/lib/domain/types";
import { describeDay, describeStatusZones, summarizeDays } from "./status-days";
import { StatusDayIndex } from "./status-page";

function day(date: string, statuses: ReportStatus[], utcOffsetMinutes = 0): DailyStatusDay {
  return {
    date,
    utcOffsetMinutes,
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

describe("describeStatusZones", () => {
  it("says the days and status.at are the server's, the times the browser's, when the zones differ", () => {
    // The tester's case: a server on UTC, a browser in Asia/Tokyo.
    expect(describeStatusZones(DAYS, 9 * 60)).toBe(
      "Days (midnight to midnight) and the plan's status.at are in the server's time, UTC+0; the times the documents were written are in yours, UTC+9.",
    );
    expect(describeStatusZones([day("2026-12-04", [], -330)], 60)).toContain("server's time, UTC−5:30;");
  });

  it("names one zone when the server's and the browser's are the same, and nothing before any day", () => {
    expect(describeStatusZones(DAYS, 0)).toBe(
      "Days, the plan's status.at and the times below are in UTC+0: the server's time zone and yours.",
    );
    expect(describeStatusZones([], 0)).toBeNull();
  });

  it("names both offsets of a run across a DST change", () => {
    const days = [day("2026-11-02", [], 60), day("2026-10-30", [], 120)];
    expect(describeStatusZones(days, 60)).toContain("server's time, UTC+1 or UTC+2;");
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
