import { describe, expect, it } from "vitest";
import { readTranscript, replayTranscript } from "../../../test/support/transcripts";
import { addSpend, costOf, NO_SPEND, type Spend } from "./agent-cost";
import {
  type BudgetInput,
  type BudgetLevel,
  checkBudget,
  decideBudgetActions,
  describeBudget,
} from "./budget";

const spent = (usd: number, unknownParts = 0): Spend => ({ usd, unknownParts });

function track(
  key: string,
  usd: number,
  maxCostUsd: number | null,
  previous: BudgetLevel = "ok",
  isRunning = true,
) {
  return { key, spend: spent(usd), maxCostUsd, previous, isRunning };
}

const noRunBudget: BudgetInput["run"] = { spend: NO_SPEND, maxCostUsd: null, previous: "ok" };

describe("checkBudget", () => {
  it("is ok below 80 %, alert from 80 %, exceeded from 100 %", () => {
    expect(checkBudget(spent(3.99), 5).level).toBe("ok");
    expect(checkBudget(spent(4), 5).level).toBe("alert");
    expect(checkBudget(spent(5), 5).level).toBe("exceeded");
    expect(checkBudget(spent(9), 5)).toMatchObject({ level: "exceeded", fraction: 1.8 });
  });

  it("has no level without a budget, and treats a zero budget as spent at the first cent", () => {
    expect(checkBudget(spent(1000), null)).toMatchObject({ level: "ok", fraction: null });
    expect(checkBudget(spent(0), 0).level).toBe("exceeded");
    expect(checkBudget(spent(0.01), 0).level).toBe("exceeded");
  });

  it("says when part of the spend is unknown", () => {
    expect(describeBudget("Track A", checkBudget(spent(4.1, 1), 5))).toBe(
      "Track A spent $4.10 + unknown of its $5.00 budget (82 %): 80 % of the budget",
    );
  });
});

describe("decideBudgetActions", () => {
  it("alerts once at 80 % and pauses the track at 100 % with the reason", () => {
    const first = decideBudgetActions({ run: noRunBudget, tracks: [track("A", 4.2, 5)] });
    expect(first.actions).toEqual([
      {
        kind: "budget-alert",
        scope: "track",
        trackKey: "A",
        reason: "Track A spent $4.20 of its $5.00 budget (84 %): 80 % of the budget",
      },
    ]);
    const again = decideBudgetActions({
      run: noRunBudget,
      tracks: [track("A", 4.5, 5, first.levels.tracks.A)],
    });
    expect(again.actions).toEqual([]);
    const full = decideBudgetActions({
      run: noRunBudget,
      tracks: [track("A", 5.01, 5, again.levels.tracks.A)],
    });
    expect(full.actions).toEqual([
      {
        kind: "budget-pause",
        scope: "track",
        trackKeys: ["A"],
        reason: "Track A spent $5.01 of its $5.00 budget (100 %): budget reached; paused",
      },
    ]);
    expect(full.levels.tracks).toEqual({ A: "exceeded" });
    // Resumed by the lead while still over: no second pause until the budget is raised and reached again.
    expect(decideBudgetActions({ run: noRunBudget, tracks: [track("A", 6, 5, "exceeded")] }).actions).toEqual(
      [],
    );
    const raised = decideBudgetActions({ run: noRunBudget, tracks: [track("A", 6, 10, "exceeded")] });
    expect(raised.levels.tracks.A).toBe("ok");
  });

  it("only alerts for a track that is over its budget but not running", () => {
    const { actions } = decideBudgetActions({ run: noRunBudget, tracks: [track("A", 7, 5, "ok", false)] });
    expect(actions).toEqual([expect.objectContaining({ kind: "budget-alert", trackKey: "A" })]);
  });

  it("pauses every running track when the run's budget is reached", () => {
    const tracks = [track("A", 3, null), track("B", 4, null), track("C", 1, null, "ok", false)];
    const run = {
      spend: tracks.reduce((sum, t) => addSpend(sum, t.spend), NO_SPEND),
      maxCostUsd: 8,
      previous: "alert" as const,
    };
    const { actions, levels } = decideBudgetActions({ run, tracks });
    expect(actions).toEqual([
      {
        kind: "budget-pause",
        scope: "run",
        trackKeys: ["A", "B"],
        reason: "The run spent $8.00 of its $8.00 budget (100 %): budget reached; paused A, B",
      },
    ]);
    expect(levels.run).toBe("exceeded");
  });

  it("pauses a track whose replayed Claude run costs more than its budget", () => {
    const replay = replayTranscript("claude", readTranscript("claude-stream-json.jsonl"));
    const cost = costOf(replay.tally, {}, null);
    const spend = addSpend(NO_SPEND, cost);
    const { actions } = decideBudgetActions({
      run: noRunBudget,
      tracks: [{ key: "parser", spend, maxCostUsd: 0.03, previous: "ok", isRunning: true }],
    });
    expect(actions).toEqual([expect.objectContaining({ kind: "budget-pause", trackKeys: ["parser"] })]);
  });
});
