// A real launch that throws after its first agent started: the started agent (a real process under its shim) must
// be ended, not left running unwatched beside a failed track. Real engine, real shim processes, real SQLite file.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, expect, it } from "vitest";
import { until } from "../../../test/support/until";
import { createAgentProcess } from "../../agents/supervisor";
import { loadConfig } from "../../config";
import { listRunAgents } from "../../db/agents";
import { createSqliteClient, type PrismaClient } from "../../db/client";
import { assembleEngine } from "../assemble";
import { createRecordingEmitter } from "../emitter";
import type { Engine } from "../engine";
import { shimsOf } from "./shim-pids";

let engine: Engine | null = null;
let db: PrismaClient | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await engine?.stop({ agents: "stop" });
  await db?.$disconnect();
  if (dataDir) {
    for (const pid of shimsOf(dataDir)) process.kill(pid, "SIGKILL"); // only if the engine left one behind
    rmSync(dataDir, { recursive: true, force: true });
  }
  engine = null;
  db = null;
  dataDir = null;
});

/** Whether the pid runs (a zombie counts as gone: it no longer runs anything). */
function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

it("ends the agent that started when the second agent's launch throws, and the track fails", async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-launch-failure-"));
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: undefined,
    SAMPLE_INTERVAL_MS: "250",
  });
  const url = `file:${path.join(dataDir, "paratrack.db")}`;
  db = createSqliteClient(url);
  let launches = 0;
  engine = assembleEngine({
    config: { ...config, databaseUrl: url },
    db,
    emitter: createRecordingEmitter(),
    logger: pino({ level: "silent" }),
    launch: async (options) => {
      launches += 1;
      if (launches === 2) throw new Error("the second launch is refused (test)");
      return createAgentProcess(options);
    },
  });
  await engine.start();
  const { runId } = await engine.runs.startRun({
    source: `name: launch-failure
ram: { budget: 2GB }
tracks:
  - key: W
    ram: 20MB
    agents:
      - { name: a1, command: 'sleep 600' }
      - { name: a2, command: 'sleep 600' }
`,
    fileName: "plan.yaml",
    baseDir: dataDir,
    planPath: null,
  });
  const status = () => engine!.runs.trackViews().find((t) => t.key === "W")?.status;
  await until(() => status() === "failed", "W failed");
  expect(launches).toBe(2);
  const agents = await listRunAgents(db, runId);
  const first = agents.find((a) => a.name === "a1");
  const pid = first?.identity?.pid;
  const shimPid = first?.identity?.shimPid;
  expect(pid, "the first agent had started").toBeGreaterThan(0);
  // Its process and its shim are gone (SIGTERM, SIGKILL after the grace), and no shim of this run is left.
  await until(() => !alive(pid!) && !alive(shimPid!), "the first agent's process gone", 15_000);
  expect(existsSync(`/proc/${pid}`) ? alive(pid!) : false).toBe(false);
  expect(shimsOf(dataDir)).toEqual([]);
  expect(engine.runs.activeRun()?.finished).toBe(true);
}, 120_000);
