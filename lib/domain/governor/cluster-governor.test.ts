import { describe, expect, it } from "vitest";
import {
  type ClusterTrack,
  decideClusterActions,
  EMPTY_CLUSTER_MEMORY,
  expandHostlist,
  nodeInUse,
} from "./cluster-governor";

const GIB = 1024 ** 3;
const thresholds = { yellow: 60, orange: 75, red: 85, hysteresis: 2 };
const track = (key: string, over: Partial<ClusterTrack> = {}): ClusterTrack => ({
  key,
  position: 0,
  priority: "standard",
  status: "running",
  pausedBy: null,
  startedAt: 0,
  nodes: ["n1"],
  currentBytes: 0,
  ...over,
});
const node = (usedGiB: number, name = "n1") => ({
  name,
  realMemoryBytes: 100 * GIB,
  freeBytes: (100 - usedGiB) * GIB,
  isAvailable: true,
});
const base = { now: 0, thresholds, settleSeconds: 10, maxConcurrent: null, enabled: true };

describe("decideClusterActions", () => {
  it("submits every ready track: admission is Slurm's", () => {
    const { actions } = decideClusterActions(
      {
        ...base,
        nodes: [node(10)],
        tracks: [track("a", { status: "ready" }), track("b", { status: "ready", position: 1 })],
      },
      EMPTY_CLUSTER_MEMORY,
    );
    expect(actions.map((a) => `${a.kind} ${a.trackKey}`)).toEqual(["start a", "start b"]);
  });

  it("keeps to the plan's maxConcurrent", () => {
    const { actions } = decideClusterActions(
      {
        ...base,
        maxConcurrent: 2,
        nodes: [],
        tracks: [track("r"), track("a", { status: "ready" }), track("b", { status: "ready" })],
      },
      EMPTY_CLUSTER_MEMORY,
    );
    expect(actions.map((a) => a.trackKey)).toEqual(["a"]);
  });

  it("Red on a node pauses the lowest-priority track running there, not one on another node", () => {
    const { actions, zones } = decideClusterActions(
      {
        ...base,
        nodes: [node(90), node(10, "n2")],
        tracks: [
          track("crit", { priority: "critical" }),
          track("low", { priority: "low" }),
          track("elsewhere", { priority: "low", nodes: ["n2"] }),
        ],
      },
      EMPTY_CLUSTER_MEMORY,
    );
    expect(zones).toEqual({ n1: "red", n2: "green" });
    expect(actions).toEqual([expect.objectContaining({ kind: "pause", trackKey: "low" })]);
    expect(actions[0]?.reason).toContain("node n1 in Red: 90.0 %");
  });

  it("resumes a governor-paused track once its node stayed Green for the settle time", () => {
    const tracks = [
      track("p", { status: "paused", pausedBy: "governor" }),
      track("l", { status: "paused", pausedBy: "lead" }),
    ];
    const first = decideClusterActions(
      { ...base, now: 1_000, nodes: [node(20)], tracks },
      EMPTY_CLUSTER_MEMORY,
    );
    expect(first.actions).toEqual([]);
    const later = decideClusterActions({ ...base, now: 12_000, nodes: [node(20)], tracks }, first.memory);
    expect(later.actions).toEqual([expect.objectContaining({ kind: "resume", trackKey: "p" })]);
  });

  it("sees Red in the jobs' measured use before the node's FreeMem catches up", () => {
    // FreeMem (reported every minute or two) still says 40 %; the jobs there measure 88 GiB of 100 now.
    const { actions, zones } = decideClusterActions(
      {
        ...base,
        nodes: [node(40), node(10, "n2")],
        tracks: [
          track("big", { priority: "low", currentBytes: 80 * GIB }),
          track("small", { currentBytes: 8 * GIB }),
          // A job on two nodes counts half on each: 4 GiB on n2.
          track("wide", { nodes: ["n1", "n2"], currentBytes: 8 * GIB }),
        ],
      },
      EMPTY_CLUSTER_MEMORY,
    );
    expect(zones).toEqual({ n1: "red", n2: "green" });
    expect(actions).toEqual([expect.objectContaining({ kind: "pause", trackKey: "big" })]);
    expect(actions[0]?.reason).toBe(
      "node n1 in Red: 92.0 % of its memory in use, as the run's jobs there measure it (FreeMem lags) (its lowest-priority track)",
    );
    expect(nodeInUse(node(40), [track("a", { currentBytes: 10 * GIB })])).toEqual({
      percent: 40,
      source: "os",
    });
    // Without FreeMem the jobs' use still gives a zone; a suspended job's memory stays in use.
    expect(
      nodeInUse({ ...node(0), freeBytes: null }, [track("a", { status: "paused", currentBytes: 30 * GIB })]),
    ).toEqual({ percent: 30, source: "jobs" });
  });

  it("does nothing for memory when switched off, and nothing for a node without FreeMem", () => {
    const { actions } = decideClusterActions(
      {
        ...base,
        enabled: false,
        nodes: [node(95), { ...node(0, "n2"), freeBytes: null }],
        tracks: [track("a")],
      },
      EMPTY_CLUSTER_MEMORY,
    );
    expect(actions).toEqual([]);
  });
});

describe("expandHostlist", () => {
  it("expands Slurm's bracket ranges", () => {
    expect(expandHostlist("localhost")).toEqual(["localhost"]);
    expect(expandHostlist("node[01-03,07],gpu1")).toEqual(["node01", "node02", "node03", "node07", "gpu1"]);
    expect(expandHostlist(null)).toEqual([]);
  });
});
