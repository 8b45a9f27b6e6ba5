// The daily status of a track of a run that has ended, while that run is still the server's current one: what was
// written (its last day's, at the run's end), not a document built for today (a run stopped days ago showed a
// status dated the day it was looked at). Real engine, real agent, real database file.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { until } from "../../../test/support/until";
import { createRealEngine, type RealEngine } from "../real-engine";
import { registerEngine } from "../registry";

let engine: RealEngine | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  registerEngine(undefined);
  await engine?.close();
  engine = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

it("an ended current run's track status is its last written day, not today", async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-ended-status-"));
  engine = createRealEngine({ dataDir, env: { SAMPLE_INTERVAL_MS: "250" } });
  registerEngine(engine.engine);
  await engine.engine.start();
  const { runId } = await engine.engine.runs.startRun({
    source: `name: ended-status
ram: { budget: 1GB }
tracks:
  - key: A
    ram: 20MB
    command: sh -c 'echo "::progress 100"'
`,
    fileName: "plan.yaml",
    baseDir: dataDir,
    planPath: null,
  });
  const db = engine.db;
  await until(
    async () => (await db.dailyStatus.count({ where: { runId, trigger: "run-end" } })) > 0,
    "the run-end status written",
    20_000,
  );
  // As if the run had ended on an earlier day.
  const row = await db.dailyStatus.findFirstOrThrow({ where: { runId, trackKey: "A" } });
  const earlier = "2026-01-02";
  await db.dailyStatus.update({
    where: { id: row.id },
    data: { date: earlier, document: JSON.stringify({ ...JSON.parse(row.document), date: earlier }) },
  });

  const shown = await engine.engine.coordination.trackStatus("A", undefined);
  expect(shown).toMatchObject({ date: earlier, track: "A", progress_percent: 100 });
  // Asked for a day with nothing written: not built afresh either.
  await expect(engine.engine.coordination.trackStatus("A", "2026-01-03")).rejects.toThrow(/no daily status/);
});
