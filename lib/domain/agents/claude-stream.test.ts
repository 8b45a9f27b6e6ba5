import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readTranscript, replayTranscript } from "../../../test/support/transcripts";
import { costOf, tokensOf } from "./agent-cost";
import { parseClaudeStreamLine } from "./claude-stream";

const SESSION = "5b1c6a0e-3f0d-4c62-9a57-2f4a1d7e8c90";
// Sonnet 4.5 list prices per million tokens (the fixture's total_cost_usd is its usage at these prices).
const PRICES = {
  "claude-sonnet-4-5": {
    inputPerMTok: 3,
    outputPerMTok: 15,
    cachedInputPerMTok: 0.3,
    cacheWritePerMTok: 3.75,
  },
};

describe("parseClaudeStreamLine on a recorded run", () => {
  const lines = readTranscript("claude-stream-json.jsonl");
  const run = replayTranscript("claude", lines);

  it("finds the session and the model in system/init", () => {
    expect(run.perLine[0]).toEqual([
      { kind: "session", sessionId: SESSION },
      { kind: "model", model: "claude-sonnet-4-5-20250929" },
    ]);
    expect(run.tally.sessionId).toBe(SESSION);
  });

  it("turns text and tool calls into activity lines, and TodoWrite into a to-do count", () => {
    const activities = run.signals.flatMap((signal) => (signal.kind === "activity" ? [signal.text] : []));
    expect(activities).toEqual([
      "I'll start by reading the config parser and its tests.",
      "Read: /work/demo/parser/src/config.ts",
      "Handling ISO dates in parseConfig",
      "Bash: npm test -- parser",
      "parseConfig now accepts ISO dates. I could not run the tests: running Bash needs your permission.",
    ]);
    expect(run.signals).toContainEqual({ kind: "todo", completed: 1, total: 3 });
  });

  it("raises a sticky wait for the denied permission, from the tool result and from the result", () => {
    const waits = run.signals.filter((signal) => signal.kind === "waiting");
    expect(waits).toEqual([
      { kind: "waiting", reason: "permission-denied", message: "permission needed: Bash", sticky: true },
      { kind: "waiting", reason: "permission-denied", message: "permission needed: Bash", sticky: true },
    ]);
  });

  it("reads cost, usage, turns and the outcome from the result", () => {
    expect(run.perLine.at(-1)).toEqual([
      { kind: "session", sessionId: SESSION },
      {
        kind: "tokens",
        scope: "total",
        usage: { inputTokens: 6, cachedInputTokens: 63_090, cacheWriteTokens: 2_770, outputTokens: 625 },
      },
      { kind: "cost", usd: 0.0387075 },
      { kind: "turns", count: 4 },
      { kind: "waiting", reason: "permission-denied", message: "permission needed: Bash", sticky: true },
      { kind: "result", outcome: "success", subtype: "success", message: null },
    ]);
    expect(run.tally.turns).toBe(4);
    expect(run.tally.result).toEqual({ outcome: "success", subtype: "success", message: null });
    expect(costOf(run.tally, {}, null)).toEqual({ usd: 0.0387075, source: "reported" });
  });

  it("counts each message once although its usage repeats on every content block", () => {
    const beforeResult = replayTranscript("claude", lines.slice(0, -1), PRICES);
    // Four messages; the first one's usage appears twice (text block, then tool_use block).
    expect(tokensOf(beforeResult.tally)).toEqual({
      inputTokens: 6,
      cachedInputTokens: 63_090,
      cacheWriteTokens: 2_770,
      outputTokens: 625,
    });
    // Live cost from the price table before the result arrives matches what Claude Code reports at the end.
    const live = costOf(beforeResult.tally, PRICES, null);
    expect(live.source).toBe("priced");
    expect(live.usd).toBeCloseTo(0.0387075, 9);
  });

  it("reads an error result after a resume: the new session id and the error", () => {
    const resumed = replayTranscript("claude", readTranscript("claude-stream-json-resumed.jsonl"));
    expect(resumed.tally.sessionId).toBe("9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4");
    expect(resumed.tally.result).toEqual({
      outcome: "error",
      subtype: "error_max_turns",
      message: "Reached maximum number of turns (12)",
    });
    expect(resumed.signals).toContainEqual({
      kind: "activity",
      text: "Edit: /work/demo/parser/src/dates.ts",
    });
    expect(costOf(resumed.tally, {}, null)).toEqual({ usd: 0.2145, source: "reported" });
  });
});

describe("parseClaudeStreamLine on bad and drifting input", () => {
  const drift = replayTranscript("claude", readTranscript("claude-stream-json-drift.jsonl"));

  it("ignores and counts unknown event types, keeps a cut-off line as malformed text, and still reads the rest", () => {
    expect(drift.stats.unknownEvents).toEqual({ session_telemetry: 2, workspace_snapshot: 1 });
    expect(drift.stats.malformedLines).toBe(1);
    const malformed = drift.signals.find((signal) => signal.kind === "malformed");
    expect(malformed).toMatchObject({ text: expect.stringContaining('"model":"claude-haiku-4-5-2025') });
    expect(drift.tally.sessionId).toBe("c0ffee00-1111-4222-8333-444455556666");
    expect(drift.tally.result?.outcome).toBe("success");
    expect(costOf(drift.tally, {}, null)).toEqual({ usd: 0.00131, source: "reported" });
  });

  it("gives plain text no signals and non-object JSON an unknown event", () => {
    expect(parseClaudeStreamLine("Warning: lockfile was written by a newer npm")).toEqual([]);
    expect(parseClaudeStreamLine("")).toEqual([]);
    expect(parseClaudeStreamLine("{}")).toEqual([{ kind: "unknown-event", eventType: "(no type)" }]);
    expect(parseClaudeStreamLine('{"type":"stream_event","event":{"type":"message_start"}}')).toEqual([]);
  });

  it("turns a result without usage into what it has, and a nonsense cost into nothing", () => {
    const signals = parseClaudeStreamLine(
      '{"type":"result","subtype":"error_during_execution","is_error":true,"total_cost_usd":"free","session_id":"s 1"}',
    );
    expect(signals).toEqual([
      {
        kind: "result",
        outcome: "error",
        subtype: "error_during_execution",
        message: "error_during_execution",
      },
    ]);
  });

  it("asks for the lead when Claude Code asks its host for a tool permission", () => {
    const line =
      '{"type":"control_request","request_id":"req_1","request":{"subtype":"can_use_tool","tool_name":"Bash","input":{"command":"rm -rf build"}}}';
    expect(parseClaudeStreamLine(line)).toEqual([
      { kind: "waiting", reason: "permission-prompt", message: "asks to use Bash", sticky: false },
    ]);
  });

  it("never throws, whatever the line", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        (line) => {
          expect(Array.isArray(parseClaudeStreamLine(line))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.constantFrom("assistant", "user", "result", "system"),
        (body, type) => {
          expect(Array.isArray(parseClaudeStreamLine(JSON.stringify({ ...body, type })))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
