// The running orchestrator: monitor → domain decisions → agents; persists; emits. Built from its parts so tests can swap them.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../config";
import { listEvents } from "../db/events";
import type { PrismaClient } from "../db/generated/client";
import { latestMemorySample, listMemorySamples } from "../db/memory-samples";
import type { MemorySample, PtEvent } from "../domain/types";
import type { MachineMemoryReading } from "../monitor/system-memory";
import type { AgentLauncher, AgentMeasurer } from "./agent-port";
import type { Emitter } from "./emitter";
import { createEventLog, type EventLog } from "./event-log";
import { createMemoryMonitor, type MemoryMonitor } from "./memory-monitor";
import { claimDatabase } from "./owner-lock";
import { createRunController, type RunController } from "./run/controller";
import { createRunStore } from "./run/store";
import { createTrackQueries, type TrackQueries } from "./track-queries";

export const VERSION = "0.1.0";

export type EngineDeps = {
  config: Config;
  db: PrismaClient;
  readMemory: () => Promise<MachineMemoryReading>;
  emitter: Emitter;
  logger: Logger;
  launch: AgentLauncher;
  measure: AgentMeasurer;
  now?: () => number;
};

export type Engine = {
  /** Distinguishes instances: a route handler and server.ts must see the same one. */
  readonly instanceId: string;
  readonly config: Config;
  readonly db: PrismaClient;
  readonly events: EventLog;
  readonly monitor: MemoryMonitor;
  readonly runs: RunController;
  readonly queries: TrackQueries;
  /** The URL agents use to reach the API; set once the server listens. */
  setBaseUrl(url: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): { ok: true; version: string; instanceId: string };
  latestSample(): Promise<MemorySample | null>;
  memoryHistory(opts: { since?: Date; limit: number }): Promise<MemorySample[]>;
  listEvents(opts: {
    limit: number;
    runId?: string;
    trackKey?: string;
    kindPrefix?: string;
  }): Promise<PtEvent[]>;
};

export function createEngine(deps: EngineDeps): Engine {
  const now = deps.now ?? Date.now;
  const events = createEventLog({ db: deps.db, emitter: deps.emitter, logger: deps.logger });
  let baseUrl = `http://${deps.config.host}:${deps.config.port}`;
  // The monitor measures the agents and hands each sample to the runs; the runs read the monitor's latest sample.
  let runs: RunController | null = null;
  const monitor = createMemoryMonitor({
    config: deps.config,
    db: deps.db,
    readMemory: deps.readMemory,
    emitter: deps.emitter,
    events,
    now,
    logger: deps.logger,
    measureAgents: async () => runs?.measureAgents() ?? 0,
    onSample: (sample) => runs?.onSample(sample),
  });
  runs = createRunController({
    config: deps.config,
    store: createRunStore(deps.db),
    emitter: deps.emitter,
    events,
    logger: deps.logger,
    monitor,
    now,
    launch: deps.launch,
    measure: deps.measure,
    baseUrl: () => baseUrl,
  });
  const runController = runs;
  let releaseDatabase: (() => void) | null = null;

  return {
    instanceId: randomUUID(),
    config: deps.config,
    db: deps.db,
    events,
    monitor,
    runs: runController,
    queries: createTrackQueries(deps.db, runController),
    setBaseUrl(url) {
      baseUrl = url;
    },
    async start() {
      releaseDatabase ??= claimDatabase(deps.config.databaseUrl, deps.config.dataDir);
      await runController.recoverAfterRestart();
      monitor.start();
    },
    async stop() {
      await monitor.stop();
      await runController.shutdown("the server shut down");
      releaseDatabase?.();
      releaseDatabase = null;
    },
    health: function () {
      return { ok: true as const, version: VERSION, instanceId: this.instanceId };
    },
    async latestSample() {
      return monitor.latest() ?? (await latestMemorySample(deps.db));
    },
    memoryHistory: (opts) => listMemorySamples(deps.db, opts),
    listEvents: (opts) => listEvents(deps.db, opts),
  };
}
