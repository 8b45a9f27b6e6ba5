import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tierFor } from "../governor/zones";
import { validatePlan } from "../plan/plan-validate";
import type { Plan } from "../types";
import {
  currentMachine,
  formatPlanBytes,
  formatPlanDuration,
  formatPlanRange,
  planWhatIf,
  tierMachine,
  WHAT_IF_TIER_SIZES_GIB,
} from "./what-if";

const DAY = 86_400_000;
const GIB = 1024 ** 3;
const ROOT = path.resolve(import.meta.dirname, "../../..");

function loadPlan(relative: string): Plan {
  const file = path.join(ROOT, relative);
  const result = validatePlan(readFileSync(file, "utf8"), {
    fileName: relative,
    baseDir: path.dirname(file),
    effectiveTotalBytes: null,
  });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.plan;
}

describe("planWhatIf on the seed example (examples/seed-plan.yaml)", () => {
  // Assumptions: tier capacity = the tier's upper target of 16 / 32 / 64 GiB; the plan's maxConcurrent (3) applies.
  const plan = loadPlan("examples/seed-plan.yaml");
  const columns = planWhatIf(
    plan,
    WHAT_IF_TIER_SIZES_GIB.map((gib) => tierMachine(gib, plan)),
    200,
  );
  const [small, medium, large] = columns;
  const startOf = (c: typeof large, key: string) =>
    c!.schedule.tracks.find((t) => t.key === key)?.plannedStartMs;

  it("at 64 GB runs all three tracks at once: 2.5 d (3 d pessimistic) vs 6.5 d sequential", () => {
    expect(large!.capacityBytes).toBe(0.85 * 64 * GIB);
    expect(large!.maxConcurrent).toBe(3);
    expect(large!.maxConcurrentSource).toBe("plan");
    expect(["A", "B", "C"].map((k) => startOf(large, k))).toEqual([0, 0, 0]);
    expect(large!.schedule.makespanMs).toBe(2.5 * DAY);
    expect(large!.schedule.pessimisticMakespanMs).toBe(3 * DAY);
    expect(large!.schedule.sequentialMs).toBe(6.5 * DAY);
    expect(large!.schedule.strategy[0]).toMatch(/^Launch A \+ B \+ C concurrently/);
  });

  it("at 32 GB keeps B (23.9 GB) apart from A and C: 4 d", () => {
    expect(medium!.capacityBytes).toBe(0.75 * 32 * GIB);
    expect(medium!.schedule.makespanMs).toBe(4 * DAY);
    const t = Object.fromEntries(medium!.schedule.tracks.map((x) => [x.key, x]));
    expect(t.A!.plannedStartMs).toBe(t.C!.plannedStartMs);
    expect(t.B!.concurrentWith).toEqual([]);
  });

  it("at 16 GB cannot place B at all, and says why", () => {
    expect(small!.tier.label).toBe("16GB");
    expect(small!.schedule.unschedulable.map((u) => u.key)).toEqual(["B"]);
    expect(small!.schedule.unschedulable[0]!.reason).toMatch(/exceeds/);
  });
});

describe("machines", () => {
  it("uses the tier's concurrency when the plan sets none", () => {
    const m = tierMachine(16, { maxConcurrent: null });
    expect(m.maxConcurrent).toBe(tierFor(16 * GIB).maxConcurrent);
    expect(m.maxConcurrentSource).toBe("tier");
  });

  it("plans this machine as a run would: the plan's budget up to its admission line", () => {
    const plan = loadPlan("demo/demo-plan.yaml");
    const sample = { machine: { capacityBytes: 24 * GIB }, tier: tierFor(24 * GIB) } as Parameters<
      typeof currentMachine
    >[1];
    const m = currentMachine(plan, sample, null);
    expect(m.capacityBytes).toBeCloseTo((1.4e9 * plan.ram.admitBelow) / 100, 3);
    expect(m.capacityBasis).toContain("budget");
    expect(m.isCurrent).toBe(true);
    const [column] = planWhatIf(plan, [m], 100);
    // D depends on A, B and C: it starts only when the last of them ends.
    const t = Object.fromEntries(column!.schedule.tracks.map((x) => [x.key, x]));
    expect(t.D!.plannedStartMs).toBe(Math.max(t.A!.plannedEndMs, t.B!.plannedEndMs, t.C!.plannedEndMs));
  });
});

describe("planning figures in the plan's units", () => {
  it("writes durations and ranges as the seed does", () => {
    expect(formatPlanDuration(2.5 * DAY)).toBe("2.5 d");
    expect(formatPlanDuration(6.5 * DAY)).toBe("6.5 d");
    expect(formatPlanDuration(90 * 60_000)).toBe("1.5 h");
    expect(formatPlanDuration(180_000)).toBe("3 min");
    expect(formatPlanRange(2 * DAY, 3 * DAY)).toBe("2–3 d");
    expect(formatPlanRange(12 * 3_600_000, 2 * DAY)).toBe("0.5–2 d");
    expect(formatPlanRange(180_000, 180_000)).toBe("3 min");
  });

  it("writes RAM in decimal GB to the plan's precision, MB below a gigabyte", () => {
    expect(formatPlanBytes(11_976_000_000)).toBe("11.976 GB");
    expect(formatPlanBytes(23_900_000_000)).toBe("23.9 GB");
    expect(formatPlanBytes(600_000_000)).toBe("600 MB");
  });
});
