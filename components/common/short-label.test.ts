import { describe, expect, it } from "vitest";
import { shortLabels, truncateMiddle } from "./short-label";

describe("truncateMiddle", () => {
  it("keeps a key that fits as it is", () => {
    expect(truncateMiddle("billing", 9)).toBe("billing");
    expect(truncateMiddle("A", 1)).toBe("A");
  });

  it("keeps the start and the end of a long key, so two keys with one prefix stay apart", () => {
    expect(truncateMiddle("search-indexing", 9)).toBe("sear…xing");
    expect(truncateMiddle("security-review", 9)).toBe("secu…view");
    expect(truncateMiddle("authentication-service-migration-to-oauth21-with-pkce", 14)).toBe(
      "authent…h-pkce",
    );
    expect(truncateMiddle("search-indexing", 9)).toHaveLength(9);
  });

  it("gives an ellipsis alone when there is room for nothing else", () => {
    expect(truncateMiddle("search", 1)).toBe("…");
    expect(truncateMiddle("search", 2)).toBe("s…");
  });
});

describe("shortLabels", () => {
  it("cuts each key in the middle", () => {
    const labels = shortLabels(["search-indexing", "security-review", "api"], 9);
    expect([...labels.values()]).toEqual(["sear…xing", "secu…view", "api"]);
  });

  it("moves the cut where two keys would read alike", () => {
    // Both end in "-service-migration"; their starts differ after 4 characters.
    const labels = shortLabels(["billing-service-migration", "bill-pay-service-migration"], 9);
    const [a, b] = [...labels.values()];
    expect(a).not.toBe(b);
    expect(a).toHaveLength(9);
    expect(b).toHaveLength(9);
    expect(labels.get("billing-service-migration")).toBe("billing…n");
  });

  it("leaves keys that differ only in the middle as they are (their titles tell them apart)", () => {
    const labels = shortLabels(["service-a-migration", "service-b-migration"], 7);
    expect(labels.get("service-a-migration")).toBe(labels.get("service-b-migration"));
  });
});
