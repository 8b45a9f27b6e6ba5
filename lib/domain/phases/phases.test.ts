import { describe, expect, it } from "vitest";
import { findGateItem, getPhase, isPhaseNumber, nextPhase, PHASE_NUMBERS, PHASES } from "./phases";

// The seed's "Validation Gate" checklists, copied by hand from parallel-execution-workflow-template.md.
const SEED_GATES: Record<number, string[]> = {
  1: [
    "All tracks identified with clear boundaries",
    "Resource allocation plan validated",
    "Coordination protocol documented",
    "Risk mitigation strategies defined",
  ],
  2: [
    "All agents successfully activated",
    "Resource usage within planned limits",
    "Monitoring and alerting active",
    "No scope conflicts detected",
  ],
  3: [
    "All tracks progressing on schedule",
    "Resource usage stable and sustainable",
    "No critical blockers identified",
    "Quality gates passing",
  ],
  4: [
    "All track deliverables complete",
    "Quality gates passed",
    "Handoff documentation ready",
    "Resources properly released",
  ],
  5: [
    "All tracks successfully integrated",
    "Integration tests passing",
    "Final quality review complete",
    "Success metrics achieved",
  ],
};

describe("PHASES", () => {
  it("has the seed's five phases in order", () => {
    expect(PHASES.map((p) => [p.number, p.title])).toEqual([
      [1, "Parallel Planning"],
      [2, "Agent Activation"],
      [3, "Parallel Execution"],
      [4, "Track Completion and Handoffs"],
      [5, "Integration and Final Validation"],
    ]);
  });

  it.each(PHASE_NUMBERS)("phase %i copies the seed's gate checklist verbatim", (n) => {
    expect(getPhase(n).gate.map((i) => i.label)).toEqual(SEED_GATES[n]);
  });

  it("uses each item key once across all phases, so manual ticks are unambiguous", () => {
    const keys = PHASES.flatMap((p) => p.gate.map((i) => i.key));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("keeps the seed's cadence: phase 3 every 24 hours, phase 4 per track", () => {
    expect(PHASES.map((p) => p.cadence)).toEqual(["once", "once", "every-24h", "per-track", "once"]);
  });

  it("marks as manual only what Paratrack cannot observe", () => {
    const manual = PHASES.flatMap((p) => p.gate.filter((i) => i.mode === "manual").map((i) => i.key));
    expect(manual).toEqual([
      "coordination-protocol-documented",
      "risk-mitigation-defined",
      "handoff-documentation-ready",
      "tracks-integrated",
      "final-quality-review-complete",
    ]);
  });

  it("carries the seed's objectives", () => {
    expect(getPhase(1).objective).toBe(
      "Design parallel execution strategy and validate resource availability",
    );
    expect(getPhase(5).objective).toBe("Integrate all track outputs and validate complete system");
  });
});

describe("nextPhase / isPhaseNumber / findGateItem", () => {
  it.each([
    [1, 2],
    [2, 3],
    [3, 4],
    [4, 5],
    [5, null],
  ] as const)("after phase %i comes %s", (n, next) => {
    expect(nextPhase(n)).toBe(next);
  });

  it.each([
    [1, true],
    [5, true],
    [0, false],
    [6, false],
    ["1", false],
    [1.5, false],
  ])("isPhaseNumber(%j) is %s", (value, expected) => {
    expect(isPhaseNumber(value)).toBe(expected);
  });

  it("finds an item's phase by key", () => {
    expect(findGateItem("no-scope-conflicts")).toEqual({
      phase: 2,
      item: { key: "no-scope-conflicts", label: "No scope conflicts detected", mode: "auto" },
    });
    expect(findGateItem("nope")).toBeNull();
  });
});
