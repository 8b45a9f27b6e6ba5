import { describe, expect, it } from "vitest";
import { type ChangeConflict, detectChangeConflicts } from "./change-conflicts";
import { applyScopeChanges, planLeadResolution, reconcileConflicts } from "./conflict-lifecycle";
import type { ConflictTrack } from "./conflicts";
import { isInScope } from "./scope-match";

function track(key: string, scope: string[]): ConflictTrack {
  return { key, scope, status: "running", tier: "primary", priority: "standard", progressPercent: 10 };
}

const A = track("a", ["src/a/**"]);
const B = track("b", ["src/b/**"]);

function detect(aFiles: string[], bFiles: string[] = []): ChangeConflict[] {
  const file = (path: string) => ({ path, committed: false, uncommitted: true, added: 1, removed: 0 });
  return detectChangeConflicts({
    tracks: [
      { track: A, files: aFiles.map(file) },
      { track: B, files: bFiles.map(file) },
    ],
    predictions: [],
  });
}

describe("reconcileConflicts", () => {
  it("raises a conflict once, grows it with new files, clears it when the changes are gone", () => {
    const first = detect(["src/b/x.ts"]);
    expect(reconcileConflicts([], first).raised.map((c) => c.key)).toEqual(["scope-violation:a"]);

    const known = [{ key: "scope-violation:a", files: ["src/b/x.ts"], state: "open" as const }];
    expect(reconcileConflicts(known, first)).toEqual({ raised: [], grown: [], cleared: [], refreshed: [] });

    const grown = reconcileConflicts(known, detect(["src/b/x.ts", "src/b/y.ts"]));
    expect(grown.raised).toEqual([]);
    expect(grown.grown.map((g) => [g.conflict.key, g.newFiles])).toEqual([
      ["scope-violation:a", ["src/b/y.ts"]],
    ]);

    expect(reconcileConflicts(known, detect(["src/a/ok.ts"])).cleared).toEqual(["scope-violation:a"]);
  });

  it("a dismissed or resolved conflict comes back only when it reaches files it did not cover", () => {
    const dismissed = [{ key: "scope-violation:a", files: ["src/b/x.ts"], state: "dismissed" as const }];
    expect(reconcileConflicts(dismissed, detect(["src/b/x.ts"])).raised).toEqual([]);
    expect(
      reconcileConflicts(dismissed, detect(["src/b/x.ts", "src/b/z.ts"])).raised.map((c) => c.files),
    ).toEqual([["src/b/x.ts", "src/b/z.ts"]]);
    // Not open, so never "cleared".
    expect(reconcileConflicts(dismissed, []).cleared).toEqual([]);
  });

  it("a ruling that reassigned a file does not come back as the loser's scope violation of it", () => {
    const file = (path: string) => ({ path, committed: true, uncommitted: false, added: 1, removed: 1 });
    const shared = (key: string, scope: string[]) => ({
      track: track(key, scope),
      files: [file("src/shared/common.ts")],
    });
    const [overlap] = detectChangeConflicts({
      tracks: [shared("a", ["src/shared/**"]), shared("e", ["src/shared/**"])],
      predictions: [{ a: "a", b: "e", state: "clean" }],
    });
    expect(overlap?.kind).toBe("overlap");
    const plan = planLeadResolution(
      overlap!,
      { option: "reassign-files", trackKey: "a" },
      {
        a: ["src/shared/**"],
        e: ["src/shared/**"],
      },
    );
    if ("error" in plan) throw new Error(plan.error);
    const eScope = applyScopeChanges(["src/shared/**"], "e", plan.scopeChanges);
    const known = [
      { key: overlap!.key, files: overlap!.files, state: "resolved" as const, trackKeys: overlap!.trackKeys },
    ];
    // e's earlier change is now outside its scope: the lead ruled on it already, so nothing is raised (or paused).
    const after = detectChangeConflicts({
      tracks: [shared("a", ["src/shared/**"]), shared("e", eScope)],
      predictions: [{ a: "a", b: "e", state: "clean" }],
    });
    expect(after.map((c) => c.key)).toEqual(["scope-violation:e"]);
    expect(reconcileConflicts(known, after).raised).toEqual([]);
    // A file the ruling did not cover is raised; a predicted conflict always is.
    const more = detectChangeConflicts({
      tracks: [
        shared("a", ["src/shared/**"]),
        { track: track("e", eScope), files: [file("src/shared/common.ts"), file("src/x.ts")] },
      ],
      predictions: [{ a: "a", b: "e", state: "conflicts", files: ["src/shared/common.ts"] }],
    });
    expect(reconcileConflicts(known, more).raised.map((c) => c.key)).toEqual([
      "scope-violation:e",
      "predicted-conflict:a+e",
    ]);
  });
});

describe("reconcileConflicts on scopes the lead changed", () => {
  const file = (path: string) => ({ path, committed: true, uncommitted: false, added: 1, removed: 1 });
  const both = (leftScope: string[]) =>
    detectChangeConflicts({
      tracks: [
        { track: track("left", leftScope), files: [file("shared/config.ts")] },
        { track: track("right", ["src/b/**"]), files: [file("shared/config.ts")] },
      ],
      predictions: [],
    });

  it("refreshes an open violation's recommendation once another track's scope covers its file", () => {
    const before = both(["src/a/**"]).find((c) => c.key === "scope-violation:right")!;
    expect(before.recommendation).toMatchObject({ option: "widen-scope" });
    const known = [
      {
        key: before.key,
        files: before.files,
        state: "open" as const,
        trackKeys: before.trackKeys,
        recommendation: before.recommendation,
      },
    ];
    // Same scopes: nothing to refresh, even when the reason's words moved with the tracks' progress.
    expect(reconcileConflicts(known, [before]).refreshed).toEqual([]);
    const progressed = {
      ...before,
      recommendation: { ...before.recommendation, reason: "left at 45 % vs 30 %" },
    };
    expect(reconcileConflicts(known, [progressed]).refreshed).toEqual([]);
    // The lead widened left's scope to the file: widening right's takes it from left now.
    const after = both(["src/a/**", "shared/config.ts"]).find((c) => c.key === "scope-violation:right")!;
    const update = reconcileConflicts(known, [after]);
    expect(update.raised).toEqual([]);
    expect(update.grown).toEqual([]);
    expect(update.refreshed.map((c) => c.key)).toEqual(["scope-violation:right"]);
    const [refreshed] = update.refreshed;
    expect(refreshed!.recommendation.option).not.toBe("widen-scope");
    expect(refreshed!.recommendation.reason).not.toContain("takes nothing from anyone");
    expect(refreshed!.recommendation.reason).toContain("shared/config.ts is in left's scope");
    expect(refreshed!.message).toContain("they lie in the scope of left");
  });

  it("leaves a settled conflict's recommendation as it was ruled on", () => {
    const before = both(["src/a/**"]).find((c) => c.key === "scope-violation:right")!;
    const after = both(["src/a/**", "shared/config.ts"]).find((c) => c.key === "scope-violation:right")!;
    const known = [
      {
        key: before.key,
        files: before.files,
        state: "resolved" as const,
        recommendation: before.recommendation,
      },
    ];
    expect(reconcileConflicts(known, [after]).refreshed).toEqual([]);
  });
});

describe("planLeadResolution", () => {
  const [violation] = detect(["src/b/x.ts"], ["src/b/x.ts"]);
  const scopes = { a: A.scope, b: B.scope };

  it("resume one, keep the other paused until it rebases", () => {
    expect(
      planLeadResolution(violation!, { option: "keep-paused-until-rebase", resume: "b", hold: "a" }, scopes),
    ).toEqual({
      resume: ["b"],
      keepPaused: ["a"],
      scopeChanges: [],
      summary: "b goes on, a waits until it rebases",
    });
  });

  it("widen a scope (by the conflict's files unless globs are given)", () => {
    const plan = planLeadResolution(violation!, { option: "widen-scope", trackKey: "a" }, scopes);
    expect(plan).toMatchObject({
      resume: ["a", "b"],
      scopeChanges: [{ trackKey: "a", add: ["src/b/x.ts"] }],
    });
    const globbed = planLeadResolution(
      violation!,
      { option: "widen-scope", trackKey: "a", globs: ["src/b/*.ts"] },
      scopes,
    );
    expect(globbed).toMatchObject({ scopeChanges: [{ trackKey: "a", add: ["src/b/*.ts"] }] });
  });

  it("reassign files: into the chosen track's scope, excluded from the others'", () => {
    const plan = planLeadResolution(violation!, { option: "reassign-files", trackKey: "a" }, scopes);
    if ("error" in plan) throw new Error(plan.error);
    expect(plan.scopeChanges).toEqual([
      { trackKey: "a", add: ["src/b/x.ts"] },
      { trackKey: "b", add: ["!src/b/x.ts"] },
    ]);
    const nextA = applyScopeChanges(A.scope, "a", plan.scopeChanges);
    const nextB = applyScopeChanges(B.scope, "b", plan.scopeChanges);
    expect(isInScope(nextA, "src/b/x.ts")).toBe(true);
    expect(isInScope(nextB, "src/b/x.ts")).toBe(false);
    expect(isInScope(nextB, "src/b/y.ts")).toBe(true);
    // Applying twice adds nothing twice.
    expect(applyScopeChanges(nextA, "a", plan.scopeChanges)).toEqual(nextA);
  });

  it("dismiss as acceptable resumes everyone", () => {
    expect(planLeadResolution(violation!, { option: "dismiss", note: "generated file" }, scopes)).toEqual({
      resume: ["a", "b"],
      keepPaused: [],
      scopeChanges: [],
      summary: "dismissed as acceptable (generated file)",
    });
  });

  it("names a bad choice instead of acting on it", () => {
    expect(planLeadResolution(violation!, { option: "widen-scope", trackKey: "zz" }, scopes)).toEqual({
      error: "track zz is not part of conflict scope-violation:a (a, b)",
    });
    expect(
      planLeadResolution(violation!, { option: "keep-paused-until-rebase", resume: "a", hold: "a" }, scopes),
    ).toEqual({ error: "resume and hold must be different tracks" });
  });
});
