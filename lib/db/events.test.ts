// Typed events on a real database: SQLite by default, PostgreSQL with PARATRACK_TEST_DB=postgresql (and
// PARATRACK_TEST_POSTGRES_URL). The backends differ in the case of a kind prefix, pinned here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, listEvents, listRunEvents, type NewEvent } from "./events";
import type { PrismaClient } from "./generated/client";
import { openTestDatabase, type TestDatabase } from "./test-database";

let testDb: TestDatabase;
let db: PrismaClient;
beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.db;
});
afterAll(() => testDb?.dispose());

describe(`events on ${process.env.PARATRACK_TEST_DB ?? "sqlite"}`, () => {
  it("stores typed events with their details and filters them by run, track, kinds and prefix", async () => {
    const base = Date.parse("2026-12-04T11:00:00Z");
    const header = (i: number, trackKey: string | null) => ({
      at: new Date(base + i * 1000).toISOString(),
      severity: "info" as const,
      message: `event ${i} – ünïcode ✓`,
      actor: "system" as const,
      runId: "r2",
      trackKey,
    });
    const signal = {
      pids: [4_000_000, 4_000_001],
      unchanged: [{ pid: 4_000_001, state: "R" }],
      errors: [{ pid: 4_000_002, code: "ESRCH" }],
      reason: "zone orange",
    };
    const events: NewEvent[] = [
      {
        ...header(0, null),
        kind: "zone:changed",
        details: { from: "green", to: "orange", usedPercent: 76.25, source: "budget" },
      },
      {
        ...header(1, "api"),
        kind: "track:started",
        details: { attempt: 1, pids: [4_000_000, null], reason: "admitted" },
      },
      { ...header(2, "api"), kind: "track:paused", details: signal },
      { ...header(3, "ui"), kind: "track:stopped", details: { reason: "lead" } },
    ];
    for (const event of events) {
      const saved = await createEvent(db, event);
      expect(saved).toMatchObject({ kind: event.kind, details: event.details, at: event.at });
      expect(saved.id).toBeGreaterThan(0);
    }
    await createEvent(db, {
      ...header(4, null),
      runId: "r1",
      kind: "run:ended",
      details: { status: "completed", reason: null },
    });

    const all = await listEvents(db, { limit: 10, runId: "r2" });
    expect(all.map((e) => e.kind)).toEqual([
      "track:stopped",
      "track:paused",
      "track:started",
      "zone:changed",
    ]);
    expect(all[3]).toMatchObject({
      message: "event 0 – ünïcode ✓",
      details: { from: "green", to: "orange", usedPercent: 76.25, source: "budget" },
    });
    expect((await listEvents(db, { limit: 10 })).length).toBe(5);
    expect((await listEvents(db, { limit: 2 })).map((e) => e.kind)).toEqual(["run:ended", "track:stopped"]);
    expect((await listEvents(db, { limit: 10, trackKey: "api" })).length).toBe(2);
    expect((await listEvents(db, { limit: 10, kinds: ["zone:changed", "run:ended"] })).length).toBe(2);
    expect((await listEvents(db, { limit: 10, kindPrefix: "track:" })).length).toBe(3);
    // startsWith is LIKE: case-insensitive for ASCII on SQLite, case-sensitive on PostgreSQL.
    const upper = (await listEvents(db, { limit: 10, kindPrefix: "TRACK:" })).map((e) => e.kind);
    expect(upper).toEqual(
      testDb.backend === "sqlite" ? ["track:stopped", "track:paused", "track:started"] : [],
    );

    // The typed reader: oldest first, only the kinds asked for, details usable by kind.
    const typed = await listRunEvents(db, "r2", ["track:started", "track:paused"]);
    expect(typed.map((e) => e.kind)).toEqual(["track:started", "track:paused"]);
    const paused = typed.find((e) => e.kind === "track:paused");
    expect(paused?.kind === "track:paused" ? paused.details.unchanged : null).toEqual(signal.unchanged);
    expect(await listRunEvents(db, "r2", ["track:started", "track:paused"], 1)).toHaveLength(1);
    expect(await listRunEvents(db, "r1", ["track:started"])).toEqual([]);
  });
});
