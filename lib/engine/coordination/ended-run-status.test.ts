// The daily status of a track of a run that has ended, while that run is still the server's current one: its last
// day's, as written at the run's end (or built for that day when not written yet), never a document built for today
// (a run stopped days ago showed a status dated the day it was looked at). Real engine, real agent, real database.
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

it("an ended current run's track status is its last day's, as written at its end or built for that day, not today's", async () => {
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
  const shownNow = await engine.engine.coordination.trackStatus("A", undefined);
  expect(shownNow).toMatchObject({ track: "A", progress_percent: 100 });
  // Written again on demand, the end's documents would be relabelled: refused.
  await until(() => engine!.engine.runs.activeRun()?.finished === true, "the run ended", 20_000);
  await expect(engine.engine.runs.coordination.generateStatus()).rejects.toMatchObject({
    status: 409,
    message: expect.stringContaining("has ended: its documents were written at its end"),
  });
  expect(await db.dailyStatus.count({ where: { runId, trigger: "demand" } })).toBe(0);

  // As if the run had ended on an earlier day: that day's document, as written at the end.
  const earlier = "2026-01-02";
  const row = await db.dailyStatus.findFirstOrThrow({ where: { runId, trackKey: "A" } });
  await db.dailyStatus.update({
    where: { id: row.id },
    data: { date: earlier, document: JSON.stringify({ ...JSON.parse(row.document), date: earlier }) },
  });
  await db.run.update({ where: { id: runId }, data: { endedAt: new Date(2026, 0, 2, 12) } });
  expect(await engine.engine.coordination.trackStatus("A", undefined)).toMatchObject({
    date: earlier,
    track: "A",
    progress_percent: 100,
  });

  // Its last day not written (the server ended the run at shutdown, or its gates still ran): built for that day.
  await db.dailyStatus.deleteMany({ where: { runId } });
  expect(await engine.engine.coordination.trackStatus("A", undefined)).toMatchObject({
    date: earlier,
    track: "A",
    progress_percent: 100,
  });
});
