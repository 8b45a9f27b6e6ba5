import { describe, expect, it } from "vitest";
import { formatMetricValue } from "./metrics";
import { describeRunOutcome, describeTimeSaved, type RunOutcomeInput } from "./run-outcome";

const ALL_GOOD: RunOutcomeInput = {
  status: "completed",
  tracks: [
    { key: "A", testStatus: "passed" },
    { key: "B", testStatus: null },
  ],
  qualityPassRate: { value: 100, status: "met" },
  blockers: [],
  handoffs: [{ from: "A", to: "B", state: "acknowledged", reason: null }],
};

const openBlocker = (
  trackKey: string,
  severity: "critical" | "high" | "medium" | "low",
  blocker = "flaky CI",
) => ({
  trackKey,
  severity,
  blocker,
  resolvedAt: null,
});

describe("describeRunOutcome", () => {
  it.each<[string, Partial<RunOutcomeInput>, { tone: string; title: string }]>([
    ["all good", {}, { tone: "success", title: "Run finished: every track completed" }],
    [
      // The reviewer's run: green "every track completed" over A's failed gate, a skipped handoff and a high blocker.
      "a failed gate, a skipped handoff and an open high blocker",
      {
        tracks: [
          { key: "A", testStatus: "failed" },
          { key: "B", testStatus: "passed" },
        ],
        qualityPassRate: { value: 50, status: "fail" },
        handoffs: [{ from: "A", to: "B", state: "skipped", reason: "A's quality gate failed" }],
        blockers: [openBlocker("A", "high")],
      },
      {
        tone: "warning",
        title:
          "Run finished: every track completed, but the quality gate of A failed, the handoff A → B was skipped and a high blocker is open",
      },
    ],
    [
      "two failed gates",
      {
        tracks: [
          { key: "A", testStatus: "failed" },
          { key: "B", testStatus: "failed" },
        ],
        qualityPassRate: { value: 0, status: "fail" },
      },
      {
        tone: "warning",
        title: "Run finished: every track completed, but the quality gates of A and B failed",
      },
    ],
    [
      "a gate that failed before it passed (pass rate under 95 %)",
      { qualityPassRate: { value: 66.7, status: "fail" } },
      {
        tone: "warning",
        title: "Run finished: every track completed, but the quality gate pass rate is 67 %",
      },
    ],
    [
      "a gate cut off before its verdict",
      { tracks: [{ key: "A", testStatus: "cancelled" }] },
      {
        tone: "warning",
        title: "Run finished: every track completed, but the quality gate of A gave no verdict",
      },
    ],
    [
      "open critical and high blockers",
      { blockers: [openBlocker("A", "high"), openBlocker("B", "critical"), openBlocker("B", "high")] },
      {
        tone: "warning",
        title: "Run finished: every track completed, but 1 critical and 2 high blockers are open",
      },
    ],
    [
      "resolved, medium and low blockers only",
      {
        blockers: [
          { ...openBlocker("A", "critical"), resolvedAt: "2025-10-05T10:00:00Z" },
          openBlocker("A", "medium"),
          openBlocker("B", "low"),
        ],
      },
      { tone: "success", title: "Run finished: every track completed" },
    ],
    [
      "two failed handoffs",
      {
        handoffs: [
          { from: "A", to: "B", state: "failed", reason: "copy failed" },
          { from: "A", to: "C", state: "failed", reason: null },
        ],
      },
      {
        tone: "warning",
        title: "Run finished: every track completed, but the handoffs A → B and A → C failed",
      },
    ],
    [
      "blockers and handoffs not loaded yet: not green before they answer",
      { blockers: null, handoffs: null },
      { tone: "neutral", title: "Run finished: every track completed" },
    ],
    [
      "a problem is said even while other sources load",
      { tracks: [{ key: "A", testStatus: "failed" }], qualityPassRate: null, blockers: null },
      { tone: "warning", title: "Run finished: every track completed, but the quality gate of A failed" },
    ],
    [
      "a failed run",
      { status: "failed", tracks: [{ key: "A", testStatus: "failed" }] },
      { tone: "failure", title: "Run finished with failures" },
    ],
    ["a stopped run", { status: "stopped" }, { tone: "neutral", title: "Run stopped" }],
  ])("%s", (_name, change, expected) => {
    expect(describeRunOutcome({ ...ALL_GOOD, ...change })).toMatchObject(expected);
  });

  it("lists each problem with its detail, the most severe blockers first", () => {
    const outcome = describeRunOutcome({
      ...ALL_GOOD,
      tracks: [{ key: "A", testStatus: "failed" }],
      qualityPassRate: { value: 50, status: "fail" },
      handoffs: [{ from: "A", to: "B", state: "skipped", reason: "A's quality gate failed" }],
      blockers: [openBlocker("A", "high", "flaky CI"), openBlocker("B", "critical", "no disk")],
    });
    expect(outcome.problems).toEqual([
      "Quality gate of track A failed.",
      "Handoff A → B skipped: A's quality gate failed",
      "Critical blocker open on track B: no disk",
      "High blocker open on track A: flaky CI",
    ]);
    expect(describeRunOutcome(ALL_GOOD).problems).toEqual([]);
  });
});

describe("describeTimeSaved", () => {
  it.each([
    [
      { value: 47.2, unit: "%", status: "met", note: "" },
      { value: "47.2 %", verdict: "target met", status: "met" },
    ],
    [
      { value: 82, unit: "%", status: "met", note: "" },
      { value: "82.0 %", verdict: "beats the target", status: "met" },
    ],
    [
      { value: 27, unit: "%", status: "warn", note: "" },
      { value: "27.0 %", verdict: "near the target", status: "warn" },
    ],
    // The reviewer's "Time saved -168 %" shown plainly beside "Target 30–70 %".
    [
      { value: -168.4, unit: "%", status: "fail", note: "" },
      { value: "-168.4 %", verdict: "misses the target", status: "fail" },
    ],
    [
      { value: null, unit: "%", status: "no-data", note: "not every track completed: B failed" },
      { value: "—", verdict: "not every track completed: B failed", status: "no-data" },
    ],
  ] as const)("%j → %j", (metric, expected) => {
    expect(describeTimeSaved(metric)).toEqual(expected);
  });

  // The reviewer saw "34 %" on the overview's banner and "33.6 %" in the retrospective for one run.
  it("shows the figure exactly as the retrospective's table does", () => {
    const metric = { value: 33.6, unit: "%", status: "met", note: "" } as const;
    expect(describeTimeSaved(metric).value).toBe("33.6 %");
    expect(describeTimeSaved(metric).value).toBe(formatMetricValue(metric));
  });
});
