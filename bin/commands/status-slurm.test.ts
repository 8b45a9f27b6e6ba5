// `paratrack status` for tracks on Slurm: a running track whose job waits in Slurm's queue (pending, as after a
// requeue until its BeginTime) says so in its status, as its dashboard card does; a running job says nothing more.
import { describe, expect, it } from "vitest";
import { makeTrackView } from "../../lib/domain/view-fixtures";
import type { TrackView } from "../../lib/domain/views";
import { withSlurmQueue } from "../../lib/executors/slurm/job-state";
import { type CurrentRun, formatStatusTable } from "./status";

const onSlurm = (key: string, state: string, extra: Partial<TrackView> = {}): TrackView =>
  makeTrackView(key, {
    status: "running",
    slurm: { jobId: `4${key}`, state, nodes: state === "RUNNING" ? "n1" : null, memBytes: null },
    ...extra,
  });

const run: CurrentRun = {
  id: "r1",
  name: "Cluster",
  status: "running",
  phase: 1,
  startedAt: "2025-01-01T12:00:00.000Z",
  endedAt: null,
  budgetBytes: null,
  trackCount: 4,
  tracks: [
    onSlurm("Q", "PENDING"),
    onSlurm("R", "RUNNING"),
    onSlurm("H", "REQUEUE_HOLD"),
    onSlurm("S", "SUSPENDED", { status: "paused", pausedBy: "lead" }),
    makeTrackView("L", { status: "running" }),
  ],
};

describe("paratrack status on Slurm", () => {
  it("says a running track's job is queued in Slurm", () => {
    const rows = formatStatusTable(run, Date.parse(run.startedAt)).slice(2);
    const status = (key: string) => rows.find((row) => row.startsWith(`${key} `))?.split(/\s{2,}/)[2];
    expect(status("Q")).toBe("running (queued in Slurm)");
    expect(status("H")).toBe("running (held in Slurm's queue)");
    expect(status("R")).toBe("running");
    expect(status("S")).toBe("paused (lead)");
    expect(status("L")).toBe("running");
  });

  it("adds the queue only to a running track's status", () => {
    expect(withSlurmQueue("running", { state: "REQUEUED" })).toBe("running (requeued in Slurm)");
    expect(withSlurmQueue("running", { state: "CONFIGURING" })).toBe("running (queued in Slurm)");
    expect(withSlurmQueue("stopped", { state: "PENDING" })).toBe("stopped");
    expect(withSlurmQueue("running", null)).toBe("running");
    expect(withSlurmQueue("running", undefined)).toBe("running");
  });
});
