// Samples memory on a non-overlapping loop: read → classify → persist → push. Zone changes become events.
import type { Logger } from "pino";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { applyMemoryRetention, insertMemorySample } from "../db/memory-samples";
import { createDirectWrites, type WriteBehind } from "../db/write-behind";
import { computeMemorySample } from "../domain/governor/memory-view";
import type { MemorySample, ZoneThresholds } from "../domain/types";
import { createSampler } from "../monitor/sampler";
import type { MachineMemoryReading } from "../monitor/system-memory";
import type { Emitter } from "./emitter";
import type { EventLog } from "./event-log";

export type MemoryMonitorDeps = {
  config: Config;
  db: PrismaClient;
  readMemory: () => Promise<MachineMemoryReading>;
  emitter: Emitter;
  events: EventLog;
  now: () => number;
  logger: Logger;
  /** Memory of Paratrack's own agents, measured in the same tick (zero before any run). */
  measureAgents: () => Promise<number>;
  /** Called after each sample, for the governor and the tracks. */
  onSample?: (sample: MemorySample) => Promise<void> | void;
  /** Where samples are stored: queued while the database is unreachable, so sampling and the governor go on. */
  writes?: WriteBehind;
};

export type MemoryMonitor = {
  start(): void;
  stop(): Promise<void>;
  latest(): MemorySample | null;
  /** Resolves with the first sample (at once when there is one). */
  firstSample(): Promise<MemorySample>;
  /** The interval the loop uses next; the governor shortens it above Green. */
  setIntervalMs(ms: number | null): void;
  /** Samples now rather than after the interval: a track ended and its memory is free for the next one. */
  sampleSoon(): void;
  thresholds(): ZoneThresholds;
  setThresholds(thresholds: ZoneThresholds): void;
  setBudget(bytes: number | null): void;
  budgetBytes(): number | null;
};

const RETENTION_EVERY_MS = 60_000;

export function createMemoryMonitor(deps: MemoryMonitorDeps): MemoryMonitor {
  const writes = deps.writes ?? createDirectWrites();
  let latest: MemorySample | null = null;
  let intervalOverride: number | null = null;
  let thresholds: ZoneThresholds = deps.config.zones;
  let budgetBytes = deps.config.ramBudgetBytes;
  let lastRetentionAt = 0;
  let resolveFirst: (sample: MemorySample) => void = () => undefined;
  const first = new Promise<MemorySample>((resolve) => {
    resolveFirst = resolve;
  });

  async function tick(): Promise<void> {
    const [reading, agentsBytes] = await Promise.all([deps.readMemory(), deps.measureAgents()]);
    const sample = computeMemorySample({
      at: new Date(deps.now()).toISOString(),
      meminfo: reading.meminfo,
      cgroup: reading.cgroup,
      psi: reading.psi,
      agentsBytes,
      budgetBytes,
      hardFloorBytes: deps.config.ramHardFloorBytes,
      thresholds,
      previousZone: latest?.zone ?? null,
    });
    const previous = latest;
    latest = sample;
    resolveFirst(sample);
    deps.emitter.emit("memory:sample", sample);
    if (previous === null || previous.zone !== sample.zone) {
      const percent =
        sample.zoneSource === "budget" ? (sample.budget?.usedPercent ?? 0) : sample.machine.usedPercent;
      deps.emitter.emit("zone:changed", {
        at: sample.at,
        from: previous?.zone ?? null,
        to: sample.zone,
        usedPercent: percent,
        source: sample.zoneSource,
      });
      await deps.events.record(
        "zone:changed",
        {
          from: previous?.zone ?? null,
          to: sample.zone,
          usedPercent: percent,
          source: sample.zoneSource,
        },
        {
          severity:
            sample.zone === "red"
              ? "critical"
              : sample.zone === "orange"
                ? "high"
                : sample.zone === "yellow"
                  ? "medium"
                  : "info",
          message: previous
            ? `Zone ${previous.zone} → ${sample.zone} at ${percent.toFixed(1)} % (${sample.zoneSource} view)`
            : `Monitoring started in the ${sample.zone} zone at ${percent.toFixed(1)} % (${sample.zoneSource} view)`,
          actor: "system",
          runId: null,
          trackKey: null,
        },
      );
    }
    await writes.write("store a memory sample", () => insertMemorySample(deps.db, sample), {
      droppable: true,
    });
    await deps.onSample?.(sample);
    const now = deps.now();
    if (now - lastRetentionAt >= RETENTION_EVERY_MS && writes.isAvailable()) {
      lastRetentionAt = now;
      await writes.write("fold old memory samples", () => applyMemoryRetention(deps.db, now), {
        droppable: true,
      });
    }
  }

  const sampler = createSampler({
    intervalMs: () => intervalOverride ?? deps.config.sampleIntervalMs,
    tick,
    onError: (error) => deps.logger.error({ err: error }, "memory sample failed"),
  });

  return {
    start: () => sampler.start(),
    async stop() {
      await sampler.stop();
    },
    latest: () => latest,
    firstSample: () => first,
    setIntervalMs: (ms) => {
      intervalOverride = ms;
    },
    sampleSoon: () => sampler.soon(),
    thresholds: () => thresholds,
    setThresholds: (t) => {
      thresholds = t;
    },
    setBudget: (bytes) => {
      budgetBytes = bytes;
    },
    budgetBytes: () => budgetBytes,
  };
}
