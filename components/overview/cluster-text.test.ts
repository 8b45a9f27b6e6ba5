import { describe, expect, it } from "vitest";
import type { ClusterNodeView, ClusterView } from "@/lib/domain/views";
import { describeClusterSummary, describeInUse, describeNodeAvailability, inUseBytes } from "./cluster-text";

const GB = 1e9;
const node = (fields: Partial<ClusterNodeView> = {}): ClusterNodeView => ({
  name: "n1",
  state: "MIXED",
  flags: [],
  available: true,
  reason: null,
  realMemoryBytes: 16 * GB,
  allocatedBytes: 3 * GB,
  usedBytes: 5 * GB,
  jobsBytes: 0,
  usedPercent: 31.25,
  zone: "green",
  trackKeys: [],
  ...fields,
});
const cluster = (nodes: ClusterNodeView[], fields: Partial<ClusterView> = {}): ClusterView => ({
  at: "2026-12-05T10:00:00.000Z",
  nodes,
  availableNodes: nodes.filter((n) => n.available).length,
  capacityBytes: 16 * GB,
  allocatedBytes: 3 * GB,
  usedBytes: 5 * GB,
  error: null,
  ...fields,
});

describe("describeClusterSummary", () => {
  it("counts the nodes that take work and what jobs reserved of what Slurm schedules", () => {
    const drained = node({ name: "n2", available: false, flags: ["DRAIN"] });
    expect(describeClusterSummary(cluster([node(), drained]))).toBe(
      "taking work: 1 of 2 nodes · 3.00 GB of 16.0 GB reserved by jobs · OS use 5.00 GB",
    );
    expect(describeClusterSummary(cluster([node()], { usedBytes: null }))).toMatch(
      /^taking work: 1 of 1 node · [^·]+$/,
    );
  });
});

describe("describeNodeAvailability", () => {
  it("says whether new jobs can start there, with the admin's reason", () => {
    expect(describeNodeAvailability(node())).toBe("takes work (mixed)");
    expect(
      describeNodeAvailability(
        node({ state: "IDLE", flags: ["DRAIN"], available: false, reason: "disk replaced" }),
      ),
    ).toBe("no new work (idle, drain): disk replaced");
    expect(
      describeNodeAvailability(node({ state: "DOWN", flags: ["NOT_RESPONDING"], available: false })),
    ).toBe("no new work (down, not responding)");
  });
});

describe("inUseBytes and describeInUse", () => {
  it("reads the OS's use, or the jobs' measure when FreeMem lags behind it", () => {
    expect([inUseBytes(node()), describeInUse(node())]).toEqual([5 * GB, "by its OS"]);
    const lagging = node({ jobsBytes: 7 * GB });
    expect([inUseBytes(lagging), describeInUse(lagging)]).toEqual([
      7 * GB,
      "as the run's jobs measure it; the node's FreeMem, which lags, says 5.00 GB",
    ]);
    const both = node({ jobsBytes: 2 * GB });
    expect([inUseBytes(both), describeInUse(both)]).toEqual([5 * GB, "by its OS; the run's jobs 2.00 GB"]);
    expect(describeInUse(node({ usedBytes: null }))).toBe("not reported");
    expect(inUseBytes(node({ usedBytes: null, jobsBytes: GB }))).toBe(GB);
  });
});
