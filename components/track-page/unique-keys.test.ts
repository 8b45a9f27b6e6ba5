import { describe, expect, it } from "vitest";
import { uniqueKeys } from "./unique-keys";

describe("uniqueKeys", () => {
  it("numbers repeated keys and keeps distinct ones as they are", () => {
    expect(uniqueKeys(["a", "b", "a", "a"], (x) => x)).toEqual(["a", "b", "a#2", "a#3"]);
  });

  it("is empty for no items", () => {
    expect(uniqueKeys([], String)).toEqual([]);
  });
});
