import { describe, expect, it } from "vitest";
import { possessive, tracksLabel } from "./wording";

describe("possessive", () => {
  it.each([
    ["A", "A's"],
    ["billing", "billing's"],
    ["notifications", "notifications'"],
    ["API-TESTS", "API-TESTS'"],
    ["search-indexing-v2", "search-indexing-v2's"],
  ])("%s → %s", (name, text) => {
    expect(possessive(name)).toBe(text);
  });
});

describe("tracksLabel", () => {
  it("names one track in the singular, more in the plural", () => {
    expect(tracksLabel(["search-indexing"])).toBe("track search-indexing");
    expect(tracksLabel(["A", "B"])).toBe("tracks A, B");
  });
});
