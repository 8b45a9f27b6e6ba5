// Test fixtures for the phase and retrospective services: a throwaway SQLite database, hand-made rows,
// and a stand-in for the engine parts the services read.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { createSqliteClient, type PrismaClient } from "../db/client";
import type { Plan, TrackPlan } from "../domain/types";
import type { TrackView } from "../domain/views";
import { createRecordingEmitter } from "./emitter";
import { createEventLog } from "./event-log";
import type { FactsEngine, LiveAgentSlot, StoredSchedule } from "./run-facts";

export const MB = 1e6;
export const GB = 1e9;
export const MIN = 60_000;
/** The hand-made run starts here. */
export const T0 = Date.parse("2025-10-05T10:00:00.000Z");
export const at = (minutes: number) => new Date(T0 + minutes * MIN);

export type TestDb = { db: PrismaClient; dispose(): Promise<void> };

/** A migrated SQLite file in a temp directory. */
export function openTestDb(): TestDb {
  const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-services-"));
  const db = createSqliteClient(`file:${path.join(dir, "test.db")}`);
  return {
    db,
    async dispose() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function trackPlan(key: string, overrides: Partial<TrackPlan> = {}): TrackPlan {
  return {
    key,
    name: `Track ${key}`,
    nice: 10,
    priority: "standard",
    tier: "primary",
    ramBytes: 600 * MB,
    duration: { minMs: 30 * MIN, maxMs: 60 * MIN },
    model: { local: null, cloud: null },
    dependsOn: [],
    scope: [`src/${key.toLowerCase()}/**`],
    workdir: "/tmp/demo",
    env: {},
    test: `test -s ${key}.md`,
    agents: [{ name: key.toLowerCase(), command: "node agent.mjs", subAgents: 0 }],
    resources: {},
    ...overrides,
  };
}

export function makePlan(tracks: TrackPlan[]): Plan {
  return {
    name: "Hand-made run",
    ram: {
      budget: 2.4 * GB,
      zones: { yellow: 60, orange: 75, red: 85, hysteresis: 2 },
      admitBelow: 75,
      graceSeconds: 30,
      settleSeconds: 30,
      backfillSeconds: 300,
      victimOrder: null,
    },
    maxConcurrent: 3,
    resources: {},
    workdir: "/tmp/demo",
    tracks,
  };
}

export function makeSchedule(
  plan: Plan,
  planned: Record<string, [number, number]>,
  peakPlannedBytes: number,
  capacityBytes: number,
): StoredSchedule {
  const tracks = plan.tracks.map((t) => {
    const [start, end] = planned[t.key] ?? [0, 0];
    return {
      key: t.key,
      plannedStartMs: start * MIN,
      plannedEndMs: end * MIN,
      optimisticEndMs: end * MIN,
      pessimisticEndMs: end * MIN,
      durationMs: (end - start) * MIN,
      durationAssumed: false,
      critical: false,
      concurrentWith: [],
    };
  });
  const makespanMs = Math.max(0, ...tracks.map((t) => t.plannedEndMs));
  return {
    tracks,
    makespanMs,
    optimisticMakespanMs: makespanMs,
    pessimisticMakespanMs: makespanMs,
    sequentialMs: tracks.reduce((s, t) => s + t.durationMs, 0),
    timeSavedPercent: 0,
    criticalPath: [],
    criticalPathMs: 0,
    peakPlannedBytes,
    strategy: [],
    unschedulable: [],
    capacityBytes,
  };
}

/** A run row with one track row per plan track (ids "<runId>-<key>"). */
export async function seedRun(
  db: PrismaClient,
  opts: {
    id?: string;
    plan: Plan;
    schedule: StoredSchedule | null;
    startedAt?: Date;
    endedAt?: Date | null;
    status?: string;
    phase?: number;
  },
): Promise<string> {
  const id = opts.id ?? "run-1";
  await db.run.create({
    data: {
      id,
      name: opts.plan.name,
      status: opts.status ?? "running",
      phase: opts.phase ?? 1,
      planSource: "name: test",
      planJson: JSON.stringify(opts.plan),
      budgetBytes: typeof opts.plan.ram.budget === "number" ? opts.plan.ram.budget : null,
      scheduleJson: opts.schedule ? JSON.stringify(opts.schedule) : null,
      startedAt: opts.startedAt ?? at(0),
      endedAt: opts.endedAt ?? null,
    },
  });
  await db.track.createMany({
    data: opts.plan.tracks.map((t, i) => ({
      id: `${id}-${t.key}`,
      runId: id,
      key: t.key,
      name: t.name,
      position: i,
      status: "pending",
    })),
  });
  return id;
}

export async function addSpan(
  db: PrismaClient,
  trackId: string,
  kind: "running" | "paused",
  from: number,
  to: number | null,
  outcome: string | null,
  extra: { attempt?: number; pausedBy?: string | null } = {},
) {
  await db.trackSpan.create({
    data: {
      trackId,
      attempt: extra.attempt ?? 1,
      kind,
      pausedBy: extra.pausedBy ?? null,
      startedAt: at(from),
      endedAt: to === null ? null : at(to),
      outcome,
    },
  });
}

/** A MemorySample row with `usedPercent` of a 2.4 GB budget on a 24 GB machine. */
export async function addBudgetSample(db: PrismaClient, minutes: number, usedPercent: number, seconds = 0) {
  const budget = 2.4 * GB;
  await db.memorySample.create({
    data: {
      at: new Date(T0 + minutes * MIN + seconds * 1000),
      zone: "green",
      zoneSource: "budget",
      tierLabel: "16GB",
      totalBytes: 24 * GB,
      availableBytes: 12 * GB,
      usedBytes: 12 * GB,
      machineCapacityBytes: 24 * GB,
      machineUsedBytes: 12 * GB,
      capacitySource: "physical",
      budgetBytes: budget,
      budgetUsedBytes: (budget * usedPercent) / 100,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
    },
  });
}

/** The engine parts the services read; `active` makes the run live with these views and agent slots. */
export function fakeEngine(
  db: PrismaClient,
  live: { runId: string; views?: TrackView[]; slots?: Record<string, LiveAgentSlot[]> } | null = null,
): FactsEngine {
  return {
    db,
    config: { sampleIntervalMs: 1000 },
    runs: {
      activeRun: () => (live ? { id: live.runId } : null),
      trackViews: () => live?.views ?? [],
      agentSlots: (key) => live?.slots?.[key] ?? [],
    },
    monitor: { latest: () => null },
    events: createEventLog({ db, emitter: createRecordingEmitter(), logger: pino({ level: "silent" }) }),
  };
}
