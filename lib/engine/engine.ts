// The running orchestrator: monitor → domain decisions → agents; persists; emits. Built from its parts so tests can
// swap them (lib/engine/assemble.ts puts in the real ones). Route handlers reach everything through it: the run
// controller, the read-side queries and the phase, retrospective and Gantt services.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../config";
import {
  createDatabaseAvailability,
  type DatabaseAvailability,
  type DatabaseState,
} from "../db/availability";
import { isPostgresUrl } from "../db/client";
import { listEvents } from "../db/events";
import type { PrismaClient } from "../db/generated/client";
import { latestMemorySample, listMemorySamples } from "../db/memory-samples";
import { listRuns } from "../db/runs";
import { createWriteBehind, type WriteBehind } from "../db/write-behind";
import { checkUnknownAgents } from "../domain/plan/preflight";
import type { MemorySample, PtEvent } from "../domain/types";
import type { RunView } from "../domain/views";
import { createEngineMetrics, type EngineMetrics } from "../metrics/engine-metrics";
import { createOllamaClient, type OllamaClient } from "../models/ollama";
import type { MachineMemoryReading } from "../monitor/system-memory";
import { runPreflight } from "../preflight/run-preflight";
import { VERSION } from "../version";
import type { AgentAdopter, AgentLauncher, AgentMeasurer } from "./agent-port";
import { type CoordinationQueries, createCoordinationQueries } from "./coordination-queries";
import { databaseOutageEvents } from "./database-outage";
import type { Emitter } from "./emitter";
import { createEventLog, type EventLog } from "./event-log";
import type { SlurmExecutor } from "./executors/slurm-executor";
import { createGanttQuery, type GanttQuery } from "./gantt-query";
import { createGateRecorder, type GateRecorder } from "./gate-recorder";
import { createMemoryMonitor, type MemoryMonitor } from "./memory-monitor";
import { createPhaseService, type PhaseService } from "./phase-service";
import { createPlanService, type PlanService } from "./plan-service";
import { createRetroService, type RetroService } from "./retro-service";
import { createOwnership, type Ownership } from "./roles/ownership";
import { createRunController, type RunController } from "./run/controller";
import type { ShutdownMode } from "./run/shutdown";
import { createRunStore } from "./run/store";
import { createRunDeletion, type RunDeletion } from "./run-deletion";
import { createTrackQueries, type TrackQueries } from "./track-queries";
import { checkDataDirAgents, findUnknownAgents } from "./unknown-agents";

export type EngineDeps = {
  config: Config;
  db: PrismaClient;
  readMemory: () => Promise<MachineMemoryReading>;
  emitter: Emitter;
  logger: Logger;
  launch: AgentLauncher;
  adopt: AgentAdopter;
  measure: AgentMeasurer;
  now?: () => number;
  /** The local model server; default: a client for config.ollamaHost (null: none). */
  ollama?: OllamaClient | null;
  /** How often the model server is asked what it has loaded (default 5 s). */
  modelPollMs?: number;
  /** The run's writes; default: a write-behind queue (lib/db/write-behind.ts) recording outages as events. */
  writes?: WriteBehind;
  /** One engine per database; default: the owner file (SQLite) or an advisory lock (PostgreSQL). */
  ownership?: Ownership;
  /** Issue 16: the executor of tracks with `executor: slurm`; absent or null: none (they fail, saying why). */
  slurm?: SlurmExecutor | null;
};

export type Engine = {
  /** Distinguishes instances: a route handler and server.ts must see the same one. */
  readonly instanceId: string;
  readonly config: Config;
  readonly events: EventLog;
  readonly monitor: MemoryMonitor;
  readonly runs: RunController;
  /** Tracks, track details, logs, runs and per-track memory: the live run from memory, past runs stored. */
  readonly queries: TrackQueries;
  /** Validation and planning of plans, in a worker thread. */
  readonly plans: PlanService;
  /** The five phases and their gates: read, tick, advance. */
  readonly phases: PhaseService;
  /** Success metrics, the retrospective and its Markdown. */
  readonly retro: RetroService;
  /** The plan-versus-actual Gantt and the plan a run was started from. */
  readonly gantt: GanttQuery;
  /** Conflicts, blockers, handoffs, daily statuses and the integration of a run (issue 13); changes go through runs. */
  readonly coordination: CoordinationQueries;
  /** This engine's hold on its database (start() claims it, stop() releases it). */
  readonly ownership: Ownership;
  /** The engine's writes: at once, or waiting in order while the database cannot take them (roles fence them). */
  readonly writes: WriteBehind;
  /** Whether the database answers (GET /api/health, /metrics). */
  readonly database: DatabaseAvailability;
  /** Prometheus metrics fed by what the engine pushes (GET /metrics). */
  readonly metrics: Pick<EngineMetrics, "render" | "metrics">;
  /** The URL agents use to reach the API; set once the server listens. */
  setBaseUrl(url: string): void;
  start(): Promise<void>;
  /**
   * Stops the engine. agents "stop" ends the run's agents (and the run); "detach" leaves them running for the next
   * start to re-attach (default: config.onShutdown). Answers how many agents were ended or left running.
   */
  stop(options?: { agents?: ShutdownMode; reason?: string }): Promise<number>;
  /** role: with several servers on one database, whether this one runs the engine or only serves pages. */
  /** ok: the database answers (as last known: GET /api/health asks it first). */
  health(): {
    ok: boolean;
    version: string;
    instanceId: string;
    role?: "owner" | "viewer";
    database: DatabaseState;
  };
  latestSample(): Promise<MemorySample | null>;
  memoryHistory(opts: { since?: Date; limit: number }): Promise<MemorySample[]>;
  listEvents(opts: {
    limit: number;
    runId?: string;
    trackKey?: string;
    kindPrefix?: string;
  }): Promise<PtEvent[]>;
  /** Stored runs, newest first. */
  listRuns(limit?: number): Promise<RunView[]>;
  /** Deletes an ended run (not the current one): its rows and its agents' logs; its branches stay. */
  readonly deletion: RunDeletion;
};

export function createEngine(deps: EngineDeps): Engine {
  const now = deps.now ?? Date.now;
  const { db, logger } = deps;
  // Everything the engine pushes passes the metrics on its way (lib/metrics/engine-metrics.ts).
  const metrics = createEngineMetrics({ processMetrics: true });
  const emitter = metrics.tap(deps.emitter);
  // While the database is unreachable the run goes on in memory and its writes wait in order.
  let runs: RunController | null = null;
  const writes =
    deps.writes ??
    createWriteBehind({
      ...databaseOutageEvents(
        () => events,
        () => runs,
        logger,
      ),
      // A server over the network may stop answering without failing; a SQLite file is only slow.
      stallMs: isPostgresUrl(deps.config.databaseUrl) ? 10_000 : Number.POSITIVE_INFINITY,
      databaseUrl: deps.config.databaseUrl,
    });
  const database = createDatabaseAvailability({ ping: () => db.$queryRawUnsafe("SELECT 1"), writes });
  const events = createEventLog({ db, emitter, logger, writes });
  let baseUrl = `http://${deps.config.host}:${deps.config.port}`;
  // The monitor measures the agents and hands each sample to the runs; the runs read the monitor's latest sample.
  const monitor = createMemoryMonitor({
    config: deps.config,
    db,
    readMemory: deps.readMemory,
    emitter,
    events,
    now,
    logger,
    measureAgents: async () => runs?.measureAgents() ?? 0,
    onSample: (sample) => runs?.onSample(sample),
    writes,
  });
  const plans = createPlanService();
  const ollama =
    deps.ollama !== undefined
      ? deps.ollama
      : createOllamaClient({ host: deps.config.ollamaHost ?? undefined });
  runs = createRunController({
    ollama,
    ...(deps.modelPollMs ? { modelPollMs: deps.modelPollMs } : {}),
    // Before a run starts: programs, workdirs, the environment the plan names (never shown), models, memory, git,
    // and agents of this data directory the database does not know.
    preflight: async (plan, memory) => [
      ...(await runPreflight(plan, { env: process.env, ollama, memory })),
      ...(await checkDataDirAgents(async () => db, deps.config.dataDir)),
    ],
    plans,
    config: deps.config,
    store: createRunStore(db),
    emitter,
    events,
    logger,
    monitor,
    now,
    launch: deps.launch,
    adopt: deps.adopt,
    measure: deps.measure,
    baseUrl: () => baseUrl,
    writes,
    slurm: deps.slurm ?? null,
  });
  const runController = runs;
  metrics.watch(runController);
  // Issue 16: "Slurm jobs by state" on /metrics, read from the executor's live jobs at each scrape.
  metrics.watchSlurm(deps.slurm ?? null);
  metrics.watchDatabase(database);
  const queries = createTrackQueries(db, runController);
  const facts = { db, config: deps.config, runs: runController, monitor, events };
  const phases = createPhaseService(facts, { now });
  let gateRecorder: GateRecorder | null = null;
  const ownership = deps.ownership ?? createOwnership(deps.config);

  return {
    instanceId: randomUUID(),
    config: deps.config,
    events,
    monitor,
    runs: runController,
    queries,
    phases,
    retro: createRetroService(facts, { now }),
    gantt: createGanttQuery({ db, queries }, now),
    coordination: createCoordinationQueries(facts, phases, { now }),
    metrics,
    writes,
    database,
    ownership,
    plans,
    setBaseUrl(url) {
      baseUrl = url;
    },
    async start() {
      await ownership.claim();
      await runController.recoverAfterRestart();
      // The database cannot tell which agents it lost when it does not answer: the pre-flight checks ask again.
      const unknown = await findUnknownAgents(async () => db, deps.config.dataDir).catch(() => []);
      for (const result of checkUnknownAgents(unknown)) logger.warn({ unknown }, result.message);
      gateRecorder ??= createGateRecorder({ runs: runController, phases, logger });
      monitor.start();
      plans.warm().catch((error) => deps.logger.warn({ err: error }, "the plan worker did not start"));
    },
    async stop(options = {}) {
      await monitor.stop();
      const agents = await runController.shutdown(
        options.reason ?? "the server shut down",
        options.agents ?? deps.config.onShutdown,
      );
      await plans.close();
      deps.slurm?.close();
      await gateRecorder?.stop();
      gateRecorder = null;
      const unwritten = await writes.close();
      if (unwritten > 0) logger.error({ unwritten }, "the database stayed unreachable: writes were not made");
      await ownership.release();
      return agents;
    },
    health: function () {
      const state = database.last();
      return { ok: state === "available", version: VERSION, instanceId: this.instanceId, database: state };
    },
    async latestSample() {
      return monitor.latest() ?? (await latestMemorySample(db));
    },
    memoryHistory: (opts) => listMemorySamples(db, opts),
    listEvents: (opts) => listEvents(db, opts),
    listRuns: (limit) => listRuns(db, limit),
    deletion: createRunDeletion({ db, dataDir: deps.config.dataDir, runs: runController, events }),
  };
}
