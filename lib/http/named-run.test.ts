// ?runId= on a real engine and database: an id, "current" (the live run, else the newest) or none.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { createRealEngine, type RealEngine, waitForRunEnd } from "../engine/real-engine";
import { namedRunId } from "./named-run";

let current: RealEngine | null = null;
let dir = "";

afterEach(async () => {
  await current?.close();
  current = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('takes "current" as the live run, an id as itself, and answers 404 for a run that is not there', async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-named-run-"));
  current = createRealEngine({ dataDir: dir, env: { RAM_BUDGET: "4GB" } });
  const { engine } = current;
  await engine.start();
  expect(await namedRunId(engine, undefined)).toBeUndefined();
  await expect(namedRunId(engine, "current")).rejects.toThrow("no run has started yet");

  const run = await engine.runs.startRun({
    source: "name: t\ntracks:\n  - key: A\n    command: echo done\n",
    fileName: "plan.yaml",
    baseDir: dir,
    planPath: null,
  });
  await waitForRunEnd(engine, 30_000);
  expect(await namedRunId(engine, "current")).toBe(run.runId);
  expect(await namedRunId(engine, run.runId)).toBe(run.runId);
  await expect(namedRunId(engine, "nope")).rejects.toThrow('no run "nope" (GET /api/runs lists the runs)');
  // What the events route then lists: this run's own events.
  const events = await engine.listEvents({ limit: 50, runId: await namedRunId(engine, "current") });
  expect(events.length).toBeGreaterThan(0);
  expect(events.every((event) => event.runId === run.runId)).toBe(true);
}, 60_000);
