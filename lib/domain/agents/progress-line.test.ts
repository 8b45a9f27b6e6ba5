import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyProgressDirective, parseProgressLine, toProgressReport } from "./progress-line";

describe("parseProgressLine", () => {
  it("parses each directive", () => {
    expect(parseProgressLine("::progress 40")).toEqual({ kind: "progress", percent: 40 });
    expect(parseProgressLine("::progress 12.5%")).toEqual({ kind: "progress", percent: 12.5 });
    expect(parseProgressLine("::progress 0")).toEqual({ kind: "progress", percent: 0 });
    expect(parseProgressLine("::progress 100\r")).toEqual({ kind: "progress", percent: 100 });
    expect(parseProgressLine("::done wired the API routes")).toEqual({
      kind: "done",
      text: "wired the API routes",
    });
    expect(parseProgressLine("::next   write tests  ")).toEqual({ kind: "next", text: "write tests" });
    expect(parseProgressLine("::blocker high schema migration fails: P3006")).toEqual({
      kind: "blocker",
      severity: "high",
      text: "schema migration fails: P3006",
      resolutionPlan: null,
    });
    // A resolution plan after "|", as `paratrack report --blocker "high:<text>|<plan>"` takes it.
    expect(parseProgressLine("::blocker critical API keys missing | ask ops for a test key")).toEqual({
      kind: "blocker",
      severity: "critical",
      text: "API keys missing",
      resolutionPlan: "ask ops for a test key",
    });
    expect(parseProgressLine("::blocker low flaky lint |  ")).toMatchObject({
      text: "flaky lint",
      resolutionPlan: null,
    });
    expect(parseProgressLine("::status at-risk")).toEqual({ kind: "status", status: "at-risk" });
    expect(parseProgressLine("::lesson write the spec first")).toEqual({
      kind: "lesson",
      text: "write the spec first",
    });
    expect(parseProgressLine("::touch src/app/page.tsx")).toEqual({
      kind: "touch",
      path: "src/app/page.tsx",
    });
  });

  it("parses the usage and session directives", () => {
    expect(parseProgressLine("::tokens 12000 3400")).toEqual({
      kind: "tokens",
      inputTokens: 12_000,
      outputTokens: 3_400,
    });
    expect(parseProgressLine("::cost 0.42")).toEqual({ kind: "cost", usd: 0.42 });
    expect(parseProgressLine("::cost $1.5")).toEqual({ kind: "cost", usd: 1.5 });
    expect(parseProgressLine("::cost 0")).toEqual({ kind: "cost", usd: 0 });
    expect(parseProgressLine("::session 8fc99cf0-8cae-4821-aa70-c0e9a24667c3")).toEqual({
      kind: "session",
      sessionId: "8fc99cf0-8cae-4821-aa70-c0e9a24667c3",
    });
  });

  it("accepts leading whitespace and upper-case names and values", () => {
    expect(parseProgressLine("  ::STATUS Blocked")).toEqual({ kind: "status", status: "blocked" });
    expect(parseProgressLine("::Blocker CRITICAL disk full")).toEqual({
      kind: "blocker",
      severity: "critical",
      text: "disk full",
      resolutionPlan: null,
    });
  });

  it.each([
    ["::progress abc", "progress", /percentage/],
    ["::progress 140", "progress", /percentage/],
    ["::progress -5", "progress", /percentage/],
    ["::progress", "progress", /percentage/],
    ["::progress 40 and counting", "progress", /percentage/],
    ["::blocker urgent the build is red", "blocker", /severity/],
    ["::blocker info something", "blocker", /severity/],
    ["::blocker high", "blocker", /description/],
    ["::blocker high | only a plan", "blocker", /description/],
    ["::status done", "status", /status/],
    ["::done", "done", /description/],
    ["::lesson", "lesson", /description/],
    ["::next   ", "next", /description/],
    ["::touch", "touch", /path/],
    ["::tokens 12", "tokens", /two whole numbers/],
    ["::tokens 12 x", "tokens", /two whole numbers/],
    ["::tokens -1 3", "tokens", /two whole numbers/],
    ["::tokens 1 2 3", "tokens", /two whole numbers/],
    ["::cost", "cost", /US dollars/],
    ["::cost -0.5", "cost", /US dollars/],
    ["::cost 1,50", "cost", /US dollars/],
    ["::session", "session", /session id/],
    ["::session abc; rm -rf ~", "session", /session id/],
    ["::session $(id)", "session", /session id/],
    ["::progess 40", "progess", /unknown directive/],
    [":: progress 40", "", /directive name/],
  ])("%s is invalid", (line, directive, reason) => {
    const parsed = parseProgressLine(line);
    expect(parsed).toMatchObject({ kind: "invalid", directive, line: line.trim() });
    expect(parsed?.kind === "invalid" && parsed.reason).toMatch(reason);
  });

  it.each([
    "editing src/foo.ts",
    "",
    "   ",
    "progress 40",
    "a ::progress 40 mid-line",
    ":progress 40",
    "::group::Build",
    "::error file=app.js,line=1::Missing semicolon",
  ])("%j is an ordinary line", (line) => {
    expect(parseProgressLine(line)).toBeNull();
  });

  it("never throws and only yields known kinds", () => {
    fc.assert(
      fc.property(fc.string(), (tail) => {
        const parsed = parseProgressLine(`::${tail}`);
        expect([
          null,
          "progress",
          "done",
          "next",
          "blocker",
          "status",
          "touch",
          "tokens",
          "cost",
          "session",
          "invalid",
        ]).toContain(parsed?.kind ?? null);
        if (parsed?.kind === "session") expect(parsed.sessionId).toMatch(/^[\w.:-]+$/);
        if (parsed?.kind === "progress") expect(parsed.percent).toBeGreaterThanOrEqual(0);
        if (parsed?.kind === "progress") expect(parsed.percent).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe("toProgressReport", () => {
  it("maps each report directive to the field it sets", () => {
    expect(toProgressReport("api", { kind: "progress", percent: 40 })).toEqual({
      track: "api",
      progressPercent: 40,
    });
    expect(toProgressReport("api", { kind: "done", text: "x" }, "claude")).toEqual({
      track: "api",
      agent: "claude",
      completedToday: ["x"],
    });
    expect(toProgressReport("api", { kind: "next", text: "y" })).toEqual({
      track: "api",
      plannedTomorrow: ["y"],
    });
    expect(
      toProgressReport("api", { kind: "blocker", severity: "low", text: "z", resolutionPlan: null }),
    ).toEqual({
      track: "api",
      blockers: [{ blocker: "z", severity: "low", resolutionPlan: null }],
    });
    expect(toProgressReport("api", { kind: "status", status: "blocked" })).toEqual({
      track: "api",
      status: "blocked",
    });
  });

  it("gives null for touch, usage, session and invalid lines", () => {
    expect(toProgressReport("api", { kind: "touch", path: "a.ts" })).toBeNull();
    expect(toProgressReport("api", { kind: "tokens", inputTokens: 1, outputTokens: 2 })).toBeNull();
    expect(toProgressReport("api", { kind: "cost", usd: 1 })).toBeNull();
    expect(toProgressReport("api", { kind: "session", sessionId: "s-1" })).toBeNull();
    expect(
      toProgressReport("api", { kind: "invalid", directive: "progress", reason: "r", line: "l" }),
    ).toBeNull();
  });
});

describe("applyProgressDirective", () => {
  it("builds a report from a stream of lines", () => {
    const lines = [
      "::status on-track",
      "::next parse config",
      "::next write tests",
      "editing src/config.ts",
      "::progress 30",
      "::done parse config",
      "::blocker medium flaky fixture | pin its seed",
      "::progress 55",
      "::tokens 100 20",
      "::cost 0.01",
      "::session s-1",
      "::progress oops",
    ];
    let report = { track: "cfg" };
    for (const line of lines) {
      const parsed = parseProgressLine(line);
      if (parsed) report = applyProgressDirective(report, parsed);
    }
    expect(report).toEqual({
      track: "cfg",
      status: "on-track",
      progressPercent: 55,
      completedToday: ["parse config"],
      plannedTomorrow: ["write tests"],
      blockers: [{ blocker: "flaky fixture", severity: "medium", resolutionPlan: "pin its seed" }],
    });
  });

  it("does not repeat a planned item announced twice", () => {
    const once = applyProgressDirective({ track: "t" }, { kind: "next", text: "a" });
    expect(applyProgressDirective(once, { kind: "next", text: "a" })).toEqual({
      track: "t",
      plannedTomorrow: ["a"],
    });
  });
});
