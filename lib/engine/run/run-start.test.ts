// Starting a run on a real engine (real SQLite file, real agent processes): two starts at once must not both pass the
// "no run is running" check while the first one is still validating and storing; exactly one run starts.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { until } from "../../../test/support/until";
import { listRunAgents } from "../../db/agents";
import { listRuns } from "../../db/runs";
import { isEngineError } from "../errors";
import { createRealEngine, type RealEngine } from "../real-engine";

let current: RealEngine | null = null;
let dir = "";

afterEach(async () => {
  await current?.close();
  current = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = "";
});

const PLAN = `name: race
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 20MB
    command: sleep 600
`;

it("starts one run when three starts arrive at once; the others are refused with 409", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-run-start-"));
  current = createRealEngine({ dataDir: dir, env: { SAMPLE_INTERVAL_MS: "250" } });
  const { engine, db } = current;
  await engine.start();
  const input = { source: PLAN, fileName: "plan.yaml", baseDir: dir, planPath: null, override: "test" };

  const outcomes = await Promise.allSettled([1, 2, 3].map(() => engine.runs.startRun(input)));
  const started = outcomes.filter((o) => o.status === "fulfilled");
  const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
  expect(started).toHaveLength(1);
  expect(refused).toHaveLength(2);
  for (const error of refused) {
    expect(isEngineError(error) && error.status).toBe(409);
    expect((error as Error).message).toMatch(/a run is starting|is still running/);
  }
  const runs = await listRuns(db);
  expect(runs.map((r) => r.status)).toEqual(["running"]);
  const runId = runs[0]!.id;
  expect(engine.runs.activeRun()?.id).toBe(runId);

  // Its agent runs, and a start now (the run is the active one) is refused as before.
  await until(() => engine.runs.trackViews().find((t) => t.key === "A")?.status === "running", "A running");
  expect((await listRunAgents(db, runId)).map((a) => a.name)).toEqual(["A"]);
  const again = await engine.runs.startRun(input).catch((error: unknown) => error);
  expect(isEngineError(again) && again.status).toBe(409);
  expect((again as Error).message).toMatch(/is still running/);
}, 30_000);

it("a start that fails gives the claim back: the next start goes ahead", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-run-start-"));
  current = createRealEngine({ dataDir: dir, env: { SAMPLE_INTERVAL_MS: "250" } });
  const { engine, db } = current;
  await engine.start();
  const input = { fileName: "plan.yaml", baseDir: dir, planPath: null, override: "test" };

  const rejected = await engine.runs
    .startRun({ ...input, source: "name: broken\ntracks: 3\n" })
    .catch((error: unknown) => error);
  expect(isEngineError(rejected) && rejected.status).toBe(400);
  await engine.runs.startRun({ ...input, source: PLAN });
  expect((await listRuns(db)).map((r) => r.status)).toEqual(["running"]);
}, 30_000);
