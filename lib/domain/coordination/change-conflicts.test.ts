import { describe, expect, it } from "vitest";
import {
  type ChangeConflict,
  type ChangedFile,
  detectChangeConflicts,
  type MergePrediction,
  type TrackChanges,
} from "./change-conflicts";
import type { ConflictTrack } from "./conflicts";

function track(key: string, scope: string[], overrides: Partial<ConflictTrack> = {}): ConflictTrack {
  return {
    key,
    scope,
    status: "running",
    tier: "primary",
    priority: "standard",
    progressPercent: 50,
    ...overrides,
  };
}

function changed(path: string, overrides: Partial<ChangedFile> = {}): ChangedFile {
  return { path, committed: true, uncommitted: false, added: 3, removed: 1, ...overrides };
}

function changes(t: ConflictTrack, paths: string[], received?: string[]): TrackChanges {
  return { track: t, files: paths.map((p) => changed(p)), ...(received ? { received } : {}) };
}

function only(conflicts: ChangeConflict[], kind: ChangeConflict["kind"]): ChangeConflict {
  const found = conflicts.filter((c) => c.kind === kind);
  expect(found, JSON.stringify(conflicts, null, 1)).toHaveLength(1);
  return found[0]!;
}

const API = track("api", ["api/**"]);
const WEB = track("web", ["web/**"]);

describe("detectChangeConflicts: scope violations", () => {
  it("a file outside every scope: high, the violator paused, widen its scope recommended", () => {
    const conflicts = detectChangeConflicts({
      tracks: [changes(API, ["api/server.ts", "README.md"]), changes(WEB, ["web/app.tsx"])],
      predictions: [],
    });
    const violation = only(conflicts, "scope-violation");
    expect(violation).toMatchObject({
      key: "scope-violation:api",
      severity: "high",
      trackKeys: ["api"],
      files: ["README.md"],
      pause: ["api"],
      message:
        "track api changed 1 file outside its scope contract (api/**): README.md; no track's scope covers them",
    });
    expect(violation.evidence).toEqual({
      files: [
        {
          path: "README.md",
          changes: [{ trackKey: "api", committed: true, uncommitted: false, added: 3, removed: 1 }],
          owners: [],
          mergeMessages: [],
        },
      ],
      scopes: { api: ["api/**"] },
    });
    expect(violation.recommendation).toMatchObject({
      option: "widen-scope",
      resume: ["api"],
      hold: [],
      scopeChanges: [{ trackKey: "api", add: ["README.md"] }],
      decidedBy: "scope-clarity",
    });
    expect(violation.recommendation.steps.map((s) => s.step)).toEqual([
      "detect",
      "pause",
      "assess",
      "resolve",
      "implement",
      "log",
    ]);
    expect(conflicts).toHaveLength(1);
  });

  it("a file in another running track's scope: critical; the owner wins by tier and the violator is held", () => {
    const sub = track("docs", ["docs/**"], { tier: "sub-agent" });
    const conflicts = detectChangeConflicts({
      tracks: [changes(API, ["api/a.ts"]), changes(sub, ["docs/x.md", "api/a.ts"])],
      predictions: [{ a: "api", b: "docs", state: "clean" }],
    });
    const violation = only(conflicts, "scope-violation");
    expect(violation).toMatchObject({
      key: "scope-violation:docs",
      severity: "critical",
      trackKeys: ["docs", "api"],
      files: ["api/a.ts"],
      pause: ["docs", "api"],
    });
    expect(violation.recommendation).toMatchObject({
      option: "keep-paused-until-rebase",
      resume: ["api"],
      hold: ["docs"],
      decidedBy: "tier",
    });
    expect(violation.recommendation.reason).toContain("api is a primary agent, docs a sub-agent");
    expect(violation.recommendation.steps[2]?.text).toBe(
      "tier docs=sub-agent, api=primary; priority docs=standard, api=standard; progress docs=50 %, api=50 %; scope match docs=none, api=api/** (1/1)",
    );
    // The file is the violator's trespass, not an overlap of two contracts.
    expect(conflicts.filter((c) => c.kind === "overlap")).toEqual([]);
  });

  it("a violator with critical priority wins over a paused owner: the files are reassigned to it", () => {
    const owner = track("api", ["api/**"], { status: "paused" });
    const urgent = track("hotfix", ["hotfix/**"], { priority: "critical" });
    const conflicts = detectChangeConflicts({
      tracks: [changes(owner, []), changes(urgent, ["api/auth.ts"])],
      predictions: [],
    });
    const violation = only(conflicts, "scope-violation");
    // Paused still counts as active work: critical.
    expect(violation.severity).toBe("critical");
    expect(violation.pause).toEqual(["hotfix"]);
    expect(violation.recommendation).toMatchObject({
      option: "reassign-files",
      resume: ["hotfix", "api"],
      scopeChanges: [
        { trackKey: "hotfix", add: ["api/auth.ts"] },
        { trackKey: "api", add: ["!api/auth.ts"] },
      ],
      decidedBy: "priority",
    });
  });

  it("a file in the scope of a completed track only: high", () => {
    const done = track("api", ["api/**"], { status: "completed" });
    const violation = only(
      detectChangeConflicts({ tracks: [changes(done, []), changes(WEB, ["api/x.ts"])], predictions: [] }),
      "scope-violation",
    );
    expect(violation.severity).toBe("high");
    expect(violation.recommendation.option).toBe("keep-paused-until-rebase");
    expect(violation.recommendation.decidedBy).toBe("progress");
  });

  it("ignores artifacts a handoff copied in", () => {
    expect(
      detectChangeConflicts({
        tracks: [changes(WEB, ["web/a.tsx", "api/openapi.yaml"], ["api/openapi.yaml"])],
        predictions: [],
      }),
    ).toEqual([]);
  });

  it("anchors scopes at the plan's workdir inside the repository; files outside it cannot be given to anyone", () => {
    const scoped = track("api", ["api/**"]);
    const conflicts = detectChangeConflicts({
      tracks: [changes(scoped, ["pkg/api/ok.ts", "pkg/web/x.ts", "tools/build.sh"])],
      predictions: [],
      scopeRoot: "pkg",
    });
    const violation = only(conflicts, "scope-violation");
    expect(violation.files).toEqual(["pkg/web/x.ts", "tools/build.sh"]);
    expect(violation.recommendation.option).toBe("escalate");
    expect(violation.recommendation.reason).toContain("outside the plan's workdir");
    const inside = only(
      detectChangeConflicts({
        tracks: [changes(scoped, ["pkg/web/x.ts"])],
        predictions: [],
        scopeRoot: "pkg/",
      }),
      "scope-violation",
    );
    expect(inside.recommendation.scopeChanges).toEqual([{ trackKey: "api", add: ["web/x.ts"] }]);
  });
});

describe("detectChangeConflicts: predicted conflicts and overlaps", () => {
  const shared = track("a", ["src/**"], { priority: "critical" });
  const other = track("b", ["src/**"]);
  const conflict: MergePrediction = {
    a: "a",
    b: "b",
    state: "conflicts",
    files: ["src/app.ts"],
    messages: [
      { paths: ["src/app.ts"], type: "Auto-merging", message: "Auto-merging src/app.ts" },
      {
        paths: ["src/app.ts"],
        type: "CONFLICT (contents)",
        message: "CONFLICT (content): Merge conflict in src/app.ts",
      },
    ],
  };

  it("a predicted conflict is critical while a track is active, with merge-tree's words as evidence", () => {
    const conflicts = detectChangeConflicts({
      tracks: [changes(shared, ["src/app.ts", "src/util.ts"]), changes(other, ["src/app.ts", "src/util.ts"])],
      predictions: [conflict],
    });
    const predicted = only(conflicts, "predicted-conflict");
    expect(predicted).toMatchObject({
      key: "predicted-conflict:a+b",
      severity: "critical",
      trackKeys: ["a", "b"],
      files: ["src/app.ts"],
      pause: ["a", "b"],
      message: "merging a and b would conflict in src/app.ts",
    });
    expect(predicted.evidence.files[0]?.mergeMessages).toEqual([
      "Auto-merging src/app.ts",
      "CONFLICT (content): Merge conflict in src/app.ts",
    ]);
    expect(predicted.recommendation).toMatchObject({
      option: "keep-paused-until-rebase",
      resume: ["a"],
      hold: ["b"],
      decidedBy: "priority",
    });
    expect(predicted.recommendation.reason).toBe(
      "a wins by priority: a has critical priority, b standard; b rebases onto a's branch and resolves src/app.ts before it resumes",
    );
    // src/app.ts is the predicted conflict's; only src/util.ts is left as an overlap (merge-tree found no clean answer
    // for the pair, so high).
    const overlap = only(conflicts, "overlap");
    expect(overlap).toMatchObject({ key: "overlap:a+b", files: ["src/util.ts"], severity: "high" });
  });

  it("a pair that merges cleanly but touched the same file: a medium overlap, the file kept by the stronger track", () => {
    const ahead = track("b", ["src/**"], { progressPercent: 80 });
    const behind = track("a", ["src/**"], { progressPercent: 20 });
    const overlap = only(
      detectChangeConflicts({
        tracks: [changes(behind, ["src/app.ts"]), changes(ahead, ["src/app.ts"])],
        predictions: [{ a: "a", b: "b", state: "clean" }],
      }),
      "overlap",
    );
    expect(overlap.severity).toBe("medium");
    expect(overlap.message).toBe("a and b both changed src/app.ts (their branches still merge cleanly)");
    expect(overlap.recommendation).toMatchObject({
      option: "reassign-files",
      resume: ["a", "b"],
      scopeChanges: [{ trackKey: "a", add: ["!src/app.ts"] }],
      decidedBy: "progress",
    });
  });

  it("escalates to the lead when no criterion separates the tracks", () => {
    const predicted = only(
      detectChangeConflicts({
        tracks: [
          changes(track("a", ["src/**"]), ["src/app.ts"]),
          changes(track("b", ["src/**"]), ["src/app.ts"]),
        ],
        predictions: [{ ...conflict }],
      }),
      "predicted-conflict",
    );
    expect(predicted.recommendation).toMatchObject({
      option: "escalate",
      decidedBy: "tie",
      resume: [],
      hold: [],
    });
  });

  it("a conflict between finished tracks is high and pauses nothing", () => {
    const done = (key: string) =>
      track(key, ["src/**"], { status: "completed", priority: key === "a" ? "critical" : "low" });
    const predicted = only(
      detectChangeConflicts({
        tracks: [changes(done("a"), []), changes(done("b"), [])],
        predictions: [conflict],
      }),
      "predicted-conflict",
    );
    expect(predicted).toMatchObject({ severity: "high", pause: [] });
    expect(predicted.recommendation.steps[1]?.text).toBe("nothing to pause (no track running)");
  });

  it("advises neither resuming nor pausing tracks that have ended: who rebases before integration", () => {
    const done = (key: string, priority: ConflictTrack["priority"]) =>
      track(key, ["src/**"], { status: "completed", priority });
    const predicted = only(
      detectChangeConflicts({
        tracks: [changes(done("notifications", "critical"), []), changes(done("search", "low"), [])],
        predictions: [{ ...conflict, a: "notifications", b: "search" }],
      }),
      "predicted-conflict",
    );
    expect(predicted.recommendation).toMatchObject({
      option: "keep-paused-until-rebase",
      resume: ["notifications"],
      hold: ["search"],
      ended: ["notifications", "search"],
      reason:
        "notifications wins by priority: notifications has critical priority, search low; search rebases onto notifications' branch and resolves src/app.ts before integration; both tracks have ended, so nothing resumes or pauses: rule for the record, or dismiss it",
    });
    const texts = predicted.recommendation.steps.map((s) => `${s.step}: ${s.text}`);
    expect(texts.slice(4)).toEqual([
      "implement: search has ended: it rebases onto notifications' branch before integration",
      "log: record: search rebases (priority)",
    ]);
    expect(texts.join("\n")).not.toMatch(/\bresume |keep \S+ paused/);
  });

  it("marks nothing ended while the tracks work, and resumes only the one still working", () => {
    const running = track("a", ["src/**"], { priority: "critical" });
    const ended = track("b", ["src/**"], { status: "failed" });
    const predicted = only(
      detectChangeConflicts({
        tracks: [changes(running, ["src/app.ts"]), changes(ended, ["src/app.ts"])],
        predictions: [conflict],
      }),
      "predicted-conflict",
    );
    expect(predicted.recommendation.ended).toEqual(["b"]);
    expect(predicted.recommendation.steps[4]?.text).toBe(
      "resume a; b has ended: it rebases onto a's branch before integration",
    );
    const live = only(
      detectChangeConflicts({
        tracks: [changes(running, ["src/app.ts"]), changes(track("b", ["src/**"]), ["src/app.ts"])],
        predictions: [conflict],
      }),
      "predicted-conflict",
    );
    expect(live.recommendation).not.toHaveProperty("ended");
  });

  it("widens a scope ending in s with the possessive, and resumes no ended track", () => {
    const notifications = track("notifications", ["notify/**"], { status: "completed" });
    const violation = only(
      detectChangeConflicts({ tracks: [changes(notifications, ["README.md"])], predictions: [] }),
      "scope-violation",
    );
    expect(violation.recommendation.reason).toBe(
      "no track's scope contract covers README.md: widening notifications' scope to them takes nothing from anyone",
    );
    expect(violation.recommendation.steps[4]?.text).toBe(
      "add README.md to notifications' scope (notifications has ended: nothing to resume)",
    );
  });

  it("a prediction that failed (a branch deleted) is no conflict", () => {
    expect(
      detectChangeConflicts({
        tracks: [changes(API, ["api/a.ts"]), changes(WEB, ["web/a.ts"])],
        predictions: [{ a: "api", b: "web", state: "error", message: "unknown revision" }],
      }),
    ).toEqual([]);
  });
});
