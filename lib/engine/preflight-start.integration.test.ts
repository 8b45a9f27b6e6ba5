// The pre-flight checks in front of a real run's start: a failed check blocks it (the results with the error, an
// event), the lead's override with a reason starts it anyway and is recorded; required variables are never shown.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { startStrayAgent } from "../../test/support/stray-agent";
import { findShimsServing } from "../agents/served-logs";
import { listEvents } from "../db/events";
import { isEngineError } from "./errors";
import { createRealEngine, type RealEngine } from "./real-engine";

let current: RealEngine | null = null;
let dir = "";

afterEach(async () => {
  await current?.close();
  current = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const PLAN = `name: preflight
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 50MB
    requiresEnv: [PARATRACK_TEST_SECRET_KEY]
    command: no-such-program-paratrack --flag
  - key: B
    ram: 50MB
    command: sleep 0.2
`;

it("blocks a start whose checks fail, and starts it with the lead's reason, recorded", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-preflight-"));
  current = createRealEngine({ dataDir: dir, env: { SAMPLE_INTERVAL_MS: "250" } });
  const { engine, db } = current;
  await engine.start();
  process.env.PARATRACK_TEST_SECRET_KEY = "";
  const input = { source: PLAN, fileName: "plan.yaml", baseDir: dir, planPath: null };

  const report = await engine.runs.preflight(input);
  expect(report.ok).toBe(false);
  expect(report.results.filter((r) => !r.ok).map((r) => [r.check, r.track, r.message])).toEqual([
    ["program", "A", "A: no-such-program-paratrack is not on PATH"],
    ["env", "A", "PARATRACK_TEST_SECRET_KEY is not set (the track needs it)"],
  ]);

  const refused = await engine.runs.startRun(input).catch((error: unknown) => error);
  expect(isEngineError(refused) && refused.status).toBe(409);
  expect(engine.runs.activeRun()).toBeNull();
  const [blocked] = await listEvents(db, { limit: 5, kindPrefix: "preflight:" });
  expect(blocked).toMatchObject({
    kind: "preflight:checked",
    runId: null,
    details: { ok: false, override: null },
  });

  await expect(engine.runs.startRun({ ...input, override: "  " })).rejects.toThrow(/needs a reason/);
  const { runId } = await engine.runs.startRun({
    ...input,
    override: "the program is installed by the track itself",
  });
  const events = await listEvents(db, { limit: 20, runId, kindPrefix: "preflight:" });
  expect(events).toHaveLength(1);
  expect(events[0]?.message).toMatch(
    /overridden by the lead .*: the program is installed by the track itself/,
  );
  expect(events[0]?.actor).toBe("lead");
  delete process.env.PARATRACK_TEST_SECRET_KEY;
}, 60_000);

it("never shows a required variable's value", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-preflight-"));
  current = createRealEngine({ dataDir: dir });
  await current.engine.start();
  process.env.PARATRACK_TEST_SECRET_KEY = "sk-very-secret-value";
  const report = await current.engine.runs.preflight({
    source: PLAN,
    fileName: "plan.yaml",
    baseDir: dir,
    planPath: null,
  });
  delete process.env.PARATRACK_TEST_SECRET_KEY;
  expect(report.results.find((r) => r.check === "env")).toMatchObject({ ok: true });
  expect(JSON.stringify(report)).not.toContain("sk-very-secret-value");
}, 60_000);

it("names agents of this data directory that the database does not know, and not the run's own", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-preflight-"));
  // An agent a server started, whose record is gone (the database was emptied while it ran).
  const { agent: stray, logPath: strayLog, shimPid } = await startStrayAgent(dir);
  try {
    current = createRealEngine({ dataDir: dir, env: { SAMPLE_INTERVAL_MS: "250" } });
    await current.engine.start();
    const input = {
      source: "name: own\ntracks:\n  - key: A\n    ram: 50MB\n    command: sleep 30\n",
      fileName: "plan.yaml",
      baseDir: dir,
      planPath: null,
    };
    await current.engine.runs.startRun(input);
    const logs = path.join(dir, "logs");
    const deadline = Date.now() + 10_000;
    while (findShimsServing(logs).length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(findShimsServing(logs)).toHaveLength(2);

    const report = await current.engine.runs.preflight(input);
    expect(report.ok).toBe(true); // a warning: worth reading, it does not block
    expect(report.results.filter((result) => result.check === "agents")).toEqual([
      {
        check: "agents",
        track: null,
        ok: false,
        severity: "warning",
        message:
          "1 agent(s) run from this data directory without a record in the database, so Paratrack neither " +
          "watches nor stops them (was the database emptied or replaced while they ran?): paratrack-shim pid " +
          `${shimPid} (log ${strayLog}). Restore the database, or stop them (kill the process ` +
          "group of each shim's agent) if their work is not wanted.",
      },
    ]);
  } finally {
    await stray.stop(1_000);
  }
}, 60_000);
