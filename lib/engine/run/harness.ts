// A run controller for tests: the real systems on a real SQLite file in a temp directory, with fake agents, a
// fake clock and a fake monitor (fakes.ts). Each sample is made and handed over by the test: tick().
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { loadConfig } from "../../config";
import { createSqliteClient, type PrismaClient } from "../../db/client";
import type { WriteBehind } from "../../db/write-behind";
import { DEFAULT_ZONES } from "../../domain/plan/plan-defaults";
import type { TrackStatus } from "../../domain/types";
import type { TrackView } from "../../domain/views";
import type { GitRunner } from "../../git/git-runner";
import type { OllamaClient } from "../../models/ollama";
import { createRecordingEmitter } from "../emitter";
import { createEventLog } from "../event-log";
import type { SlurmExecutor } from "../executors/slurm-executor";
import { inProcessPlans } from "../plan-service";
import { createRunController, type RunController } from "./controller";
import { createFakeClock, createFakeLauncher, createFakeMonitor } from "./fakes";
import { createRunStore, type RunStore } from "./store";

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/**
 * Builds the controller; `wrapStore` lets a test make a database function fail; `dir` runs it on the data directory
 * of an earlier harness (as the next server process on the same database), which is then left for the caller to remove.
 */
export async function createHarness(
  opts: {
    wrapStore?: (store: RunStore) => RunStore;
    dir?: string;
    keepDir?: boolean;
    /** A model server (tests use the Ollama stand-in) and how often it is asked. */
    ollama?: OllamaClient;
    modelPollMs?: number;
    git?: GitRunner;
    /** Issue 16: a Slurm executor for tracks with executor: slurm (tests on a real cluster). */
    slurm?: SlurmExecutor;
    /** How the run's saves are written (a write-behind queue, to test database outages); default: at once. */
    writes?: WriteBehind;
  } = {},
) {
  // In memory where the machine offers it: the tests write often, and an fsync per write is what they would wait on.
  const dir =
    opts.dir ?? mkdtempSync(path.join(existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "paratrack-run-"));
  const ownsDir = opts.dir === undefined && opts.keepDir !== true;
  const config = loadConfig({ DATA_DIR: dir, SAMPLE_INTERVAL_MS: "1000" });
  const db: PrismaClient = createSqliteClient(`file:${path.join(dir, "paratrack.db")}`);
  const logs: { level: number; msg: string; operation?: string }[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const emitter = createRecordingEmitter();
  const clock = createFakeClock();
  // Events on the same clock as spans and decisions, as in the engine (the retrospective matches them by time).
  const events = createEventLog({ db, emitter, logger, now: clock.now });
  const launcher = createFakeLauncher();
  const monitor = createFakeMonitor(clock, { ...DEFAULT_ZONES });
  const store = createRunStore(db);
  const build = (): RunController =>
    createRunController({
      config,
      store: opts.wrapStore ? opts.wrapStore(store) : store,
      emitter,
      events,
      logger,
      monitor,
      now: clock.now,
      launch: launcher.launch,
      adopt: launcher.adopt,
      measure: launcher.measure,
      baseUrl: () => "",
      plans: inProcessPlans(),
      ...(opts.git ? { git: opts.git } : {}),
      ...(opts.slurm ? { slurm: opts.slurm } : {}),
      ...(opts.writes ? { writes: opts.writes } : {}),
      ...(opts.ollama ? { ollama: opts.ollama, modelPollMs: opts.modelPollMs ?? 50 } : {}),
    });
  let controller = build();

  const track = (key: string): TrackView => {
    const view = controller.trackViews().find((t) => t.key === key);
    if (!view) throw new Error(`no track ${key}`);
    return view;
  };

  return {
    dir,
    db,
    config,
    eventLog: events,
    get controller() {
      return controller;
    },
    /**
     * The server dies (kill -9) and a new one starts on the same database: the agents live on (the fake launcher
     * keeps them), the old controller hears nothing more, the new one takes the run over.
     */
    async restart(beforeStart: () => void | Promise<void> = () => undefined) {
      launcher.crash();
      // Its loops (the coordination poller, agent watch) die with it.
      await controller.halt();
      await beforeStart();
      controller = build();
      const summary = await controller.recoverAfterRestart();
      await settle();
      return summary;
    },
    clock,
    launcher,
    monitor,
    emitter,
    logs,
    track,
    statuses: (): Record<string, TrackStatus> =>
      Object.fromEntries(controller.trackViews().map((t) => [t.key, t.status])),
    /** Starts a plan (YAML tracks under a header with these ram settings). */
    async start(yaml: string) {
      monitor.sampleFor(0);
      return controller.startRun({ source: yaml, fileName: "plan.yaml", baseDir: dir, planPath: null });
    },
    /** Moves the clock on, measures the agents, samples and runs the governor, then lets the work settle. */
    async tick(ms = 1000) {
      clock.advance(ms);
      await controller.onSample(monitor.sampleFor(controller.measureAgents()));
      await settle();
    },
    /** The kinds of the events pushed so far, in order, with their tracks. */
    events: () =>
      emitter.sent
        .filter((s) => s.event === "event:created")
        .map((s) => s.payload as { kind: string; trackKey: string | null; message: string }),
    async dispose() {
      await controller.shutdown("test over");
      await db.$disconnect();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Lets queued work (exit handlers, background stops, database writes) run: a few turns of the event loop. */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Waits (in real time, briefly) until `check` holds; for work that crosses the database. */
export async function until(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
