// The governor against real agents under a small RAM budget: agents that outgrow their estimates push the
// budget view into Red; the governor must bring it back below Red within the grace period and still finish every track.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
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

it("keeps the budget view out of Red after the grace period and completes every track", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-governor-"));
  const emitter = createRecordingEmitter();
  current = createRealEngine({
    dataDir: dir,
    env: { SAMPLE_INTERVAL_MS: "250", RAM_BUDGET: "1.5GB" },
    emitter,
  });
  const { engine } = current;
  await engine.start();
  // Estimates are honest for B and C, too low for A (it grows to ~700 MB against 300 MB planned) and D.
  await engine.runs.startRun({
    source: `name: governor test
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
    fileName: "plan.yaml",
    baseDir: dir,
    planPath: null,
  });
  await waitForRunEnd(engine, 150_000);

  const tracks = engine.runs.trackViews();
  expect(tracks.map((t) => [t.key, t.status])).toEqual([
    ["A", "completed"],
    ["B", "completed"],
    ["C", "completed"],
    ["D", "completed"],
  ]);

  // Starts follow the rules: the critical track first, then plan order among equals while they fit.
  const starts = emitter.sent
    .filter((s) => s.event === "event:created" && (s.payload as { kind: string }).kind === "track:started")
    .map((s) => (s.payload as { trackKey: string }).trackKey);
  expect(starts.slice(0, 3)).toEqual(["B", "A", "C"]);

  // Red may last at most the grace period (plus a couple of samples to act and for memory to fall).
  const samples = emitter.sent
    .filter((s) => s.event === "memory:sample")
    .map((s) => s.payload as MemorySample);
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
  const actions = emitter.sent
    .filter(
      (s) => s.event === "event:created" && (s.payload as { kind: string }).kind.startsWith("governor:"),
    )
    .map((s) => (s.payload as { kind: string }).kind);
  expect(samples.some((s) => (s.budget?.usedPercent ?? 0) >= 75)).toBe(true);
  expect(actions.some((kind) => kind === "governor:pause" || kind === "governor:stop-requeue")).toBe(true);
}, 180_000);

it.each([
  { backfillSeconds: 300, order: ["X", "Z", "Y"], backfilled: true },
  { backfillSeconds: 0, order: ["X", "Y", "Z"], backfilled: false },
])(
  "with backfillSeconds $backfillSeconds real agents start in the order $order",
  async ({ backfillSeconds, order, backfilled }) => {
    dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-backfill-"));
    const emitter = createRecordingEmitter();
    current = createRealEngine({ dataDir: dir, env: { SAMPLE_INTERVAL_MS: "250" }, emitter });
    const { engine } = current;
    await engine.start();
    // Admission line 75 % of 1.5 GB = 1.125 GB. X (600 MB) starts; Y (700 MB) does not fit beside it; Z (300 MB) does.
    await engine.runs.startRun({
      source: `name: backfill test
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
`,
      fileName: "plan.yaml",
      baseDir: dir,
      planPath: null,
    });
    await waitForRunEnd(engine, 90_000);

    expect(engine.runs.trackViews().map((t) => t.status)).toEqual(["completed", "completed", "completed"]);
    const starts = emitter.sent
      .filter((s) => s.event === "event:created" && (s.payload as { kind: string }).kind === "governor:start")
      .map((s) => s.payload as { trackKey: string; message: string });
    expect(starts.map((s) => s.trackKey)).toEqual(order);
    expect(starts.some((s) => s.message.includes("(backfill)"))).toBe(backfilled);
  },
  120_000,
);

it("breaks an Orange stall: the only running track is paused, holds the zone up, and is resumed to finish", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-stall-"));
  const emitter = createRecordingEmitter();
  current = createRealEngine({ dataDir: dir, env: { SAMPLE_INTERVAL_MS: "250" }, emitter });
  const { engine } = current;
  await engine.start();
  // P grows to ~790 MB of a 1 GB budget (Orange: 75–85 %) against a 300 MB estimate, then holds it. In Orange
  // the governor pauses it; paused pages stay resident, so the zone stays Orange with nothing running.
  await engine.runs.startRun({
    source: `name: stall test
ram:
  budget: 1GB
  settleSeconds: 2
tracks:
  - key: P
    ram: 300MB
    command: node ${agent} --mb 745 --seconds 6 --steps 2
`,
    fileName: "plan.yaml",
    baseDir: dir,
    planPath: null,
  });
  await waitForRunEnd(engine, 60_000);

  expect(engine.runs.trackViews().map((t) => t.status)).toEqual(["completed"]);
  const decisions = emitter.sent
    .filter(
      (s) => s.event === "event:created" && (s.payload as { kind: string }).kind.startsWith("governor:"),
    )
    .map((s) => s.payload as { kind: string; message: string });
  const pause = decisions.findIndex((d) => d.kind === "governor:pause");
  const resume = decisions.findIndex((d) => d.kind === "governor:resume");
  expect(pause).toBeGreaterThanOrEqual(0);
  expect(resume).toBeGreaterThan(pause);
  expect(decisions[pause]?.message).toContain("Orange zone");
  expect(decisions[resume]?.message).toContain("held only by paused tracks");
}, 90_000);
