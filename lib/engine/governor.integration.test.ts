// The governor against real agents under a small RAM budget: agents that outgrow their estimates push the
// budget view into Red; the governor must bring it back below Red within the grace period and still finish every track.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { checkPush } from "../contracts/pushes";
import type { MemorySample } from "../domain/types";
import { createRecordingEmitter } from "./emitter";
import { createRealEngine, type RealEngine, waitForRunEnd } from "./real-engine";

let current: RealEngine | null = null;
let dir = "";

afterEach(async () => {
  await current?.close();
  current = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const agent = path.resolve("demo/agent.mjs");

/**
 * Runs a plan on a fresh real engine (samples every 250 ms) until it ends; returns what the engine pushed, each push
 * checked against its contract (lib/contracts/pushes.ts).
 */
async function runToEnd(source: string, env: Record<string, string> = {}, timeoutMs = 90_000) {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-governor-"));
  const emitter = createRecordingEmitter();
  current = createRealEngine({ dataDir: dir, env: { SAMPLE_INTERVAL_MS: "250", ...env }, emitter });
  const { engine } = current;
  await engine.start();
  await engine.runs.startRun({ source, fileName: "plan.yaml", baseDir: dir, planPath: null });
  await waitForRunEnd(engine, timeoutMs);
  // Real samples, zone changes and governor views as the browser gets them: each matches its push contract.
  const mismatches = emitter.sent.flatMap((push) => {
    const mismatch = checkPush(push.event, push.payload);
    return mismatch === null ? [] : [`${push.event}: ${mismatch}`];
  });
  expect(mismatches).toEqual([]);
  const events = emitter.sent
    .filter((s) => s.event === "event:created")
    .map((s) => s.payload as { kind: string; trackKey: string | null; message: string });
  const samples = emitter.sent
    .filter((s) => s.event === "memory:sample")
    .map((s) => s.payload as MemorySample);
  return { engine, events, samples };
}

it("keeps the budget view out of Red after the grace period and completes every track", async () => {
  // Estimates are honest for B and C, too low for A (it grows to ~700 MB against 300 MB planned) and D.
  const { engine, events, samples } = await runToEnd(
    `name: governor test
ram:
  budget: 1.5GB
  graceSeconds: 3
  settleSeconds: 2
maxConcurrent: 4
tracks:
  - key: A
    priority: standard
    ram: 300MB
    command: node ${agent} --mb 650 --child-mb 150 --seconds 8 --steps 4
  - key: B
    priority: critical
    ram: 450MB
    command: node ${agent} --mb 380 --seconds 8 --steps 2
  - key: C
    priority: standard
    ram: 300MB
    command: node ${agent} --mb 250 --seconds 6 --steps 2
  - key: D
    priority: standard
    ram: 200MB
    command: node ${agent} --mb 300 --seconds 5 --steps 2
`,
    { RAM_BUDGET: "1.5GB" },
    150_000,
  );

  expect(engine.runs.trackViews().map((t) => [t.key, t.status])).toEqual([
    ["A", "completed"],
    ["B", "completed"],
    ["C", "completed"],
    ["D", "completed"],
  ]);

  // Starts follow the rules: the critical track first, then plan order among equals while they fit.
  const starts = events.filter((e) => e.kind === "track:started").map((e) => e.trackKey);
  expect(starts.slice(0, 3)).toEqual(["B", "A", "C"]);

  // Red may last at most the grace period (plus a couple of samples to act and for memory to fall).
  let redSince: number | null = null;
  let longestRedMs = 0;
  for (const sample of samples) {
    const at = Date.parse(sample.at);
    if (sample.zone === "red") {
      redSince ??= at;
      longestRedMs = Math.max(longestRedMs, at - redSince);
    } else redSince = null;
  }
  expect(longestRedMs).toBeLessThanOrEqual(3_000 + 2_000);

  // The test only means something if memory really got scarce and the governor acted.
  expect(samples.some((s) => (s.budget?.usedPercent ?? 0) >= 75)).toBe(true);
  expect(events.some((e) => e.kind === "governor:pause" || e.kind === "governor:stop-requeue")).toBe(true);
}, 180_000);

it.each([
  { backfillSeconds: 300, order: ["X", "Z", "Y"], backfilled: true },
  { backfillSeconds: 0, order: ["X", "Y", "Z"], backfilled: false },
])(
  "with backfillSeconds $backfillSeconds real agents start in the order $order",
  async ({ backfillSeconds, order, backfilled }) => {
    // Admission line 75 % of 1.5 GB = 1.125 GB. X (600 MB) starts; Y (700 MB) does not fit beside it; Z (300 MB) does.
    const { engine, events } = await runToEnd(`name: backfill test
ram:
  budget: 1.5GB
  backfillSeconds: ${backfillSeconds}
maxConcurrent: 3
tracks:
  - key: X
    priority: critical
    ram: 600MB
    command: node ${agent} --mb 450 --seconds 4 --steps 2
  - key: Y
    ram: 700MB
    command: node ${agent} --mb 500 --seconds 3 --steps 2
  - key: Z
    priority: low
    ram: 300MB
    command: node ${agent} --mb 150 --seconds 3 --steps 2
`);

    expect(engine.runs.trackViews().map((t) => t.status)).toEqual(["completed", "completed", "completed"]);
    const starts = events.filter((e) => e.kind === "governor:start");
    expect(starts.map((e) => e.trackKey)).toEqual(order);
    expect(starts.some((e) => e.message.includes("(backfill)"))).toBe(backfilled);
  },
  120_000,
);

it("breaks an Orange stall: the only running track is paused, holds the zone up, and is resumed to finish", async () => {
  // P grows to ~790 MB of a 1 GB budget (Orange: 75–85 %) against a 300 MB estimate, then holds it. In Orange
  // the governor pauses it; paused pages stay resident, so the zone stays Orange with nothing running.
  const { engine, events } = await runToEnd(
    `name: stall test
ram:
  budget: 1GB
  settleSeconds: 2
tracks:
  - key: P
    ram: 300MB
    command: node ${agent} --mb 745 --seconds 6 --steps 2
`,
    {},
    60_000,
  );

  expect(engine.runs.trackViews().map((t) => t.status)).toEqual(["completed"]);
  const decisions = events.filter((e) => e.kind.startsWith("governor:"));
  const pause = decisions.findIndex((e) => e.kind === "governor:pause");
  const resume = decisions.findIndex((e) => e.kind === "governor:resume");
  expect(pause).toBeGreaterThanOrEqual(0);
  expect(resume).toBeGreaterThan(pause);
  expect(decisions[pause]?.message).toContain("Orange zone");
  expect(decisions[resume]?.message).toContain("held only by paused tracks");
}, 90_000);
