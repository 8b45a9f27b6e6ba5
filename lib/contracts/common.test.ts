import { describe, expect, it } from "vitest";
import { isoTimeQuery } from "./common";

describe("isoTimeQuery", () => {
  const since = isoTimeQuery("since");

  it("reads an ISO time and leaves an absent one out", () => {
    expect(since.parse("2026-01-31T12:00:00Z")).toEqual(new Date("2026-01-31T12:00:00Z"));
    expect(since.parse(undefined)).toBeUndefined();
    expect(since.parse("")).toBeUndefined();
  });

  it("refuses what is not a time, and times past year 9999 (which answered every sample ever taken)", () => {
    for (const text of ["notadate", "99999-01-01", "+010000-01-01T00:00:00Z"]) {
      const parsed = since.safeParse(text);
      expect(parsed.success, text).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain("since must be an ISO time");
    }
    expect(since.parse("9999-12-31T23:59:59Z")).toEqual(new Date("9999-12-31T23:59:59Z"));
  });
});
