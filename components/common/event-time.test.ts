// Events and decisions of a run that lasted days: the lists must tell which day each happened on.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PtEvent } from "@/lib/domain/types";
import { DecisionsFeed } from "../governor/decisions-feed";
import { formatEventTime, formatUtcOffset } from "./event-time";
import { EventsFeed } from "./events-feed";

const day = (d: Date) => new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" }).format(d);

describe("formatEventTime", () => {
  it("writes today's time of day alone", () => {
    const now = new Date(2026, 11, 4, 18, 0, 0);
    const text = formatEventTime(new Date(2026, 11, 4, 9, 30, 0), now);
    expect(text).not.toContain(day(now));
    expect(text).toMatch(/30/);
  });

  it("writes the date of an earlier day's event", () => {
    const now = new Date(2026, 11, 4, 18, 0, 0);
    const at = new Date(2026, 11, 2, 9, 30, 0);
    expect(formatEventTime(at, now)).toContain(day(at));
  });
});

describe("formatEventTime, one format for every page", () => {
  const now = new Date(2026, 11, 8, 7, 30, 0);

  it("dates a time when asked, even today (beside a server day that may be another)", () => {
    const at = new Date(2026, 11, 8, 7, 29, 27);
    expect(formatEventTime(at, now)).not.toContain(day(at));
    expect(formatEventTime(at, now, { withDate: true })).toContain(day(at));
  });

  it("adds the year only for another year, and leaves seconds out when asked", () => {
    const lastYear = new Date(2025, 11, 7, 22, 27, 5);
    expect(formatEventTime(lastYear, now)).toContain("2025");
    expect(formatEventTime(new Date(2026, 11, 7, 22, 27, 5), now)).not.toContain("2026");
    const withSeconds = formatEventTime(new Date(2026, 11, 7, 22, 27, 5), now);
    const without = formatEventTime(new Date(2026, 11, 7, 22, 27, 5), now, { seconds: false });
    expect(withSeconds).toMatch(/27\D05/);
    expect(without).not.toMatch(/27\D05/);
    expect(without).toContain(day(new Date(2026, 11, 7)));
  });

  it("writes nothing for a time it cannot read", () => {
    expect(formatEventTime("not a time", now)).toBe("");
  });
});

describe("formatUtcOffset", () => {
  it.each([
    [0, "UTC+0"],
    [540, "UTC+9"],
    [-300, "UTC−5"],
    [330, "UTC+5:30"],
    [-570, "UTC−9:30"],
  ])("%i minutes east: %s", (minutes, text) => {
    expect(formatUtcOffset(minutes)).toBe(text);
  });
});

describe("EventsFeed", () => {
  it("dates the events of a run that ended days ago", () => {
    const at = new Date(Date.now() - 3 * 86_400_000);
    const event: PtEvent = {
      id: 1,
      at: at.toISOString(),
      kind: "track:paused",
      severity: "info",
      message: "api paused",
      actor: "governor",
      runId: "r",
      trackKey: "api",
      details: null,
    };
    expect(renderToStaticMarkup(createElement(EventsFeed, { events: [event] }))).toContain(day(at));
  });
});

describe("DecisionsFeed", () => {
  it("dates the governor's decisions of earlier days", () => {
    const at = new Date(Date.now() - 2 * 86_400_000);
    const event: PtEvent = {
      id: 2,
      at: at.toISOString(),
      kind: "governor:pause",
      severity: "medium",
      message: "Paused api",
      actor: "governor",
      runId: "r",
      trackKey: "api",
      details: { zone: "orange", usedPercent: 80, action: "pause", reason: "memory orange" },
    };
    expect(renderToStaticMarkup(createElement(DecisionsFeed, { events: [event] }))).toContain(day(at));
  });
});
