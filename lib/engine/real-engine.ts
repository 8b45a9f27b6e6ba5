// An engine made of the real parts (SQLite file, /proc, real agent processes) without the web server:
// used by the headless CLI, the integration tests and the governor benchmark.
import { mkdirSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { type Config, loadConfig } from "../config";
import { createSqliteClient, type PrismaClient } from "../db/client";
import { assembleEngine } from "./assemble";
import { createRecordingEmitter, type Emitter } from "./emitter";
import type { Engine } from "./engine";

/** The engine, and its database for tests that inspect stored rows through lib/db. */
export type RealEngine = { engine: Engine; config: Config; db: PrismaClient; close(): Promise<void> };

/** Builds an engine on a SQLite file in `dataDir`; env values override the process's (e.g. RAM_BUDGET). */
export function createRealEngine(opts: {
  dataDir: string;
  env?: Record<string, string>;
  emitter?: Emitter;
  logLevel?: string;
  modelPollMs?: number;
}): RealEngine {
  mkdirSync(opts.dataDir, { recursive: true });
  const config = loadConfig({ ...process.env, DATA_DIR: opts.dataDir, DATABASE_URL: undefined, ...opts.env });
  const url = `file:${path.join(opts.dataDir, "paratrack.db")}`;
  const db = createSqliteClient(url);
  const engine = assembleEngine({
    config: { ...config, databaseUrl: url },
    db,
    emitter: opts.emitter ?? createRecordingEmitter(),
    logger: pino({ level: opts.logLevel ?? "silent" }),
    ...(opts.modelPollMs ? { modelPollMs: opts.modelPollMs } : {}),
  });
  return {
    engine,
    config,
    db,
    async close() {
      // Tests and benchmarks own their agents: end them.
      await engine.stop({ agents: "stop" });
      await db.$disconnect();
    },
  };
}

/** Resolves when the engine's current run has ended (or rejects after timeoutMs). */
export async function waitForRunEnd(engine: Engine, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!engine.runs.activeRun()?.finished) {
    if (Date.now() > deadline) throw new Error(`the run did not end within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
