// The adapters fed by a real process: test/fixtures/replay-agent.mjs replays a recorded transcript on stdout, the
// bytes go through the supervisor's line splitter, each line through parseAgentLine, the signals into the tally and
// the budget and attention rules — what the engine will do per line.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../../../test/support/transcripts";
import { createLineSplitter } from "../../agents/line-splitter";
import { countAdapterLine, detectAgentKind, EMPTY_ADAPTER_STATS, parseAgentLine } from "./agent-adapter";
import { addSpend, applyUsageSignal, costOf, EMPTY_USAGE_TALLY, NO_SPEND, tokensOf } from "./agent-cost";
import type { AgentKind, AgentSignal } from "./agent-signals";
import { noteAgentOutput, startAttention } from "./attention";
import { decideBudgetActions } from "./budget";

const REPLAY = path.join(FIXTURES_DIR, "replay-agent.mjs");
const dir = mkdtempSync(path.join(tmpdir(), "paratrack-replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Run = { code: number | null; lines: { at: number; signals: AgentSignal[] }[]; stderr: string };

/** Starts the replay agent with a shell command, as the supervisor does, and reads its stdout line by line. */
function runAgent(command: string, kind: AgentKind, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", command], { cwd: dir, env: { ...process.env, ...env } });
    const splitter = createLineSplitter();
    const lines: Run["lines"] = [];
    let stderr = "";
    const take = (texts: string[]) => {
      for (const text of texts) lines.push({ at: performance.now(), signals: parseAgentLine(kind, text) });
    };
    child.stdout.on("data", (chunk: Buffer) => take(splitter.push(chunk)));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      take(splitter.end());
      resolve({ code, lines, stderr });
    });
  });
}

const replay = (fixture: string, extra = "") =>
  `node ${JSON.stringify(REPLAY)} ${JSON.stringify(path.join(FIXTURES_DIR, fixture))} ${extra}`;

describe("a replayed Claude Code run", () => {
  it("lands session, tokens, cost and turns, and reaching the budget pauses the track", async () => {
    const record = path.join(dir, "claude-starts.jsonl");
    const command = `${replay("claude-stream-json.jsonl", "--verbose --output-format stream-json")} -p 'fix the parser'`;
    // The command does not start "claude", so the plan declares the kind (kind: claude), as it would for a wrapper.
    expect(detectAgentKind(command)).toBe("generic");
    const run = await runAgent(`PARATRACK_TRACK=parser ${command}`, detectAgentKind(command, "claude"), {
      REPLAY_RECORD: record,
      REPLAY_RECORD_ENV: "SOME_KEY",
      SOME_KEY: "recorded",
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");

    let tally = EMPTY_USAGE_TALLY;
    let stats = EMPTY_ADAPTER_STATS;
    for (const line of run.lines) {
      stats = countAdapterLine(stats, line.signals);
      for (const signal of line.signals) tally = applyUsageSignal(tally, signal, {});
    }
    expect(stats).toMatchObject({ lines: 11, malformedLines: 0, unknownEvents: {} });
    expect(tally.sessionId).toBe("5b1c6a0e-3f0d-4c62-9a57-2f4a1d7e8c90");
    expect(tally.turns).toBe(4);
    expect(tokensOf(tally)).toEqual({
      inputTokens: 6,
      cachedInputTokens: 63_090,
      cacheWriteTokens: 2_770,
      outputTokens: 625,
    });
    const cost = costOf(tally, {}, null);
    expect(cost).toEqual({ usd: 0.0387075, source: "reported" });

    const budget = decideBudgetActions({
      run: { spend: NO_SPEND, maxCostUsd: null, previous: "ok" },
      tracks: [
        {
          key: "parser",
          spend: addSpend(NO_SPEND, cost),
          maxCostUsd: 0.035,
          previous: "alert",
          isRunning: true,
        },
      ],
    });
    expect(budget.actions).toEqual([
      {
        kind: "budget-pause",
        scope: "track",
        trackKeys: ["parser"],
        reason: "Track parser spent $0.039 of its $0.035 budget (111 %): budget reached; paused",
      },
    ]);

    // How the agent was started, for resume tests: argv and the selected environment.
    const [start] = readFileSync(record, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(start).toMatchObject({
      argv: [
        path.join(FIXTURES_DIR, "claude-stream-json.jsonl"),
        "--verbose",
        "--output-format",
        "stream-json",
        "-p",
        "fix the parser",
      ],
      cwd: dir,
      env: { PARATRACK_TRACK: "parser", SOME_KEY: "recorded" },
    });
  });
});

describe("a replayed agent that waits", () => {
  it("raises attention at the waiting line, and --hold keeps the process alive until SIGTERM", async () => {
    const command = replay("generic-directives.txt", "--delay-ms 20 --hold");
    const child = spawn("/bin/sh", ["-c", `exec ${command}`], { cwd: dir });
    const splitter = createLineSplitter();
    let tracker = startAttention(Date.now());
    let raisedAt: number | null = null;
    let promptAt: number | null = null;
    let lineNumber = 0;
    const finished = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.stdout.on("data", (chunk: Buffer) => {
      for (const line of splitter.push(chunk)) {
        // Compared by line number, not clock: attention must rise on the prompt's own line.
        lineNumber += 1;
        const signals = parseAgentLine("generic", line);
        if (signals.some((signal) => signal.kind === "waiting")) promptAt = lineNumber;
        tracker = noteAgentOutput(tracker, signals, Date.now());
        if (raisedAt === null && tracker.attention.state === "needed") raisedAt = lineNumber;
      }
    });
    // All 17 lines, then the agent holds: it is still running.
    await expect.poll(() => promptAt, { timeout: 20_000 }).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(child.exitCode).toBeNull();
    expect(raisedAt).toBe(promptAt);
    expect(tracker.attention).toMatchObject({
      state: "needed",
      reason: "permission-prompt",
      message: "Do you want to overwrite docs/plan.md? [y/N]",
    });
    child.kill("SIGTERM");
    expect(await finished).toBe(0);
  });
});
