import { describe, expect, it } from "vitest";
import { parseProgressLine, toProgressReport } from "../agents/progress-line";
import {
  applyBlockerObservation,
  type BlockerEntry,
  compareForBoard,
  countOpenBySeverity,
  countOpenForGate,
  describeFullBoard,
  fullOnBoard,
  hasRoomFor,
  MAX_OPEN_BLOCKERS_PER_TRACK,
  mostSevere,
  openBlockerReports,
  resolveBlocker,
  trackBlockState,
} from "./blockers";

const T1 = "2025-10-05T09:00:00.000Z";
const T2 = "2025-10-05T12:00:00.000Z";
const T3 = "2025-10-05T18:00:00.000Z";

function fromLine(board: BlockerEntry[], trackKey: string, line: string, at: string) {
  const parsed = parseProgressLine(line);
  if (parsed === null || parsed.kind === "invalid") throw new Error(`not a directive: ${line}`);
  return applyBlockerObservation(board, {
    trackKey,
    at,
    source: "log-line",
    blockers: toProgressReport(trackKey, parsed)?.blockers,
  });
}

describe("blockers board", () => {
  it("takes a ::blocker line with its severity and owner track; a critical one blocks the track and alerts", () => {
    const change = fromLine([], "A", "::blocker critical the test database is gone", T1);
    expect(change.raised).toEqual([
      {
        id: 1,
        trackKey: "A",
        blocker: "the test database is gone",
        severity: "critical",
        resolutionPlan: null,
        source: "log-line",
        raisedAt: T1,
        updatedAt: T1,
        resolvedAt: null,
        resolvedBy: null,
      },
    ]);
    expect(change.alerts.map((e) => e.id)).toEqual([1]);
    expect(trackBlockState(change.board, "A").blocked).toBe(true);
    expect(trackBlockState(change.board, "B").blocked).toBe(false);
  });

  it("a ::blocker line only adds: it resolves nothing", () => {
    const first = fromLine([], "A", "::blocker high flaky CI", T1);
    const second = fromLine(first.board, "A", "::blocker low typo in docs", T2);
    expect(second.resolved).toEqual([]);
    expect(trackBlockState(second.board, "A").open.map((e) => e.blocker)).toEqual([
      "flaky CI",
      "typo in docs",
    ]);
  });

  it("a full report is the track's current list: it adds a resolution plan, raises severity, resolves what it omits", () => {
    let board = fromLine([], "A", "::blocker high flaky CI", T1).board;
    board = fromLine(board, "A", "::blocker medium slow model pull", T1).board;
    board = fromLine(board, "B", "::blocker low B's own", T1).board;
    const change = applyBlockerObservation(board, {
      trackKey: "A",
      at: T2,
      source: "report",
      blockers: [{ blocker: "Flaky  CI", severity: "critical", resolutionPlan: "pin the runner image" }],
    });
    expect(change.raised).toEqual([]);
    expect(change.updated.map((e) => [e.id, e.severity, e.resolutionPlan])).toEqual([
      [1, "critical", "pin the runner image"],
    ]);
    expect(change.alerts.map((e) => e.id)).toEqual([1]);
    expect(change.resolved.map((e) => [e.id, e.resolvedAt, e.resolvedBy])).toEqual([[2, T2, "report"]]);
    // The other track's blocker is not touched by A's report.
    expect(trackBlockState(change.board, "B").open).toHaveLength(1);
    // The input board is left as it was.
    expect(board.find((e) => e.id === 2)?.resolvedAt).toBeNull();
  });

  it("a report without a blockers field changes nothing; an empty list resolves all", () => {
    const board = fromLine([], "A", "::blocker high flaky CI", T1).board;
    expect(
      applyBlockerObservation(board, { trackKey: "A", at: T2, source: "report", blockers: undefined })
        .resolved,
    ).toEqual([]);
    const cleared = applyBlockerObservation(board, { trackKey: "A", at: T2, source: "report", blockers: [] });
    expect(cleared.resolved.map((e) => e.id)).toEqual([1]);
    expect(trackBlockState(cleared.board, "A").open).toEqual([]);
  });

  it("the same text raised again after it was resolved is a new entry", () => {
    let board = fromLine([], "A", "::blocker high flaky CI", T1).board;
    board = applyBlockerObservation(board, { trackKey: "A", at: T2, source: "report", blockers: [] }).board;
    const again = fromLine(board, "A", "::blocker high flaky CI", T3);
    expect(again.raised.map((e) => [e.id, e.raisedAt])).toEqual([[2, T3]]);
  });

  it("the lead resolves by hand; counts by severity feed the gates; open reports go to the daily status", () => {
    let board = fromLine([], "A", "::blocker critical db gone", T1).board;
    board = fromLine(board, "A", "::blocker low typo", T1).board;
    expect(countOpenBySeverity(board)).toEqual({ critical: 1, high: 0, medium: 0, low: 1 });
    expect(openBlockerReports(board, "A")).toEqual([
      { blocker: "db gone", severity: "critical", resolutionPlan: null },
      { blocker: "typo", severity: "low", resolutionPlan: null },
    ]);
    board = resolveBlocker(board, 1, T2);
    expect(board[0]).toMatchObject({ resolvedAt: T2, resolvedBy: "lead" });
    expect(trackBlockState(board, "A").blocked).toBe(false);
    expect(resolveBlocker(board, 1, T3)[0]?.resolvedAt).toBe(T2);
  });
  it("counts every open blocker for the gate, as the board does, and names the critical ones on completed tracks", () => {
    let board = fromLine([], "search", "::blocker critical index corrupt", T1).board;
    board = fromLine(board, "billing", "::blocker critical stripe key revoked", T1).board;
    board = fromLine(board, "billing", "::blocker high slow webhook", T1).board;
    board = fromLine(board, "billing", "::blocker critical old one", T1).board;
    board = resolveBlocker(board, 4, T2);
    expect(countOpenForGate(board, new Set(["billing"]))).toEqual({
      bySeverity: { critical: 2, high: 1, medium: 0, low: 0 },
      criticalOnCompleted: [{ trackKey: "billing", count: 1 }],
    });
    expect(countOpenForGate(board, new Set()).criticalOnCompleted).toEqual([]);
  });

  it("keeps at most MAX_OPEN_BLOCKERS_PER_TRACK open per track and severity, and counts the new ones it drops", () => {
    let board: BlockerEntry[] = [];
    let dropped = 0;
    for (let i = 1; i <= MAX_OPEN_BLOCKERS_PER_TRACK + 10; i++) {
      const change = fromLine(board, "A", `::blocker medium test ${i} failed`, T1);
      board = change.board;
      dropped += change.dropped.medium ?? 0;
    }
    expect(trackBlockState(board, "A").open).toHaveLength(MAX_OPEN_BLOCKERS_PER_TRACK);
    expect(dropped).toBe(10);
    // The critical one after the flood is kept: the room is per severity.
    const critical = fromLine(board, "A", "::blocker critical the staging database is down", T2);
    expect(critical.raised.map((e) => e.blocker)).toEqual(["the staging database is down"]);
    expect(critical.dropped).toEqual({});
    expect(hasRoomFor(critical.board, "A", "medium")).toBe(false);
    expect(hasRoomFor(critical.board, "A", "critical")).toBe(true);
    // The board says which are full while they are: the medium ones of A, not its critical one.
    expect(fullOnBoard(critical.board)).toEqual([{ trackKey: "A", severity: "medium" }]);
    expect(describeFullBoard("A", "medium")).toBe(
      `Track A has ${MAX_OPEN_BLOCKERS_PER_TRACK} open medium blockers: new medium ones are not kept on the board until some are resolved (they stay in its log)`,
    );
    expect(fullOnBoard(resolveBlocker(critical.board, 1, T3))).toEqual([]);
    // A line repeating a kept one still updates it; another track has its own room.
    const again = fromLine(board, "A", "::blocker high test 1 failed", T2);
    expect(again.updated.map((e) => e.blocker)).toEqual(["test 1 failed"]);
    expect(fromLine(board, "B", "::blocker medium slow disk", T2).raised).toHaveLength(1);
    // A report is the track's whole list: 50 new ones replace the 50 open, none dropped.
    const fresh = Array.from({ length: MAX_OPEN_BLOCKERS_PER_TRACK }, (_, i) => ({
      blocker: `lint ${i}`,
      severity: "medium" as const,
      resolutionPlan: null,
    }));
    const replaced = applyBlockerObservation(board, {
      trackKey: "A",
      at: T3,
      source: "report",
      blockers: fresh,
    });
    expect(replaced.raised).toHaveLength(MAX_OPEN_BLOCKERS_PER_TRACK);
    expect(replaced.resolved).toHaveLength(MAX_OPEN_BLOCKERS_PER_TRACK);
    expect(replaced.dropped).toEqual({});
    const tooMany = applyBlockerObservation([], {
      trackKey: "A",
      at: T3,
      source: "report",
      blockers: [...fresh, { blocker: "one more", severity: "medium", resolutionPlan: null }],
    });
    expect(tooMany.raised).toHaveLength(MAX_OPEN_BLOCKERS_PER_TRACK);
    expect(tooMany.dropped).toEqual({ medium: 1 });
  });

  it("orders the board open first, the most severe first, then as raised", () => {
    let board: BlockerEntry[] = [];
    for (const line of [
      "::blocker low a",
      "::blocker critical b",
      "::blocker medium c",
      "::blocker critical d",
    ])
      board = fromLine(board, "A", line, T1).board;
    board = resolveBlocker(board, 2, T2);
    expect([...board].sort(compareForBoard).map((e) => e.blocker)).toEqual(["d", "c", "a", "b"]);
  });

  it("names the most severe blocker in a summary, the latest of those", () => {
    const b = (blocker: string, severity: "critical" | "high" | "medium" | "low") => ({ blocker, severity });
    expect(
      mostSevere([b("a", "medium"), b("b", "critical"), b("c", "medium"), b("d", "critical")])?.blocker,
    ).toBe("d");
    expect(mostSevere([b("a", "low"), b("b", "high")])?.blocker).toBe("b");
    expect(mostSevere([])).toBeNull();
  });
});
