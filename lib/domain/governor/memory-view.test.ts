import { describe, expect, it } from "vitest";
import { computeMemorySample, type MemorySampleInput, resolveHardFloor } from "./memory-view";
import { DEFAULT_ZONE_THRESHOLDS } from "./zones";

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

function input(overrides: Partial<MemorySampleInput> = {}): MemorySampleInput {
  return {
    at: "2026-11-02T10:00:00.000Z",
    meminfo: {
      totalBytes: 32 * GIB,
      availableBytes: 24 * GIB,
      swapTotalBytes: 2 * GIB,
      swapFreeBytes: 1.5 * GIB,
    },
    cgroup: null,
    agentsBytes: 0,
    budgetBytes: null,
    hardFloorBytes: null,
    thresholds: DEFAULT_ZONE_THRESHOLDS,
    previousZone: null,
    psi: null,
    ...overrides,
  };
}

describe("resolveHardFloor", () => {
  it("defaults to 5 % of capacity, but never under 512 MiB", () => {
    expect(resolveHardFloor(64 * GIB, null)).toBeCloseTo(3.2 * GIB);
    expect(resolveHardFloor(4 * GIB, null)).toBe(512 * MIB);
  });

  it("uses the configured floor as given", () => {
    expect(resolveHardFloor(64 * GIB, 100 * MIB)).toBe(100 * MIB);
    expect(resolveHardFloor(64 * GIB, 0)).toBe(0);
  });
});

describe("computeMemorySample views", () => {
  it("system and machine views come from meminfo when there is no cgroup", () => {
    const s = computeMemorySample(input({ psi: { some10: 1.5, full10: 0.2 } }));
    expect(s.system).toEqual({
      totalBytes: 32 * GIB,
      availableBytes: 24 * GIB,
      usedBytes: 8 * GIB,
      usedPercent: 25,
    });
    expect(s.machine).toEqual({
      capacityBytes: 32 * GIB,
      usedBytes: 8 * GIB,
      usedPercent: 25,
      capacitySource: "physical",
    });
    expect(s.budget).toBeNull();
    expect(s.swap).toEqual({ totalBytes: 2 * GIB, usedBytes: 0.5 * GIB });
    expect(s.psi).toEqual({ some10: 1.5, full10: 0.2 });
    expect(s.tier.label).toBe("32GB");
    expect(s.at).toBe("2026-11-02T10:00:00.000Z");
  });

  it("a cgroup limit smaller than the box becomes the machine's capacity, and sets the tier", () => {
    const s = computeMemorySample(input({ cgroup: { limitBytes: 8 * GIB, usageBytes: 6 * GIB } }));
    expect(s.machine).toEqual({
      capacityBytes: 8 * GIB,
      usedBytes: 6 * GIB,
      usedPercent: 75,
      capacitySource: "cgroup",
    });
    expect(s.zone).toBe("orange");
    expect(s.zoneSource).toBe("machine");
    expect(s.tier.label).toBe("<16GB");
    expect(s.system.usedPercent).toBe(25); // the host view is still there
  });

  it("ignores a cgroup limit at least as large as the box, or one without usage", () => {
    const big = computeMemorySample(input({ cgroup: { limitBytes: 64 * GIB, usageBytes: 1 * GIB } }));
    expect(big.machine.capacitySource).toBe("physical");
    const noUsage = computeMemorySample(input({ cgroup: { limitBytes: 8 * GIB, usageBytes: null } }));
    expect(noUsage.machine.capacitySource).toBe("physical");
    const noLimit = computeMemorySample(input({ cgroup: { limitBytes: null, usageBytes: 1 * GIB } }));
    expect(noLimit.machine.capacitySource).toBe("physical");
  });
});

describe("which view drives the zone", () => {
  it("without a budget, the machine's percent (with hysteresis from the previous zone)", () => {
    const at60 = input({ meminfo: { ...input().meminfo, availableBytes: 32 * GIB * 0.4 } });
    expect(computeMemorySample(at60)).toMatchObject({ zone: "yellow", zoneSource: "machine" });
    const at59 = input({ meminfo: { ...input().meminfo, availableBytes: 32 * GIB * 0.41 } });
    expect(computeMemorySample(at59).zone).toBe("green");
    expect(computeMemorySample({ ...at59, previousZone: "yellow" }).zone).toBe("yellow");
  });

  it("with a budget, the agents' share of the budget, even when the machine is busier", () => {
    // Machine at 70 % (Yellow) from other programs; our agents use 2 of 10 GiB budget (Green).
    const s = computeMemorySample(
      input({
        meminfo: { ...input().meminfo, availableBytes: 32 * GIB * 0.3 },
        agentsBytes: 2 * GIB,
        budgetBytes: 10 * GIB,
      }),
    );
    expect(s.budget).toEqual({ bytes: 10 * GIB, usedBytes: 2 * GIB, usedPercent: 20 });
    expect(s.zone).toBe("green");
    expect(s.zoneSource).toBe("budget");
  });

  it("a budget at 85 % is Red from the budget", () => {
    const s = computeMemorySample(input({ agentsBytes: 8.5 * GIB, budgetBytes: 10 * GIB }));
    expect(s).toMatchObject({ zone: "red", zoneSource: "budget" });
  });

  it("the hard floor overrides a calm budget when the machine runs dry", () => {
    // 32 GiB box with 1 GiB available: the default floor is 1.6 GiB (5 %).
    const s = computeMemorySample(
      input({
        meminfo: { ...input().meminfo, availableBytes: 1 * GIB },
        agentsBytes: 1 * GIB,
        budgetBytes: 10 * GIB,
      }),
    );
    expect(s.budget?.usedPercent).toBe(10);
    expect(s.zone).toBe("red");
    expect(s.zoneSource).toBe("hard-floor");
  });

  it("the floor is measured against available memory: just above it the budget still rules", () => {
    const budgetRun = { agentsBytes: 1 * GIB, budgetBytes: 10 * GIB, hardFloorBytes: 2 * GIB };
    const above = computeMemorySample(
      input({ ...budgetRun, meminfo: { ...input().meminfo, availableBytes: 2 * GIB } }),
    );
    expect(above).toMatchObject({ zone: "green", zoneSource: "budget" });
    const below = computeMemorySample(
      input({ ...budgetRun, meminfo: { ...input().meminfo, availableBytes: 2 * GIB - 1 } }),
    );
    expect(below).toMatchObject({ zone: "red", zoneSource: "hard-floor" });
  });

  it("the floor also applies without a budget when the Red line is set above it", () => {
    const s = computeMemorySample(
      input({
        thresholds: { yellow: 80, orange: 90, red: 99, hysteresis: 1 },
        meminfo: { ...input().meminfo, availableBytes: 1 * GIB }, // 96.9 % used: Orange by the lines
      }),
    );
    expect(s).toMatchObject({ zone: "red", zoneSource: "hard-floor" });
  });

  it("inside a cgroup, the floor watches the cgroup's headroom and the host's", () => {
    const cg = { limitBytes: 8 * GIB, usageBytes: 7.8 * GIB }; // 0.2 GiB left in the cgroup
    expect(
      computeMemorySample(input({ cgroup: cg, agentsBytes: 1 * GIB, budgetBytes: 6 * GIB })),
    ).toMatchObject({
      zone: "red",
      zoneSource: "hard-floor",
    });
    const hostDry = computeMemorySample(
      input({
        cgroup: { limitBytes: 8 * GIB, usageBytes: 1 * GIB },
        meminfo: { ...input().meminfo, availableBytes: 100 * MIB },
      }),
    );
    expect(hostDry).toMatchObject({ zone: "red", zoneSource: "hard-floor" });
  });

  it("leaving the floor falls back to the driving view, with hysteresis from Red", () => {
    const s = computeMemorySample(
      input({ agentsBytes: 8.4 * GIB, budgetBytes: 10 * GIB, previousZone: "red" }),
    );
    expect(s).toMatchObject({ zone: "red", zoneSource: "budget" }); // 84 % is within the margin of 85
  });
});
