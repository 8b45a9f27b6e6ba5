// MemorySample rows ⇄ domain MemorySample; retention keeps 1 s samples for an hour and minute aggregates beyond.

import { tierFor } from "../domain/governor/zones";
import { DEFAULT_RETENTION, planRetention, type RetentionOptions } from "../domain/reporting/retention";
import type { MemorySample, Zone, ZoneSource } from "../domain/types";
import type { MemorySample as MemorySampleRow, PrismaClient } from "./generated/client";

const pct = (used: number, total: number) => (total > 0 ? (used / total) * 100 : 0);

export function toMemorySample(row: MemorySampleRow): MemorySample {
  return {
    at: row.at.toISOString(),
    zone: row.zone as Zone,
    zoneSource: row.zoneSource as ZoneSource,
    tier: tierFor(row.machineCapacityBytes),
    system: {
      totalBytes: row.totalBytes,
      availableBytes: row.availableBytes,
      usedBytes: row.usedBytes,
      usedPercent: pct(row.usedBytes, row.totalBytes),
    },
    machine: {
      capacityBytes: row.machineCapacityBytes,
      usedBytes: row.machineUsedBytes,
      usedPercent: pct(row.machineUsedBytes, row.machineCapacityBytes),
      capacitySource: row.capacitySource === "cgroup" ? "cgroup" : "physical",
    },
    budget:
      row.budgetBytes === null
        ? null
        : {
            bytes: row.budgetBytes,
            usedBytes: row.budgetUsedBytes ?? 0,
            usedPercent: pct(row.budgetUsedBytes ?? 0, row.budgetBytes),
          },
    swap: { totalBytes: row.swapTotalBytes, usedBytes: row.swapUsedBytes },
    psi: row.psiSome10 === null ? null : { some10: row.psiSome10, full10: row.psiFull10 ?? 0 },
  };
}

function toRow(sample: MemorySample) {
  return {
    at: new Date(sample.at),
    zone: sample.zone,
    zoneSource: sample.zoneSource,
    tierLabel: sample.tier.label,
    totalBytes: sample.system.totalBytes,
    availableBytes: sample.system.availableBytes,
    usedBytes: sample.system.usedBytes,
    machineCapacityBytes: sample.machine.capacityBytes,
    machineUsedBytes: sample.machine.usedBytes,
    capacitySource: sample.machine.capacitySource,
    budgetBytes: sample.budget?.bytes ?? null,
    budgetUsedBytes: sample.budget?.usedBytes ?? null,
    swapTotalBytes: sample.swap.totalBytes,
    swapUsedBytes: sample.swap.usedBytes,
    psiSome10: sample.psi?.some10 ?? null,
    psiFull10: sample.psi?.full10 ?? null,
  };
}

export async function insertMemorySample(db: PrismaClient, sample: MemorySample): Promise<void> {
  await db.memorySample.create({ data: toRow(sample) });
}

/** Samples oldest first: raw ones and, further back, minute aggregates. */
export async function listMemorySamples(
  db: PrismaClient,
  opts: { since?: Date; limit: number },
): Promise<MemorySample[]> {
  // Take the newest `limit` rows, then return them oldest first.
  const rows = await db.memorySample.findMany({
    where: opts.since ? { at: { gte: opts.since } } : undefined,
    orderBy: { at: "desc" },
    take: opts.limit,
  });
  return rows.reverse().map(toMemorySample);
}

/** Utilisation of the view that matters, in percent: the budget when one was set, else the machine. */
export type UsagePoint = { at: Date; usedPercent: number };

/** Every stored sample's utilisation between `from` and `to`, oldest first. */
export async function listUsage(db: PrismaClient, from: Date, to: Date): Promise<UsagePoint[]> {
  const rows = await db.memorySample.findMany({
    where: { at: { gte: from, lte: to } },
    orderBy: { at: "asc" },
    select: {
      at: true,
      budgetBytes: true,
      budgetUsedBytes: true,
      machineUsedBytes: true,
      machineCapacityBytes: true,
    },
  });
  return rows.map((s) => ({
    at: s.at,
    usedPercent:
      s.budgetBytes !== null && s.budgetBytes > 0
        ? pct(s.budgetUsedBytes ?? 0, s.budgetBytes)
        : pct(s.machineUsedBytes, s.machineCapacityBytes),
  }));
}

/** When the newest stored sample was taken; null before the first. */
export async function latestMemorySampleAt(db: PrismaClient): Promise<Date | null> {
  const row = await db.memorySample.findFirst({ orderBy: { at: "desc" }, select: { at: true } });
  return row?.at ?? null;
}

export async function latestMemorySample(db: PrismaClient): Promise<MemorySample | null> {
  const row = await db.memorySample.findFirst({ orderBy: { at: "desc" } });
  return row ? toMemorySample(row) : null;
}

/** Folds raw samples older than the raw window into minute aggregates, in one transaction. */
export async function applyMemoryRetention(
  db: PrismaClient,
  now: number,
  opts?: Partial<RetentionOptions>,
): Promise<number> {
  const rawWindowMs = opts?.rawWindowMs ?? DEFAULT_RETENTION.rawWindowMs;
  const rows = await db.memorySample.findMany({
    where: { bucketSeconds: 1, at: { lt: new Date(now - rawWindowMs) } },
    orderBy: { at: "asc" },
  });
  if (rows.length === 0) return 0;
  const plan = planRetention(
    rows.map((row) => ({ ...row, at: row.at.getTime() })),
    now,
    { ...opts, value: (s: { machineUsedBytes: number }) => s.machineUsedBytes },
  );
  if (plan.deleteIds.length === 0) return 0;
  const bucketSeconds = Math.round((opts?.bucketMs ?? DEFAULT_RETENTION.bucketMs) / 1000);
  await db.$transaction([
    db.memorySample.deleteMany({ where: { id: { in: plan.deleteIds } } }),
    db.memorySample.createMany({
      data: plan.aggregates.map(({ last, bucketStart, usedAvg, usedMin, usedMax }) => {
        const { id: _id, ...fields } = last;
        return {
          ...fields,
          at: new Date(bucketStart),
          bucketSeconds,
          machineUsedBytes: usedAvg,
          usedMinBytes: usedMin,
          usedMaxBytes: usedMax,
        };
      }),
    }),
  ]);
  return plan.deleteIds.length;
}
