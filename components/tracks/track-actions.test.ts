import { describe, expect, it } from "vitest";
import { makeTrackView } from "@/lib/domain/view-fixtures";
import type { TrackView } from "@/lib/domain/views";
import { describeModel, optimisticTrack, refusedActions, replaceTrack } from "./track-actions";

function track(key: string, over: Partial<TrackView> = {}): TrackView {
  return makeTrackView(key, { progress: 40, startedAt: "2025-01-01T00:00:00.000Z", ...over });
}

const allowed = (t: TrackView, all: TrackView[] = [t]) =>
  Object.entries(refusedActions(t, all))
    .filter(([, reason]) => reason === null)
    .map(([a]) => a)
    .sort();

describe("refusedActions", () => {
  it("allows pause, stop and restart on a running track, not resume", () => {
    expect(allowed(track("A"))).toEqual(["pause", "restart", "stop"]);
  });

  it("allows resume on a lead-paused track but not a second pause", () => {
    const t = track("A", { status: "paused", pausedBy: "lead" });
    expect(allowed(t)).toEqual(["restart", "resume", "stop"]);
    expect(refusedActions(t, [t]).pause).toMatch(/already/);
  });

  it("lets the lead take over a governor pause", () => {
    expect(allowed(track("A", { status: "paused", pausedBy: "governor" }))).toContain("pause");
  });

  it("allows only stop on a pending track and refuses restart while dependencies are unfinished", () => {
    const a = track("A", { status: "running" });
    const d = track("D", { status: "pending", dependsOn: ["A"], startedAt: null });
    expect(allowed(d, [a, d])).toEqual(["stop"]);
    expect(refusedActions(d, [a, d]).restart).toMatch(/dependencies/);
  });

  it("allows restart of a finished track whose dependencies completed", () => {
    const a = track("A", { status: "completed" });
    const d = track("D", { status: "failed", dependsOn: ["A"] });
    const b = track("B", { status: "running" });
    expect(allowed(d, [a, d, b])).toEqual(["restart"]);
  });

  it("refuses every action once the run has ended: a restart would reopen it", () => {
    const a = track("A", { status: "completed" });
    const d = track("D", { status: "failed", dependsOn: ["A"] });
    expect(allowed(d, [a, d])).toEqual([]);
    expect(refusedActions(d, [a, d]).restart).toMatch(/run has ended.*new run/);
  });

  it("refuses every action once the run has ended with a track left pending behind a failed dependency", () => {
    const a = track("A", { status: "failed" });
    const b = track("B", { status: "completed" });
    const d = track("D", { status: "pending", dependsOn: ["A"], startedAt: null });
    expect(allowed(b, [a, b, d])).toEqual(["restart"]);
    expect(Object.values(refusedActions(b, [a, b, d], "failed"))).toEqual(
      Array(4).fill("the run has ended: start the plan again as a new run"),
    );
    expect(refusedActions(d, [a, b, d], "failed").stop).toMatch(/run has ended/);
    expect(refusedActions(d, [a, b, d], "stopped").stop).toMatch(/run has ended/);
  });

  it("follows the track rules while the run is running", () => {
    const a = track("A", { status: "completed" });
    const d = track("D", { status: "failed", dependsOn: ["A"] });
    expect(Object.values(refusedActions(d, [a, d], "running")).filter((r) => r === null)).toHaveLength(1);
    expect(refusedActions(d, [a, d], "running").restart).toBeNull();
  });
});

describe("optimisticTrack", () => {
  it("marks a pause as the lead's and a resume as running with no pauser", () => {
    const paused = optimisticTrack(track("A"), "pause");
    expect(paused).toMatchObject({ status: "paused", pausedBy: "lead" });
    expect(optimisticTrack(paused, "resume")).toMatchObject({
      status: "running",
      pausedBy: null,
      pauseReason: null,
    });
  });

  it("shows stop as stopped and restart as running", () => {
    expect(optimisticTrack(track("A"), "stop").status).toBe("stopped");
    expect(optimisticTrack(track("A", { status: "failed" }), "restart").status).toBe("running");
  });
});

describe("replaceTrack", () => {
  it("changes only the named track and keeps the others' identity", () => {
    const a = track("A");
    const b = track("B");
    const next = replaceTrack([a, b], "B", (t) => ({ ...t, progress: 99 }));
    expect(next?.[0]).toBe(a);
    expect(next?.[1]?.progress).toBe(99);
    expect(replaceTrack(undefined, "A", (t) => t)).toBeUndefined();
  });
});

describe("describeModel", () => {
  it("flags a swap from the local model to the cloud one", () => {
    const model = { local: "qwen2.5:32b", cloud: "claude-sonnet-4.5" };
    expect(describeModel({ model, modelInForce: "claude-sonnet-4.5" })).toEqual({
      text: "claude-sonnet-4.5",
      isCloudFallback: true,
    });
    expect(describeModel({ model, modelInForce: "qwen2.5:32b" }).isCloudFallback).toBe(false);
  });

  it("does not flag a cloud-only track", () => {
    expect(
      describeModel({
        model: { local: null, cloud: "claude-sonnet-4.5" },
        modelInForce: "claude-sonnet-4.5",
      }),
    ).toEqual({ text: "claude-sonnet-4.5", isCloudFallback: false });
  });
});

describe("refusedActions: a resume needs a free slot", () => {
  const plan = { limit: 2, decidedBy: "plan", tierLimit: 4, tierLabel: "64GB+" } as const;
  const memory = { limit: null, decidedBy: "memory", tierLimit: 4, tierLabel: "64GB+" } as const;
  const a = track("A");
  const b = track("B", { status: "paused", pausedBy: "lead" });
  const c = track("C");
  const slurm = track("C", { slurm: { jobId: "7", state: "RUNNING", nodes: "n1", memBytes: null } });

  it.each([
    {
      name: "both slots taken",
      tracks: [a, b, c],
      view: plan,
      refusal: "no free slot: maxConcurrent 2 is reached by A and C; pause one, or resume B when one ends",
    },
    { name: "a slot free", tracks: [a, b], view: plan, refusal: null },
    { name: "memory decides", tracks: [a, b, c], view: memory, refusal: null },
    { name: "the governor not loaded", tracks: [a, b, c], view: undefined, refusal: null },
    { name: "a Slurm track holds the other", tracks: [a, b, slurm], view: plan, refusal: null },
  ])("$name: $refusal", ({ tracks, view, refusal }) => {
    expect(refusedActions(b, tracks, "running", view).resume).toBe(refusal);
  });
});

describe("refusedActions: a restart that makes a track run needs a free slot", () => {
  const plan = { limit: 2, decidedBy: "plan", tierLimit: 4, tierLabel: "64GB+" } as const;
  const a = track("A");
  const c = track("C");

  it("refuses restarting a failed track while both slots are taken, as the server does", () => {
    const b = track("B", { status: "failed" });
    expect(refusedActions(b, [a, b, c], "running", plan).restart).toBe(
      "no free slot: maxConcurrent 2 is reached by A and C; pause one, or restart B when one ends",
    );
    expect(refusedActions(b, [a, b], "running", plan).restart).toBeNull();
  });

  it("lets a running track restart in its own slot", () => {
    expect(refusedActions(a, [a, c], "running", plan).restart).toBeNull();
  });
});
