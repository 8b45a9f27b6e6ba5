// The running orchestrator: monitor → domain decisions → agents; persists; emits. Built from its parts so tests can swap them.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../config";
import { listEvents } from "../db/events";
import type { PrismaClient } from "../db/generated/client";
import { latestMemorySample, listMemorySamples } from "../db/memory-samples";
import type { MemorySample, PtEvent } from "../domain/types";
import type { MachineMemoryReading } from "../monitor/system-memory";
import type { Emitter } from "./emitter";
import { createEventLog, type EventLog } from "./event-log";
import { createMemoryMonitor, type MemoryMonitor } from "./memory-monitor";

export const VERSION = "0.1.0";

export type EngineDeps = {
  config: Config;
  db: PrismaClient;
  readMemory: () => Promise<MachineMemoryReading>;
  emitter: Emitter;
  logger: Logger;
  now?: () => number;
};

export type Engine = {
  /** Distinguishes instances: a route handler and server.ts must see the same one. */
  readonly instanceId: string;
  readonly config: Config;
  readonly events: EventLog;
  readonly monitor: MemoryMonitor;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): { ok: true; version: string; instanceId: string };
  latestSample(): Promise<MemorySample | null>;
  memoryHistory(opts: { since?: Date; limit: number }): Promise<MemorySample[]>;
  listEvents(opts: { limit: number; runId?: string; trackKey?: string }): Promise<PtEvent[]>;
};

export function createEngine(deps: EngineDeps): Engine {
  const now = deps.now ?? Date.now;
  const events = createEventLog({ db: deps.db, emitter: deps.emitter, logger: deps.logger });
  const monitor = createMemoryMonitor({
    config: deps.config,
    db: deps.db,
    readMemory: deps.readMemory,
    emitter: deps.emitter,
    events,
    now,
    logger: deps.logger,
    measureAgents: async () => 0,
  });

  return {
    instanceId: randomUUID(),
    config: deps.config,
    events,
    monitor,
    async start() {
      monitor.start();
    },
    async stop() {
      await monitor.stop();
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
