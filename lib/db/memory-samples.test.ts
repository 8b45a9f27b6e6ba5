// Retention on a real database (SQLite, or PostgreSQL with PARATRACK_TEST_DB=postgresql): 1 s samples for the last
// hour, minute aggregates before, and nothing folded twice.
import { afterAll, beforeAll, expect, it } from "vitest";
import { tierFor } from "../domain/governor/zones";
import type { MemorySample } from "../domain/types";
import type { PrismaClient } from "./generated/client";
import { applyMemoryRetention, insertMemorySample, listMemorySamples } from "./memory-samples";
import { openTestDatabase, type TestDatabase } from "./test-database";

let testDb: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.db;
});

afterAll(() => testDb.dispose());

const GB = 1e9;
const start = Date.parse("2026-01-01T00:00:00Z");

function sample(at: number, usedBytes: number): MemorySample {
  return {
    at: new Date(at).toISOString(),
    zone: "green",
    zoneSource: "machine",
    tier: tierFor(32 * GB),
    system: {
      totalBytes: 32 * GB,
      availableBytes: 32 * GB - usedBytes,
      usedBytes,
      usedPercent: (usedBytes / (32 * GB)) * 100,
    },
    machine: {
      capacityBytes: 32 * GB,
      usedBytes,
      usedPercent: (usedBytes / (32 * GB)) * 100,
      capacitySource: "physical",
    },
    budget: null,
    swap: { totalBytes: 0, usedBytes: 0 },
    psi: null,
  };
}

it("keeps an hour of 1 s samples and folds older ones into minute min/avg/max rows", async () => {
  // Two hours of samples; in minute m the used memory is (m % 7) GB + (second % 2) GB.
  const rows = [];
  for (let s = 0; s < 7200; s++) {
    const used = ((Math.floor(s / 60) % 7) + (s % 2)) * GB;
    const { at, ...rest } = sample(start + s * 1000, used);
    rows.push({ at: new Date(at), rest });
  }
  await db.memorySample.createMany({
    data: rows.map(({ at, rest }) => ({
      at,
      zone: rest.zone,
      zoneSource: rest.zoneSource,
      tierLabel: rest.tier.label,
      totalBytes: rest.system.totalBytes,
      availableBytes: rest.system.availableBytes,
      usedBytes: rest.system.usedBytes,
      machineCapacityBytes: rest.machine.capacityBytes,
      machineUsedBytes: rest.machine.usedBytes,
      capacitySource: rest.machine.capacitySource,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
    })),
  });
  const now = start + 7200 * 1000;
  const folded = await applyMemoryRetention(db, now);
  expect(folded).toBe(3600);
  expect(await db.memorySample.count({ where: { bucketSeconds: 1 } })).toBe(3600);
  const minutes = await db.memorySample.findMany({ where: { bucketSeconds: 60 }, orderBy: { at: "asc" } });
  expect(minutes).toHaveLength(60);
  expect(minutes[3]).toMatchObject({
    usedMinBytes: 3 * GB,
    usedMaxBytes: 4 * GB,
    machineUsedBytes: 3.5 * GB,
  });

  // An hour later the next hour is folded, the first hour's aggregates stay as they are.
  await insertMemorySample(db, sample(now + 3600 * 1000, 1 * GB));
  await applyMemoryRetention(db, now + 3600 * 1000);
  expect(await db.memorySample.count({ where: { bucketSeconds: 60 } })).toBe(120);
  expect(await db.memorySample.count({ where: { bucketSeconds: 1 } })).toBe(1);
  const history = await listMemorySamples(db, { limit: 10_000 });
  expect(history).toHaveLength(121);
  expect(Date.parse(history[0]!.at)).toBe(start);
});
