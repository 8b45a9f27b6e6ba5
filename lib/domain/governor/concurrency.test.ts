import { describe, expect, it } from "vitest";
import { describeConcurrency, refuseForSlot, takesSlot } from "./concurrency";
import { decideGovernorActions, initialGovernorMemory } from "./governor";
import { makeInput, makeTrack } from "./governor-fixtures";

const GIB = 1024 ** 3;

describe("describeConcurrency", () => {
  const tier = { label: "16GB", maxConcurrent: 2, targetUtilization: { min: 60, max: 85 } } as const;

  it("names the plan's limit when the plan sets one", () => {
    expect(describeConcurrency(3, 3, tier)).toEqual({
      limit: 3,
      decidedBy: "plan",
      tierLimit: 2,
      tierLabel: "16GB",
    });
  });

  it("says memory decides when the governor has no limit", () => {
    expect(describeConcurrency(Number.POSITIVE_INFINITY, null, tier)).toMatchObject({
      limit: null,
      decidedBy: "memory",
    });
  });

  it("names the tier's default while a track's size is unknown", () => {
    expect(describeConcurrency(2, null, tier)).toMatchObject({ limit: 2, decidedBy: "tier" });
  });
});

describe("the decision's concurrency limit", () => {
  const sized = [makeTrack("A", { estimateBytes: GIB }), makeTrack("B", { estimateBytes: GIB })];
  const decide = (tracks = sized, policy = {}, usedPercent = 10) =>
    decideGovernorActions(
      makeInput(usedPercent, tracks, { policy: { maxConcurrent: 2, ...policy } }),
      initialGovernorMemory(),
    ).concurrencyLimit;

  it("is unlimited when the tier's default applies and every track's size is known, in every zone", () => {
    for (const used of [10, 65, 80, 90])
      expect(decide(sized, { maxConcurrentIsDefault: true }, used)).toBe(Number.POSITIVE_INFINITY);
  });

  it("is the default while a track has neither estimate nor profile", () => {
    const unknown = [...sized, makeTrack("C", { estimateBytes: null })];
    expect(decide(unknown, { maxConcurrentIsDefault: true })).toBe(2);
  });

  it("is the plan's own limit whatever the estimates", () => {
    expect(decide(sized, { maxConcurrentIsDefault: false })).toBe(2);
  });
});

describe("refuseForSlot", () => {
  const plan = { limit: 2, decidedBy: "plan", tierLimit: 4, tierLabel: "64GB+" } as const;
  const tier = { limit: 2, decidedBy: "tier", tierLimit: 2, tierLabel: "16GB" } as const;
  const memory = { limit: null, decidedBy: "memory", tierLimit: 4, tierLabel: "64GB+" } as const;

  it.each([
    {
      view: plan,
      running: ["A", "C"],
      refusal: "no free slot: maxConcurrent 2 is reached by A and C; pause one, or resume B when one ends",
    },
    {
      view: tier,
      running: ["A", "C", "D"],
      refusal:
        "no free slot: the 16GB RAM tier's limit of 2 is reached by A, C and D; pause one, or resume B when one ends",
    },
    { view: plan, running: ["A"], refusal: null },
    { view: memory, running: ["A", "C", "D", "E", "F"], refusal: null },
    { view: null, running: ["A", "C"], refusal: null },
  ])("$view.decidedBy with $running running: $refusal", ({ view, running, refusal }) => {
    expect(refuseForSlot("B", "resume", view, running)).toBe(refusal);
  });

  it("names a restart as the thing to do later", () => {
    expect(refuseForSlot("B", "restart", plan, ["A", "C"])).toBe(
      "no free slot: maxConcurrent 2 is reached by A and C; pause one, or restart B when one ends",
    );
  });
});

describe("takesSlot", () => {
  it.each([
    ["resume", "paused", true],
    ["restart", "failed", true],
    ["restart", "completed", true],
    ["restart", "paused", true],
    ["restart", "running", false],
    ["pause", "running", false],
    ["stop", "paused", false],
  ] as const)("%s of a %s track: %s", (action, status, expected) => {
    expect(takesSlot(action, status)).toBe(expected);
  });
});
