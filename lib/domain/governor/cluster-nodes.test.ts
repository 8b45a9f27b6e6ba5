// The cluster view the overview shows and the node events: sums over the nodes that take work, each node's
// tracks and zone, and which changes of a node's availability are worth telling the lead.
import { describe, expect, it } from "vitest";
import type { ClusterTrack } from "./cluster-governor";
import {
  type ClusterNodeStatus,
  describeCluster,
  describeNodeState,
  nodeAvailabilityChanges,
} from "./cluster-nodes";

const GIB = 1024 ** 3;

function node(name: string, fields: Partial<ClusterNodeStatus> = {}): ClusterNodeStatus {
  return {
    name,
    state: "MIXED",
    flags: [],
    reason: null,
    isAvailable: true,
    realMemoryBytes: 16 * GIB,
    allocatedBytes: 4 * GIB,
    freeBytes: 12 * GIB,
    ...fields,
  };
}

const drained = node("n2", {
  state: "IDLE",
  flags: ["DRAIN"],
  isAvailable: false,
  reason: "disk replaced",
  allocatedBytes: 0,
});

function view(
  nodes: ClusterNodeStatus[],
  placed: { key: string; nodes: string[]; currentBytes?: number }[] = [],
) {
  const tracks: ClusterTrack[] = placed.map((t, position) => ({
    position,
    priority: "standard",
    status: "running",
    pausedBy: null,
    startedAt: 0,
    currentBytes: 0,
    ...t,
  }));
  return describeCluster({
    at: "2026-12-05T10:00:00.000Z",
    nodes,
    zones: { n1: "yellow" },
    tracks,
    error: null,
  });
}

describe("describeCluster", () => {
  it("sums the nodes that take work only, and puts each track on its nodes", () => {
    const cluster = view(
      [node("n1", { freeBytes: 6 * GIB }), drained, node("n3", { freeBytes: null })],
      [
        { key: "A", nodes: ["n1"] },
        { key: "B", nodes: ["n1", "n3"] },
        { key: "C", nodes: [] },
      ],
    );
    expect(cluster).toMatchObject({
      availableNodes: 2,
      capacityBytes: 32 * GIB,
      allocatedBytes: 8 * GIB,
      // n3 reports no FreeMem: only n1's use is known.
      usedBytes: 10 * GIB,
      error: null,
    });
    expect(cluster.nodes.map((n) => [n.name, n.trackKeys, n.zone, n.usedPercent])).toEqual([
      ["n1", ["A", "B"], "yellow", 62.5],
      ["n2", [], null, 25],
      ["n3", ["B"], null, null],
    ]);
    expect(cluster.nodes[1]).toMatchObject({ available: false, reason: "disk replaced", flags: ["DRAIN"] });
  });

  it("shows what the jobs measure on a node, and their share when FreeMem lags behind it", () => {
    const cluster = view([node("n1")], [{ key: "A", nodes: ["n1"], currentBytes: 8 * GIB }]);
    // The OS says 4 GiB of 16 (FreeMem not yet updated); A's job measures 8 GiB: 50 % sets the zone.
    expect(cluster.nodes[0]).toMatchObject({ usedBytes: 4 * GIB, jobsBytes: 8 * GIB, usedPercent: 50 });
  });

  it("has no known use when no node that takes work reports FreeMem", () => {
    expect(view([node("n1", { freeBytes: null }), drained]).usedBytes).toBeNull();
  });
});

describe("nodeAvailabilityChanges", () => {
  it("on the first read names only the nodes already out of service", () => {
    const changes = nodeAvailabilityChanges(null, view([node("n1"), drained]));
    expect(changes.map((c) => [c.node.name, c.became])).toEqual([["n2", "unavailable"]]);
  });

  it("names a node that drains and one that comes back, and nothing while nothing changes", () => {
    const before = view([node("n1"), drained]);
    const after = view([
      node("n1", { state: "DOWN", flags: ["NOT_RESPONDING"], isAvailable: false }),
      node("n2"),
    ]);
    expect(nodeAvailabilityChanges(before, after).map((c) => [c.node.name, c.became])).toEqual([
      ["n1", "unavailable"],
      ["n2", "available"],
    ]);
    expect(nodeAvailabilityChanges(after, after)).toEqual([]);
  });
});

describe("describeNodeState", () => {
  it("joins the state and its flags as Slurm prints them", () => {
    expect(describeNodeState({ state: "IDLE", flags: ["DRAIN"] })).toBe("IDLE+DRAIN");
    expect(describeNodeState({ state: "MIXED", flags: [] })).toBe("MIXED");
  });
});
