import { describe, expect, it } from "vitest";
import { dayWindow, dueStatusDate, isStatusDate, localDate } from "./status-cadence";

const at = (iso: string) => Date.parse(iso);

describe("daily status cadence", () => {
  it("reads the local day, east and west of UTC", () => {
    expect(localDate(at("2026-03-01T23:30:00Z"), 0)).toBe("2026-03-01");
    expect(localDate(at("2026-03-01T23:30:00Z"), 60)).toBe("2026-03-02");
    expect(localDate(at("2026-03-01T00:30:00Z"), -300)).toBe("2026-02-28");
  });

  it("covers a local day from midnight to midnight", () => {
    expect(dayWindow("2026-03-02", 60)).toEqual({
      from: at("2026-03-01T23:00:00Z"),
      to: at("2026-03-02T23:00:00Z"),
    });
  });

  it("is due once the local time passes `at`, once a day", () => {
    // 18:00 local at UTC+1 is 17:00Z.
    expect(dueStatusDate(at("2026-03-02T16:59:00Z"), "18:00", null, 60)).toBeNull();
    expect(dueStatusDate(at("2026-03-02T17:00:00Z"), "18:00", null, 60)).toBe("2026-03-02");
    expect(dueStatusDate(at("2026-03-02T20:00:00Z"), "18:00", "2026-03-01", 60)).toBe("2026-03-02");
    expect(dueStatusDate(at("2026-03-02T20:00:00Z"), "18:00", "2026-03-02", 60)).toBeNull();
    // A run started after today's 18:00 writes its first documents tomorrow.
    expect(
      dueStatusDate(at("2026-03-02T20:00:00Z"), "18:00", null, 60, at("2026-03-02T19:00:00Z")),
    ).toBeNull();
    expect(dueStatusDate(at("2026-03-03T17:00:00Z"), "18:00", null, 60, at("2026-03-02T19:00:00Z"))).toBe(
      "2026-03-03",
    );
    // Past midnight, the new day is not due before its own 18:00.
    expect(dueStatusDate(at("2026-03-02T23:30:00Z"), "18:00", "2026-03-02", 60)).toBeNull();
  });

  it("accepts only real dates", () => {
    expect(isStatusDate("2026-02-28")).toBe(true);
    expect(isStatusDate("2026-02-30")).toBe(false);
    expect(isStatusDate("26-2-3")).toBe(false);
  });
});
