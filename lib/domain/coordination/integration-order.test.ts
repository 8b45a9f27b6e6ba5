import { describe, expect, it } from "vitest";
import type { MergePrediction } from "./change-conflicts";
import { adviseIntegrationOrder } from "./integration-order";

describe("adviseIntegrationOrder", () => {
  it("merges the branches with the fewest predicted conflicts first", () => {
    const predictions: MergePrediction[] = [
      { a: "a", b: "b", state: "conflicts", files: ["x.ts", "y.ts"] },
      { a: "a", b: "c", state: "clean" },
      { a: "a", b: "d", state: "conflicts", files: ["z.ts"] },
      { a: "b", b: "c", state: "clean" },
      { a: "b", b: "d", state: "clean" },
      { a: "c", b: "d", state: "clean" },
    ];
    const order = adviseIntegrationOrder(["a", "b", "c", "d"], predictions);
    expect(order.map((e) => e.key)).toEqual(["c", "d", "b", "a"]);
    expect(order.map((e) => e.reason)).toEqual([
      "1. c: no predicted conflict",
      "2. d: predicted conflicts with a (1 file)",
      "3. b: predicted conflicts with a (2 files)",
      "4. a: predicted conflicts with b, d (3 files)",
    ]);
  });

  it("keeps plan order on ties, and puts pairs it could not predict after the clean ones", () => {
    const order = adviseIntegrationOrder(
      ["x", "y", "z"],
      [
        { a: "x", b: "y", state: "error", message: "unknown revision" },
        { a: "x", b: "z", state: "clean" },
        { a: "y", b: "z", state: "clean" },
      ],
    );
    expect(order.map((e) => e.key)).toEqual(["z", "x", "y"]);
    expect(order[1]?.unknownWith).toEqual(["y"]);
    expect(order[1]?.reason).toBe("2. x: no predicted conflict; not predicted with y");
  });

  it("counts a conflict git named no file for as one file, and ignores tracks not being merged", () => {
    const order = adviseIntegrationOrder(
      ["a", "b"],
      [
        { a: "a", b: "b", state: "conflicts", files: [] },
        { a: "a", b: "gone", state: "conflicts", files: ["q"] },
      ],
    );
    expect(order.map((e) => [e.key, e.conflictsWith, e.conflictFiles])).toEqual([
      ["a", ["b"], 1],
      ["b", ["a"], 1],
    ]);
  });
});
