// Real coding agents' output in a real run: test/fixtures/replay-agent.mjs replays recorded Claude Code, Codex and
// generic transcripts as real processes under the shim; their progress, tokens, dollars and sessions land on the
// tracks and the agents' rows, a permission denial needs the lead, and a track over its budget is paused at 100 %.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { FIXTURES_DIR } from "../../test/support/transcripts";
import { until } from "../../test/support/until";
import { listReports } from "../db/reports";
import { createRecordingEmitter } from "./emitter";
import { createRealEngine, type RealEngine } from "./real-engine";

let current: RealEngine | null = null;
let dir = "";

afterEach(async () => {
  await current?.close();
  current = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const replay = (transcript: string, ...flags: string[]) =>
  `node ${path.join(FIXTURES_DIR, "replay-agent.mjs")} ${path.join(FIXTURES_DIR, transcript)} --delay-ms 20 ${flags.join(" ")}`;

it("puts the transcripts' progress, tokens, cost and session on the tracks, and pauses the one over its budget", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-replay-run-"));
  const emitter = createRecordingEmitter();
  current = createRealEngine({ dataDir: dir, env: { SAMPLE_INTERVAL_MS: "250" }, emitter });
  const { engine, db } = current;
  await engine.start();
  const { runId } = await engine.runs.startRun({
    source: `name: replay
ram:
  budget: 2GB
maxConcurrent: 4
prices:
  gpt-5-codex: { inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125 }
tracks:
  - key: C
    ram: 100MB
    kind: claude
    maxCostUsd: 0.03
    command: ${replay("claude-stream-json.jsonl", "--hold")}
  - key: X
    ram: 100MB
    kind: codex
    model: { cloud: gpt-5-codex }
    command: ${replay("codex-exec-json.jsonl")}
  - key: G
    ram: 100MB
    command: ${replay("generic-directives.txt")}
`,
    fileName: "plan.yaml",
    baseDir: dir,
    planPath: null,
  });
  const track = (key: string) => {
    const view = engine.runs.trackViews().find((t) => t.key === key);
    if (!view) throw new Error(`no track ${key}`);
    return view;
  };
  await until(
    () => track("X").status === "completed" && track("G").status === "completed",
    "X and G complete",
  );
  await until(() => track("C").status === "paused", "C paused by its budget");

  // Claude Code: the result's dollars (over the $0.03 budget: paused with the reason), tokens, its to-do list's
  // progress, and a permission it was denied, which waits for the lead.
  expect(track("C")).toMatchObject({
    pausedBy: "budget",
    progress: 33,
    usage: { costUsd: 0.0387075, unknownCostParts: 0, maxCostUsd: 0.03, budgetLevel: "exceeded" },
    attention: { reason: "permission-denied" },
  });
  expect(track("C").usage.tokens).toEqual({
    inputTokens: 6,
    cachedInputTokens: 63_090,
    cacheWriteTokens: 2_770,
    outputTokens: 625,
  });
  expect(track("C").pauseReason).toMatch(
    /Track C spent \$0\.039 of its \$0\.03 budget \(129 %\): budget reached/,
  );
  // Codex: tokens priced from the plan's table (it reports no dollars).
  expect(track("X").usage.costUsd).toBeCloseTo((7_250 * 1.25 + 40_960 * 0.125 + 1_830 * 10) / 1e6, 9);
  // Generic: ::tokens and ::cost.
  expect(track("G").usage).toMatchObject({
    costUsd: 0.21,
    tokens: { inputTokens: 5_400, outputTokens: 1_250 },
  });

  await engine.runs.leadAction("C", "stop");
  const agents = await db.agent.findMany({ where: { track: { runId } }, include: { track: true } });
  const agentOf = (key: string) => agents.find((a) => a.track.key === key);
  expect(agentOf("C")).toMatchObject({
    kind: "claude",
    sessionId: "5b1c6a0e-3f0d-4c62-9a57-2f4a1d7e8c90",
    costUsd: 0.0387075,
    costSource: "reported",
    turns: 4,
    result: "success",
    usageModel: "claude-sonnet-4-5-20250929",
  });
  expect(agentOf("X")).toMatchObject({
    kind: "codex",
    sessionId: "0199b7e2-4c1a-7d30-9f61-8e2b5a7c3d14",
    costSource: "priced",
    outputTokens: 1_830,
    result: "turn.completed",
  });
  expect(agentOf("G")).toMatchObject({ kind: "generic", sessionId: "docs-run-7f3a", costUsd: 0.21 });

  // Progress went the report path: the generic ::progress lines and Codex's to-do list (1, 2, 3 of 3).
  const progressOf = async (key: string) =>
    (await listReports(db, agentOf(key)!.trackId, 50))
      .map((r) => r.report.progressPercent)
      .filter((p) => p !== undefined)
      .reverse();
  expect(await progressOf("X")).toEqual([33, 67, 100]);
  expect((await progressOf("G")).length).toBeGreaterThanOrEqual(3);

  const kinds = emitter.sent
    .filter((s) => s.event === "event:created")
    .map((s) => (s.payload as { kind: string; trackKey: string | null }).kind);
  expect(kinds).toContain("budget:exceeded");
  expect(kinds).toContain("attention:raised");
  expect(kinds).toContain("preflight:checked");
}, 90_000);
