import { describe, expect, it } from "vitest";
import type { TrackPlan } from "../types";
import { planTracks } from "./planner";
import { checkSchedule } from "./schedule-check";

const DAY = 86_400_000;
const GB = 1e9; // decimal, as lib/domain/units.ts parses "GB"

function track(
  key: string,
  gb: number | null,
  days: [number, number] | null,
  extra: Partial<TrackPlan> = {},
): TrackPlan {
  return {
    key,
    name: `Track ${key}`,
    nice: 10,
    priority: "standard",
    tier: "primary",
    ramBytes: gb === null ? null : Math.round(gb * GB),
    duration: days === null ? null : { minMs: days[0] * DAY, maxMs: days[1] * DAY },
    model: { local: null, cloud: null },
    dependsOn: [],
    scope: [],
    workdir: ".",
    env: {},
    test: null,
    agents: [],
    resources: {},
    ...extra,
  };
}

// The seed's Phase 2 example ("3 concurrent tracks on 64GB RAM system"). Assumptions:
// - RAM figures are decimal GB (11.976 GB = 11.976e9 bytes), the machine is 64 GB = 64e9 bytes;
// - durations are ranges and the plan uses their midpoints: A 2.5 d, B 1.5 d, C 2.5 d, so
//   sequential = 6.5 d, the seed's "vs 6.5 days sequential";
// - the 64 GB tier allows 3 tracks at once;
// - the capacity the caller passes is a zone line of the 64 GB machine: the tier's upper target
//   (85 % = 54.4 GB), its lower target (75 % = 48 GB) or the Green line (60 % = 38.4 GB).
const SEED = [track("A", 11.976, [2, 3]), track("B", 23.9, [1, 2]), track("C", 10.376, [2, 3])];
const MACHINE = 64 * GB;

function byKey(result: ReturnType<typeof planTracks>) {
  return Object.fromEntries(result.tracks.map((t) => [t.key, t]));
}

describe("planTracks on the seed example", () => {
  it.each([
    ["85 % of 64 GB", 0.85],
    ["75 % of 64 GB", 0.75],
  ])("runs all three at once at %s: 2.5 days expected, 3 at worst, vs 6.5 sequential", (_, share) => {
    const result = planTracks({ tracks: SEED, capacityBytes: share * MACHINE, maxConcurrent: 3 });
    const t = byKey(result);
    expect([t.A?.plannedStartMs, t.B?.plannedStartMs, t.C?.plannedStartMs]).toEqual([0, 0, 0]);
    expect(result.makespanMs).toBe(2.5 * DAY);
    expect(result.pessimisticMakespanMs).toBe(3 * DAY);
    expect(result.optimisticMakespanMs).toBe(2 * DAY);
    expect(result.sequentialMs).toBe(6.5 * DAY);
    expect(result.timeSavedPercent).toBeCloseTo((4 / 6.5) * 100, 10);
    expect(result.peakPlannedBytes).toBe(46_252_000_000);
    expect(t.A?.concurrentWith).toEqual(["B", "C"]);
    expect(result.strategy[0]).toBe(
      `Launch A + B + C concurrently (46.3 GB of ${share === 0.85 ? "54.4" : "48.0"} GB)`,
    );
    expect(result.strategy[1]).toBe(
      "Expected completion 2d 12h (2d–3d) vs 6d 12h sequential: 62 % time saved",
    );
    expect(result.unschedulable).toEqual([]);
  });

  it("at the Green line (60 % = 38.4 GB) launches A + C together and starts B when they finish", () => {
    const capacityBytes = 0.6 * MACHINE;
    const result = planTracks({ tracks: SEED, capacityBytes, maxConcurrent: 3 });
    const t = byKey(result);
    // All three need 46.252 GB; any two fit. A + C (22.352 GB) together keeps the peak lowest for the
    // same 4-day makespan, so B (23.9 GB) waits until A and C finish at 2.5 days.
    expect(t.A?.plannedStartMs).toBe(0);
    expect(t.C?.plannedStartMs).toBe(0);
    expect(t.B?.plannedStartMs).toBe(2.5 * DAY);
    expect(t.B?.plannedEndMs).toBe(4 * DAY);
    expect(result.makespanMs).toBe(4 * DAY);
    expect(result.optimisticMakespanMs).toBe(3 * DAY);
    expect(result.pessimisticMakespanMs).toBe(5 * DAY);
    expect(t.B?.optimisticEndMs).toBe(3 * DAY);
    expect(t.B?.pessimisticEndMs).toBe(5 * DAY);
    expect(result.peakPlannedBytes).toBe(23_900_000_000);
    expect(t.B?.concurrentWith).toEqual([]);
    expect(t.A?.concurrentWith).toEqual(["C"]);
    expect(checkSchedule(toProblem(SEED, capacityBytes, 3), startsOf(result))).toEqual([]);
    expect(result.strategy).toEqual([
      "Launch A + C concurrently (22.4 GB of 38.4 GB)",
      "Start B at 2d 12h, when A + C finish: its 23.9 GB does not fit beside A + C (22.4 GB) within 38.4 GB; it ends at 4d",
      "Expected completion 4d (3d–5d) vs 6d 12h sequential: 38 % time saved",
      "Resource limits add 1d 12h to the 2d 12h the dependencies alone would take",
    ]);
  });

  it("decides from the numbers, not the names or the order of the tracks", () => {
    // Same tracks renamed (B's role is now "alpha") and listed in another order.
    const renamed = [
      track("zeta", 10.376, [2, 3]),
      track("alpha", 23.9, [1, 2]),
      track("mid", 11.976, [2, 3]),
    ].reverse();
    const result = planTracks({ tracks: renamed, capacityBytes: 0.6 * MACHINE, maxConcurrent: 3 });
    const t = byKey(result);
    expect(t.zeta?.plannedStartMs).toBe(0);
    expect(t.mid?.plannedStartMs).toBe(0);
    expect(t.alpha?.plannedStartMs).toBe(2.5 * DAY);
    expect(result.tracks.map((x) => x.key)).toEqual(["mid", "alpha", "zeta"]);
    expect(result.strategy[0]).toBe("Launch mid + zeta concurrently (22.4 GB of 38.4 GB)");

    // Make the middle track the small one instead: now the two big ones must not share.
    const swapped = [track("A", 23.9, [2, 3]), track("B", 10.376, [1, 2]), track("C", 23.0, [2, 3])];
    const other = byKey(planTracks({ tracks: swapped, capacityBytes: 0.6 * MACHINE, maxConcurrent: 3 }));
    const startsAtZero = Object.values(other)
      .filter((x) => x.plannedStartMs === 0)
      .map((x) => x.key)
      .sort();
    expect(startsAtZero).toContain("B");
    expect(startsAtZero).toHaveLength(2);
  });

  it("marks the zero-slack tracks critical (resources ignored)", () => {
    const result = planTracks({ tracks: SEED, capacityBytes: 0.6 * MACHINE, maxConcurrent: 3 });
    expect(result.criticalPath).toEqual(["A", "C"]);
    expect(result.criticalPathMs).toBe(2.5 * DAY);
    expect(byKey(result).B?.critical).toBe(false);
    expect(byKey(result).A?.critical).toBe(true);
  });
});

describe("planTracks constraints", () => {
  it("respects the concurrency limit as a resource", () => {
    const tracks = [track("A", 1, [1, 1]), track("B", 1, [1, 1]), track("C", 1, [2, 2])];
    const result = planTracks({ tracks, capacityBytes: MACHINE, maxConcurrent: 2 });
    const t = byKey(result);
    // The long one first, so the makespan is 2 days, not 3.
    expect(result.makespanMs).toBe(2 * DAY);
    expect(t.C?.plannedStartMs).toBe(0);
    expect(result.strategy).toContain(
      `Start ${t.A?.plannedStartMs === 0 ? "B" : "A"} at 1d, when ${t.A?.plannedStartMs === 0 ? "A" : "B"} finishes: ` +
        `${t.A?.plannedStartMs === 0 ? "A" : "B"} + C were already running (at most 2 at once); it ends at 2d`,
    );
  });

  it("starts a dependent track when its dependency finishes and says so", () => {
    const tracks = [
      track("A", 4, [1, 1]),
      track("B", 4, [2, 2], { dependsOn: ["A"] }),
      track("C", 4, [1, 1]),
    ];
    const result = planTracks({ tracks, capacityBytes: MACHINE, maxConcurrent: 3 });
    const t = byKey(result);
    expect(t.B?.plannedStartMs).toBe(1 * DAY);
    expect(result.criticalPath).toEqual(["A", "B"]);
    expect(result.strategy).toContain("Start B at 1d, when A finishes (B depends on it); it ends at 3d");
  });

  it("starts a critical track with slack before low-priority ones when the makespan allows it", () => {
    // One slot: any order takes 3 days; the critical track is last in the plan and has all the slack there is.
    const tracks = [
      track("L1", 1, [1, 1], { priority: "low" }),
      track("L2", 1, [1, 1], { priority: "low" }),
      track("C", 1, [1, 1], { priority: "critical" }),
    ];
    const t = byKey(planTracks({ tracks, capacityBytes: MACHINE, maxConcurrent: 1 }));
    expect(t.C?.plannedStartMs).toBe(0);
  });

  it("keeps the shortest plan when favouring a priority would make it longer", () => {
    // Two slots. The low track heads a 3-day chain; starting the two critical 1-day tracks first would delay
    // the chain to 4 days, so the low track starts at 0 beside one critical track.
    const tracks = [
      track("L", 1, [1, 1], { priority: "low" }),
      track("L2", 1, [2, 2], { priority: "low", dependsOn: ["L"] }),
      track("C1", 1, [1, 1], { priority: "critical" }),
      track("C2", 1, [1, 1], { priority: "critical" }),
    ];
    const result = planTracks({ tracks, capacityBytes: MACHINE, maxConcurrent: 2 });
    const t = byKey(result);
    expect(result.makespanMs).toBe(3 * DAY);
    expect(t.L?.plannedStartMs).toBe(0);
    expect([t.C1?.plannedStartMs, t.C2?.plannedStartMs].sort()).toEqual([0, 1 * DAY]);
  });

  it("treats a plan-declared resource like RAM", () => {
    const gpu = (key: string, amount: number) => track(key, 1, [1, 1], { resources: { gpuGB: amount } });
    const result = planTracks({
      tracks: [gpu("A", 16), gpu("B", 16), track("C", 1, [1, 1])],
      capacityBytes: MACHINE,
      maxConcurrent: 3,
      resources: { gpuGB: 24 },
    });
    const t = byKey(result);
    const [first, second] = t.A?.plannedStartMs === 0 ? ["A", "B"] : ["B", "A"];
    expect(t[second]?.plannedStartMs).toBe(DAY);
    expect(t.C?.plannedStartMs).toBe(0);
    expect(result.strategy).toContain(
      `Start ${second} at 1d, when ${first} + C finish: its 16 gpuGB does not fit beside ${first} (16 gpuGB) within 24 gpuGB; it ends at 2d`,
    );
    expect(result.strategy).toContain("Expected completion 2d vs 3d sequential: 33 % time saved");
  });

  it("uses the caller's default for tracks without a duration and no RAM demand without an estimate", () => {
    const tracks = [track("A", null, null), track("B", 60, [1, 1])];
    const result = planTracks({
      tracks,
      capacityBytes: 61 * GB,
      maxConcurrent: 3,
      defaultDurationMs: 3 * DAY,
    });
    const t = byKey(result);
    expect(t.A?.durationMs).toBe(3 * DAY);
    expect(t.A?.durationAssumed).toBe(true);
    expect(t.B?.durationAssumed).toBe(false);
    // No estimate means no RAM demand, so A runs beside the 60 GB track.
    expect(t.A?.plannedStartMs).toBe(0);
    expect(t.B?.plannedStartMs).toBe(0);
    expect(result.strategy[0]).toBe("Launch A + B concurrently (60.0 GB + unestimated of 61.0 GB)");
  });

  it("reports what cannot be scheduled, with reasons, and plans the rest", () => {
    const tracks = [
      track("A", 10, [1, 1]),
      track("big", 70, [1, 1]),
      track("after-big", 1, [1, 1], { dependsOn: ["big"] }),
      track("ghost-dep", 1, [1, 1], { dependsOn: ["nowhere"] }),
      track("x", 1, [1, 1], { dependsOn: ["y"] }),
      track("y", 1, [1, 1], { dependsOn: ["x"] }),
      track("gpu", 1, [1, 1], { resources: { gpuGB: 8 } }),
      track("backwards", 1, [3, 2]),
      track("A", 1, [1, 1]),
    ];
    const result = planTracks({ tracks, capacityBytes: 38.4 * GB, maxConcurrent: 3 });
    expect(result.tracks.map((t) => t.key)).toEqual(["A"]);
    expect(result.tracks[0]?.durationMs).toBe(DAY); // the first "A", not the duplicate
    expect(result.unschedulable).toEqual([
      { key: "A", reason: 'another track already uses the key "A"' },
      { key: "big", reason: "its 70.0 GB alone exceeds the 38.4 GB available" },
      { key: "after-big", reason: "it depends on big, which cannot be scheduled" },
      { key: "ghost-dep", reason: "it depends on nowhere, which the plan does not define" },
      { key: "x", reason: "it is in a dependency cycle: x → y → x" },
      { key: "y", reason: "it is in a dependency cycle: y → x → y" },
      { key: "gpu", reason: "it needs 8 gpuGB, but the plan declares no gpuGB capacity" },
      { key: "backwards", reason: "its duration range 3d–2d is not valid" },
    ]);
    expect(result.strategy).toContain(
      "big cannot be scheduled: its 70.0 GB alone exceeds the 38.4 GB available",
    );
  });

  it("plans nothing when nothing can run", () => {
    const result = planTracks({ tracks: [], capacityBytes: GB, maxConcurrent: 1 });
    expect(result).toMatchObject({
      tracks: [],
      makespanMs: 0,
      sequentialMs: 0,
      timeSavedPercent: 0,
      strategy: [],
    });
  });

  it("rejects impossible limits", () => {
    expect(() => planTracks({ tracks: SEED, capacityBytes: 0, maxConcurrent: 3 })).toThrow(RangeError);
    expect(() => planTracks({ tracks: SEED, capacityBytes: GB, maxConcurrent: 0 })).toThrow(RangeError);
  });

  it("keeps a feasible plan on a larger mixed example", () => {
    const tracks = Array.from({ length: 10 }, (_, i) =>
      track(`T${i}`, 3 + ((i * 7) % 11), [1 + (i % 3), 3 + (i % 4)], {
        dependsOn: i >= 3 && i % 2 === 1 ? [`T${i - 3}`] : [],
      }),
    );
    const capacityBytes = 24 * GB;
    const result = planTracks({ tracks, capacityBytes, maxConcurrent: 3 });
    expect(checkSchedule(toProblem(tracks, capacityBytes, 3), startsOf(result))).toEqual([]);
    expect(result.makespanMs).toBeLessThan(result.sequentialMs);
    expect(result.optimisticMakespanMs).toBeLessThanOrEqual(result.pessimisticMakespanMs);
  });
});

function startsOf(result: ReturnType<typeof planTracks>): Record<string, number> {
  return Object.fromEntries(result.tracks.map((t) => [t.key, t.plannedStartMs]));
}

/** The problem as the checker sees it, written out here rather than taken from the planner. */
function toProblem(tracks: TrackPlan[], capacityBytes: number, maxConcurrent: number) {
  return {
    capacities: [capacityBytes, maxConcurrent],
    jobs: tracks.map((t) => ({
      id: t.key,
      duration: t.duration ? (t.duration.minMs + t.duration.maxMs) / 2 : 0,
      demands: [t.ramBytes ?? 0, 1],
      predecessors: t.dependsOn,
    })),
  };
}
