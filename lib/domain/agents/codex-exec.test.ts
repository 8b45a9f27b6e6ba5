import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readTranscript, replayTranscript } from "../../../test/support/transcripts";
import { costOf, tokensOf } from "./agent-cost";
import { parseCodexExecLine } from "./codex-exec";

describe("parseCodexExecLine on a recorded run", () => {
  const run = replayTranscript("codex", readTranscript("codex-exec-json.jsonl"));

  it("takes the session from thread.started", () => {
    expect(run.perLine[0]).toEqual([{ kind: "session", sessionId: "0199b7e2-4c1a-7d30-9f61-8e2b5a7c3d14" }]);
    expect(run.tally.sessionId).toBe("0199b7e2-4c1a-7d30-9f61-8e2b5a7c3d14");
  });

  it("shows reasoning, commands, edits and the final message as activity, and follows the to-do list", () => {
    const activities = run.signals.flatMap((signal) => (signal.kind === "activity" ? [signal.text] : []));
    expect(activities).toEqual([
      "Scanning the config parser",
      "$ bash -lc 'rg -n parseConfig src'",
      "edit src/config.ts, src/dates.ts",
      "$ bash -lc 'npm test -- parser'",
      "parseConfig accepts ISO dates now; the 14 parser tests pass.",
    ]);
    const todos = run.signals.filter((signal) => signal.kind === "todo");
    expect(todos).toEqual([
      { kind: "todo", completed: 1, total: 3 },
      { kind: "todo", completed: 2, total: 3 },
      { kind: "todo", completed: 3, total: 3 },
    ]);
  });

  it("reads turn.completed usage with the cached tokens split out of the input", () => {
    expect(tokensOf(run.tally)).toEqual({
      inputTokens: 48_210 - 40_960,
      cachedInputTokens: 40_960,
      cacheWriteTokens: 0,
      outputTokens: 1_830,
    });
    expect(run.tally.result).toEqual({ outcome: "success", subtype: "turn.completed", message: null });
    expect(run.stats.unknownEvents).toEqual({});
  });

  it("prices the tokens with the plan's model, and says unknown for a model without a price", () => {
    const prices = { "gpt-5-codex": { inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125 } };
    const priced = costOf(run.tally, prices, "gpt-5-codex");
    expect(priced.source).toBe("priced");
    expect(priced.usd).toBeCloseTo((7_250 * 1.25 + 40_960 * 0.125 + 1_830 * 10) / 1e6, 12);
    expect(costOf(run.tally, prices, "o4-mini")).toEqual({ usd: null, source: "unknown" });
    expect(costOf(run.tally, prices, null)).toEqual({ usd: null, source: "unknown" });
  });
});

describe("parseCodexExecLine on failures and bad input", () => {
  const failed = replayTranscript("codex", readTranscript("codex-exec-json-failed.jsonl"));

  it("raises a sticky wait for a declined command and reports the failed turn", () => {
    expect(failed.signals).toContainEqual({
      kind: "waiting",
      reason: "permission-denied",
      message: "command declined: bash -lc 'git push origin HEAD'",
      sticky: true,
    });
    expect(failed.signals).toContainEqual({ kind: "activity", text: "error: Reconnecting... 1/5" });
    expect(failed.signals).toContainEqual({
      kind: "activity",
      text: "search: rfc 3339 date parsing javascript",
    });
    expect(failed.tally.result).toEqual({
      outcome: "error",
      subtype: "turn.failed",
      message: "stream disconnected before completion: Transport error: network error",
    });
    expect(tokensOf(failed.tally)).toBeNull();
    expect(costOf(failed.tally, {}, "gpt-5-codex")).toEqual({ usd: null, source: "unknown" });
  });

  it("waits for the lead on request_user_input", () => {
    const line =
      '{"type":"request_user_input","id":"turn_1","call_id":"call_1","questions":[{"id":"q1","header":"Branch","question":"Push to main or open a PR?"}]}';
    expect(parseCodexExecLine(line)).toEqual([
      { kind: "waiting", reason: "question", message: "Push to main or open a PR?", sticky: false },
    ]);
  });

  it("counts unknown events and item types, keeps malformed lines as text, ignores plain text", () => {
    expect(parseCodexExecLine('{"type":"thread.archived"}')).toEqual([
      { kind: "unknown-event", eventType: "thread.archived" },
    ]);
    expect(parseCodexExecLine('{"type":"item.started","item":{"id":"i","type":"hologram"}}')).toEqual([
      { kind: "unknown-event", eventType: "item.started:hologram" },
    ]);
    expect(parseCodexExecLine('{"type":"turn.completed","usage":')).toEqual([
      expect.objectContaining({ kind: "malformed", text: '{"type":"turn.completed","usage":' }),
    ]);
    expect(parseCodexExecLine("Reading prompt from stdin...")).toEqual([]);
    // The pre-0.44 "--json" format had no top-level type.
    expect(parseCodexExecLine('{"id":"0","msg":{"type":"task_started"}}')).toEqual([
      { kind: "unknown-event", eventType: "(no type)" },
    ]);
  });

  it("never throws, whatever the line", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.constantFrom(
          "thread.started",
          "turn.completed",
          "turn.failed",
          "item.started",
          "item.completed",
          "error",
        ),
        (body, type) => {
          expect(Array.isArray(parseCodexExecLine(JSON.stringify({ ...body, type })))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
