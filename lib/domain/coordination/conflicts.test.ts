import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { type ConflictTrack, decideConflictResolution, detectScopeViolation } from "./conflicts";
import { expandBraces, globsIntersect, normalisePath } from "./glob-intersection";
import { globSpecificity, isInScope, matchingGlobs, toScopePath } from "./scope-match";
import { findScopeOverlaps } from "./scope-overlaps";

describe("findScopeOverlaps", () => {
  it.each([
    [["src/api/**"], ["src/web/**"], false],
    [["src/**"], ["src/api/*.ts"], true],
    [["src/*.ts"], ["src/api/**"], false],
    [["src/**/*.ts"], ["src/api/**"], true],
    [["docs/**"], ["**/*.md"], true],
    [["src/{api,web}/**"], ["src/web/index.ts"], true],
    [["src/{api,web}/**"], ["src/cli/index.ts"], false],
    [["lib/*.test.ts"], ["lib/*.ts"], true],
    [["lib/a?.ts"], ["lib/b*.ts"], false],
    [["README.md"], ["./README.md"], true],
    [["src/**", "!src/api/**"], ["src/api/**"], false],
    [["src/**", "!src/api/**"], ["src/**/*.ts"], true],
    [["src/**"], [], false],
    // Character classes count as any one character, so this warns although [bc] rules "d" out.
    [["a/[bc]/x"], ["a/d/x"], true],
  ])("%j vs %j overlap: %s", (scopeA, scopeB, expected) => {
    const overlaps = findScopeOverlaps([
      { key: "A", scope: scopeA },
      { key: "B", scope: scopeB },
    ]);
    expect(overlaps.length > 0).toBe(expected);
  });

  it("names each overlapping pair and glob", () => {
    expect(
      findScopeOverlaps([
        { key: "A", scope: ["src/api/**", "docs/api.md"] },
        { key: "B", scope: ["src/web/**"] },
        { key: "C", scope: ["docs/**", "src/api/routes.ts"] },
      ]),
    ).toEqual([
      { a: "A", b: "C", globA: "src/api/**", globB: "src/api/routes.ts" },
      { a: "A", b: "C", globA: "docs/api.md", globB: "docs/**" },
    ]);
  });

  // Soundness against picomatch itself: whenever a path matches both globs, the overlap is reported.
  it("never misses an overlap picomatch can witness", () => {
    const part = fc.constantFrom("a", "b", "ab", "*", "a*", "*b", "?", "**");
    const glob = fc.array(part, { minLength: 1, maxLength: 3 }).map((p) => p.join("/"));
    const path = fc
      .array(fc.constantFrom("a", "b", "ab", "ba", "aab"), { minLength: 1, maxLength: 4 })
      .map((p) => p.join("/"));
    fc.assert(
      fc.property(glob, glob, fc.array(path, { minLength: 1, maxLength: 8 }), (g1, g2, paths) => {
        const m1 = picomatch(g1, { dot: true });
        const m2 = picomatch(g2, { dot: true });
        if (paths.some((p) => m1(p) && m2(p))) expect(globsIntersect(g1, g2)).toBe(true);
      }),
      { numRuns: 400, seed: 42 },
    );
  });
});

describe("glob helpers", () => {
  it.each([
    ["src/{a,b}/x", ["src/a/x", "src/b/x"]],
    ["{a,{b,c}}.ts", ["a.ts", "b.ts", "c.ts"]],
    ["{a}.ts", ["{a}.ts"]],
    ["plain/**", ["plain/**"]],
  ])("expandBraces(%s)", (glob, expected) => {
    expect(expandBraces(glob)).toEqual(expected);
  });

  it.each([
    ["./src//api/", "src/api"],
    ["src\\api\\x.ts", "src/api/x.ts"],
  ])("normalisePath(%s) = %s", (input, expected) => {
    expect(normalisePath(input)).toBe(expected);
  });

  it("makes absolute paths relative to the workdir", () => {
    expect(toScopePath("/work/repo/src/a.ts", "/work/repo")).toBe("src/a.ts");
    expect(toScopePath("/elsewhere/a.ts", "/work/repo")).toBe("/elsewhere/a.ts");
  });

  it("ranks globs with more literal segments as more specific", () => {
    expect(globSpecificity("src/api/routes.ts")).toBeGreaterThan(globSpecificity("src/api/*.ts"));
    expect(globSpecificity("src/api/*.ts")).toBeGreaterThan(globSpecificity("src/**"));
    expect(globSpecificity("src/**")).toBeGreaterThan(globSpecificity("**/*.ts"));
  });

  it("honours negated globs and dotfiles at run time", () => {
    const scope = ["src/**", "!src/generated/**"];
    expect(isInScope(scope, "src/.env")).toBe(true);
    expect(isInScope(scope, "./src/a.ts")).toBe(true);
    expect(isInScope(scope, "src/generated/x.ts")).toBe(false);
    expect(matchingGlobs(["src/**", "src/*.ts"], "src/a.ts")).toEqual(["src/**", "src/*.ts"]);
  });

  it.each([
    [["src/"], "src/a.ts", true],
    [["src/"], "src/deep/b.ts", true],
    [["src/"], "srcs/a.ts", false],
    [["./docs/"], "docs/guide.md", true],
    [["src/**", "!src/gen/"], "src/gen/x.ts", false],
    [["src/**", "!src/gen/"], "src/main.ts", true],
    [["src"], "src", true],
  ])(
    "reads a glob ending in / as the directory and everything below it: %j, %s -> %s",
    (scope, path, inside) => {
      expect(isInScope(scope, path)).toBe(inside);
    },
  );
});

const track = (key: string, scope: string[], over: Partial<ConflictTrack> = {}): ConflictTrack => ({
  key,
  scope,
  status: "running",
  tier: "primary",
  priority: "standard",
  progressPercent: 0,
  ...over,
});

describe("detectScopeViolation", () => {
  const A = track("A", ["src/api/**"]);
  const B = track("B", ["src/web/**"]);
  const Bdone = track("B", ["src/web/**"], { status: "completed" });
  const Bpaused = track("B", ["src/web/**"], { status: "paused" });

  it.each([
    ["inside its own scope", A, "src/api/x.ts", [A, B], null],
    ["outside every scope", A, "README.md", [A, B], { kind: "out-of-scope", severity: "high" }],
    [
      "in a running track's scope",
      A,
      "src/web/a.ts",
      [A, B],
      { kind: "overlapping-work", severity: "critical" },
    ],
    [
      "in a paused track's scope",
      A,
      "src/web/a.ts",
      [A, Bpaused],
      { kind: "overlapping-work", severity: "high" },
    ],
    [
      "in a completed track's scope",
      A,
      "src/web/a.ts",
      [A, Bdone],
      { kind: "overlapping-work", severity: "high" },
    ],
  ] as const)("a write %s", (_name, who, path, all, expected) => {
    const conflict = detectScopeViolation(who, path, all);
    if (expected === null) expect(conflict).toBeNull();
    else expect(conflict).toMatchObject(expected);
  });

  it("names the other track and the path", () => {
    const wide = track("W", ["src/**"]);
    expect(detectScopeViolation(wide, "./src/web/a.ts", [wide, B])).toEqual({
      kind: "overlapping-work",
      severity: "critical",
      trackKey: "W",
      path: "src/web/a.ts",
      otherTrackKeys: ["B"],
      message: "track W touched src/web/a.ts, inside its own scope and inside the scope of B (running)",
    });
  });
});

describe("detectScopeViolation of a path outside every scope", () => {
  const A = track("A", ["src/a/**"]);
  const B = track("B", ["src/b/**"]);
  const path = "src/shared/x.ts";

  it("is overlapping work with a running or paused track that touched it before", () => {
    expect(detectScopeViolation(B, path, [A, B], ["A"])).toEqual({
      kind: "overlapping-work",
      severity: "critical",
      trackKey: "B",
      path,
      otherTrackKeys: ["A"],
      message:
        "track B touched src/shared/x.ts, outside its scope contract (src/b/**) and no track's scope covers it; A (running) touched it before",
    });
    const Apaused = track("A", ["src/a/**"], { status: "paused" });
    expect(detectScopeViolation(B, path, [Apaused, B], ["A"])).toMatchObject({
      kind: "overlapping-work",
      severity: "high",
      otherTrackKeys: ["A"],
    });
    // Requeued by the governor, A waits to go on with its work: still an overlap.
    const Arequeued = track("A", ["src/a/**"], { status: "ready" });
    expect(detectScopeViolation(B, path, [Arequeued, B], ["A"])).toMatchObject({
      kind: "overlapping-work",
      severity: "high",
      otherTrackKeys: ["A"],
    });
  });

  it("stays a plain out-of-scope touch when nobody else touched it, or only an ended track or itself", () => {
    const Adone = track("A", ["src/a/**"], { status: "completed" });
    for (const [all, touchedBy] of [
      [[A, B], []],
      [[Adone, B], ["A"]],
      [[A, B], ["B"]],
    ] as const)
      expect(detectScopeViolation(B, path, all, touchedBy)).toMatchObject({
        kind: "out-of-scope",
        otherTrackKeys: [],
      });
  });

  it("is decided by the seed's order like any overlap: a tie escalates to the lead, priority decides", () => {
    const tie = detectScopeViolation(B, path, [A, B], ["A"])!;
    expect(decideConflictResolution(tie, B, A)).toMatchObject({ action: "escalate", decidedBy: "tie" });
    const Acritical = track("A", ["src/a/**"], { priority: "critical" });
    const won = detectScopeViolation(B, path, [Acritical, B], ["A"])!;
    expect(decideConflictResolution(won, B, Acritical)).toMatchObject({
      winner: "A",
      loser: "B",
      action: "pause-loser",
      decidedBy: "priority",
    });
  });
});

describe("decideConflictResolution", () => {
  const path = "src/shared/util.ts";
  const conflictFor = (a: ConflictTrack, b: ConflictTrack) => {
    const c = detectScopeViolation(a, path, [a, b]);
    if (!c) throw new Error("expected a conflict");
    return c;
  };

  it.each([
    [
      "tier beats everything",
      track("A", ["src/**"], { tier: "sub-agent", priority: "critical", progressPercent: 90 }),
      track("B", ["src/shared/**"], { tier: "primary", priority: "low", progressPercent: 5 }),
      "B",
      "tier",
    ],
    [
      "priority beats progress",
      track("A", ["src/**"], { priority: "low", progressPercent: 90 }),
      track("B", ["src/shared/**"], { priority: "critical", progressPercent: 5 }),
      "B",
      "priority",
    ],
    [
      "more progress wins",
      track("A", ["src/**"], { progressPercent: 70 }),
      track("B", ["src/shared/**"], { progressPercent: 40 }),
      "A",
      "progress",
    ],
    [
      "completed work counts as 100 %",
      track("A", ["src/**"], { progressPercent: 95 }),
      track("B", ["src/shared/**"], { status: "completed", progressPercent: 60 }),
      "B",
      "progress",
    ],
    [
      "the more specific scope wins at equal progress",
      track("A", ["src/**"], { progressPercent: 50 }),
      track("B", ["src/shared/**"], { progressPercent: 50 }),
      "B",
      "scope-clarity",
    ],
    [
      "the track whose scope holds the path wins over one that strayed",
      track("A", ["src/api/**"], { progressPercent: null }),
      track("B", ["src/shared/**"], { progressPercent: 0 }),
      "B",
      "scope-clarity",
    ],
  ] as const)("%s", (_name, a, b, winner, criterion) => {
    const result = decideConflictResolution(conflictFor(a, b), a, b);
    expect(result.winner).toBe(winner);
    expect(result.loser).toBe(winner === "A" ? "B" : "A");
    expect(result.decidedBy).toBe(criterion);
  });

  it("pauses a running loser, keeps a paused one paused, only records a finished one", () => {
    const winner = track("A", ["src/shared/**"], { tier: "primary" });
    const cases = [
      ["running", "pause-loser"],
      ["paused", "keep-loser-paused"],
      ["failed", "record-only"],
    ] as const;
    for (const [status, action] of cases) {
      const loser = track("B", ["src/**"], { tier: "sub-agent", status });
      expect(decideConflictResolution(conflictFor(loser, winner), winner, loser).action).toBe(action);
    }
  });

  it("escalates to the lead when no criterion separates the tracks", () => {
    const a = track("A", ["src/shared/*.ts"]);
    const b = track("B", ["src/shared/*.ts"]);
    const result = decideConflictResolution(conflictFor(a, b), a, b);
    expect(result).toMatchObject({ winner: null, loser: null, action: "escalate", decidedBy: "tie" });
  });

  it("walks the seed's six steps and explains the decision", () => {
    const a = track("A", ["src/**"], { progressPercent: 70 });
    const b = track("B", ["src/shared/**"], { progressPercent: 40 });
    const result = decideConflictResolution(conflictFor(a, b), a, b);
    expect(result.steps.map((s) => s.step)).toEqual([
      "detect",
      "pause",
      "assess",
      "resolve",
      "implement",
      "log",
    ]);
    expect(result.reason).toBe("A has more work invested (70 % vs 40 %)");
    expect(result.steps[1]?.text).toBe("pause the conflicting work of A and B");
    expect(result.steps[4]?.text).toBe("pause B; A keeps src/shared/util.ts");
    expect(result.steps[5]?.text).toBe("record: src/shared/util.ts → A; B paused (progress)");
  });
});
