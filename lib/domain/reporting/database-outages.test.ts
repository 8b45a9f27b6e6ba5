import { describe, expect, it } from "vitest";
import { databaseOutagesOf, describeOutages, type OutageEvent } from "./database-outages";

const T = Date.parse("2026-01-05T09:00:00.000Z");
const s = (seconds: number) => new Date(T + seconds * 1000).toISOString();
const down = (at: number): OutageEvent => ({
  kind: "db:unavailable",
  at: s(at),
  details: { error: "ECONNREFUSED" },
});
const back = (at: number, downMs: number, dropped = 0): OutageEvent => ({
  kind: "db:restored",
  at: s(at),
  details: { downMs, written: 10, dropped, failed: 0 },
});

describe("databaseOutagesOf", () => {
  it("pairs each outage with its return and names the starts it held back, with how long each waited", () => {
    const outages = databaseOutagesOf(
      [back(40, 30_000), down(10), down(12), down(100)],
      [
        { trackKey: "Y", at: s(20) },
        { trackKey: "Y", at: s(25) },
        { trackKey: "Q", at: s(5) }, // before the outage: not its doing
        { trackKey: "Z", at: s(110) },
      ],
      [
        { trackKey: "Y", at: s(2) },
        { trackKey: "Y", at: s(41) },
      ],
    );
    expect(outages).toEqual([
      {
        from: s(10),
        to: s(40),
        downMs: 30_000,
        error: "ECONNREFUSED",
        written: 10,
        dropped: 0,
        failed: 0,
        heldBack: [{ trackKey: "Y", waitedMs: 21_000 }],
      },
      {
        from: s(100),
        to: null,
        downMs: null,
        error: "ECONNREFUSED",
        written: null,
        dropped: 0,
        failed: 0,
        heldBack: [{ trackKey: "Z", waitedMs: null }],
      },
    ]);
    expect(describeOutages(outages)).toBe(
      "2 outages, 30s in all; held back Y (21s), Z (never started); the last one had not ended when the run did",
    );
  });

  it("dates a return whose outage event was lost from its length", () => {
    const [outage] = databaseOutagesOf([back(60, 20_000, 3)], [], []);
    expect(outage).toMatchObject({ from: T + 40_000, to: s(60), downMs: 20_000, error: null, dropped: 3 });
    expect(describeOutages([])).toBeNull();
  });
});
