import { describe, expect, it } from "vitest";
import type { TrackStatus } from "../types";
import { attemptOutcome, refuseLeadAction, resolveDependencies, runOutcome } from "./track-lifecycle";

describe("refuseLeadAction", () => {
  const t = (status: TrackStatus, pausedBy: "lead" | "governor" | null = null, dependenciesDone = true) => ({
    status,
    pausedBy,
    dependenciesDone,
  });
  it.each([
    ["pause", t("running"), null],
    ["pause", t("paused", "governor"), null],
    ["pause", t("paused", "lead"), "cannot pause a track that is paused already"],
    ["pause", t("completed"), "cannot pause a track that is completed"],
    ["resume", t("paused", "lead"), null],
    ["resume", t("running"), "cannot resume a track that is running"],
    ["stop", t("ready"), null],
    ["stop", t("paused", "lead"), null],
    ["stop", t("stopped"), "cannot stop a track that is stopped"],
    ["restart", t("failed"), null],
    ["restart", t("pending"), "cannot restart a track that has not started"],
    ["restart", t("stopped", null, false), "cannot restart a track whose dependencies have not completed"],
  ] as const)("%s on %o → %s", (action, track, expected) => {
    expect(refuseLeadAction(track, action)).toBe(expected);
  });
});

describe("attemptOutcome", () => {
  it("is completed only when every agent exits 0", () => {
    expect(attemptOutcome([{ code: 0, signal: null, error: null }]).status).toBe("completed");
    const failed = attemptOutcome([
      { code: 0, signal: null, error: null },
      { code: 3, signal: null, error: null },
    ]);
    expect(failed).toEqual({ status: "failed", summary: "exit code 3" });
    expect(attemptOutcome([{ code: null, signal: "SIGKILL", error: null }]).summary).toBe(
      "killed by SIGKILL",
    );
  });

  // The reviewer's "all 1 agent(s) exited 0".
  it("says how many agents exited 0 in proper singular and plural", () => {
    const ok = { code: 0, signal: null, error: null };
    expect(attemptOutcome([ok]).summary).toBe("its agent exited 0");
    expect(attemptOutcome([ok, ok, ok]).summary).toBe("all 3 agents exited 0");
  });
});

describe("resolveDependencies and runOutcome", () => {
  it("makes a track ready only when all its dependencies completed", () => {
    const tracks = [
      { key: "A", status: "completed" as const, dependsOn: [] },
      { key: "B", status: "running" as const, dependsOn: [] },
      { key: "C", status: "pending" as const, dependsOn: ["A"] },
      { key: "D", status: "pending" as const, dependsOn: ["A", "B"] },
    ];
    expect(resolveDependencies(tracks).ready).toEqual(["C"]);
    expect(runOutcome(tracks)).toBeNull();
  });
  it("blocks dependants of a failed track and ends the run as failed", () => {
    const tracks = [
      { key: "A", status: "failed" as const, dependsOn: [] },
      { key: "B", status: "pending" as const, dependsOn: ["A"] },
    ];
    expect(resolveDependencies(tracks).blocked).toEqual([{ key: "B", reason: "dependency A failed" }]);
    expect(runOutcome(tracks)).toBe("failed");
  });
  it("completes when every track completed", () => {
    expect(runOutcome([{ key: "A", status: "completed", dependsOn: [] }])).toBe("completed");
    expect(runOutcome([{ key: "A", status: "stopped", dependsOn: [] }])).toBe("stopped");
  });
});
