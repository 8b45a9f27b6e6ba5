// A track's open blockers and last report time, read through their indexes; and the migration that flags the
// reports stored before it. Runs on the backend PARATRACK_TEST_DB picks (CI runs lib/db on both).
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, sqlitePathFromUrl } from "./migrate";
import { applyPostgresMigrations } from "./postgres";
import { createReport, createReports, lastReportTimes, latestBlockers } from "./reports";
import { openTestDatabase, type TestDatabase } from "./test-database";

const BLOCKER = { blocker: "waits for the API key", severity: "high" as const, resolutionPlan: null };

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await openTestDatabase();
});
afterAll(() => testDb?.dispose());

async function newRun(runId: string, keys: string[]): Promise<void> {
  await testDb.db.run.create({
    data: { id: runId, name: runId, status: "running", planSource: "", planJson: "{}", scheduleJson: "{}" },
  });
  await testDb.db.track.createMany({
    data: keys.map((key, position) => ({
      id: `${runId}-${key}`,
      runId,
      key,
      name: key,
      position,
      status: "running",
    })),
  });
}

describe("a track's open blockers", () => {
  it("come from its latest report that lists blockers, not from one whose text says 'blockers'", async () => {
    await newRun("b1", ["api"]);
    await createReport(testDb.db, "b1-api", "api", { track: "api", blockers: [BLOCKER] });
    // A value that reads "blockers" is not a blockers list (the body scan before took it for one and cleared them).
    await createReport(testDb.db, "b1-api", "stdout", { track: "api", completedToday: ["blockers"] });
    await createReport(testDb.db, "b1-api", "stdout", {
      track: "api",
      plannedTomorrow: ['clear the "blockers" list'],
    });
    expect(await latestBlockers(testDb.db, "b1")).toEqual(new Map([["b1-api", [BLOCKER]]]));
  });

  it("are read the same from reports stored in a batch from an agent's log, the last line winning", async () => {
    await newRun("b2", ["api", "ui"]);
    const at = new Date("2026-12-07T10:00:00Z"); // the same instant: the later row wins
    await createReports(testDb.db, "b2-api", "stdout", [
      { report: { track: "api", blockers: [BLOCKER] }, origin: { agentId: "a1", lineKey: 1 }, at },
      { report: { track: "api", blockers: [] }, origin: { agentId: "a1", lineKey: 2 }, at },
      { report: { track: "api", progressPercent: 40 }, origin: { agentId: "a1", lineKey: 3 }, at },
    ]);
    await createReports(testDb.db, "b2-ui", "stdout", [
      { report: { track: "ui", progressPercent: 5 }, origin: { agentId: "a2", lineKey: 1 }, at },
    ]);
    expect(await latestBlockers(testDb.db, "b2")).toEqual(new Map([["b2-api", []]]));
    expect(await lastReportTimes(testDb.db, "b2")).toEqual(
      new Map([
        ["b2-api", at],
        ["b2-ui", at],
      ]),
    );
  });

  it("of another run are not read", async () => {
    await newRun("b3", ["api"]);
    await createReport(testDb.db, "b3-api", "api", { track: "api", blockers: [BLOCKER] });
    expect(await latestBlockers(testDb.db, "b4-none")).toEqual(new Map());
    expect(await lastReportTimes(testDb.db, "b4-none")).toEqual(new Map());
  });
});

describe("the report_has_blockers migration", () => {
  const MIGRATION = "report_has_blockers";
  const ROWS = [
    { body: JSON.stringify({ track: "api", blockers: [BLOCKER] }), flagged: true },
    { body: JSON.stringify({ track: "api", blockers: [] }), flagged: true },
    { body: JSON.stringify({ track: "api", progressPercent: 3 }), flagged: false },
    { body: JSON.stringify({ track: "api", completedToday: ["blockers"] }), flagged: false },
    // A string that reads like the key is escaped in the JSON: not a blockers list.
    { body: JSON.stringify({ track: "api", completedToday: ['"blockers": done'] }), flagged: false },
    // A NUL in an agent's text (JSON's \u0000, which PostgreSQL's jsonb refuses) must not stop the upgrade.
    {
      body: JSON.stringify({ track: "api", blockers: [{ ...BLOCKER, blocker: "nul \u0000 byte" }] }),
      flagged: true,
    },
  ];

  it("flags the reports stored before it that list blockers, and only those", async () => {
    const backend = testDb.backend;
    const dirOf = backend === "sqlite" ? "prisma/migrations" : "prisma/postgresql/migrations";
    const migrations = path.resolve(__dirname, "../..", dirOf);
    // The migrations up to the one before, in a folder of their own.
    const before = mkdtempSync(path.join(os.tmpdir(), "paratrack-migrations-"));
    for (const name of readdirSync(migrations).filter((n) => /^\d+_/.test(n) && !n.endsWith(`_${MIGRATION}`)))
      cpSync(path.join(migrations, name), path.join(before, name), { recursive: true });

    const old = await openTestDatabase(backend, before);
    try {
      const { db } = old;
      await db.$executeRawUnsafe(
        `INSERT INTO "Run" ("id", "name", "status", "planSource", "planJson") VALUES ('m', 'm', 'running', '', '{}')`,
      );
      await db.$executeRawUnsafe(
        `INSERT INTO "Track" ("id", "runId", "key", "name", "position", "status") VALUES ('m-api', 'm', 'api', 'api', 0, 'running')`,
      );
      for (const { body } of ROWS)
        await db.$executeRawUnsafe(
          `INSERT INTO "Report" ("trackId", "source", "body") VALUES ('m-api', 'stdout', ${backend === "sqlite" ? "?" : "$1"})`,
          body,
        );
      const applied =
        backend === "sqlite"
          ? applyMigrations(sqlitePathFromUrl(old.url), migrations)
          : await applyPostgresMigrations(old.url, migrations);
      expect(applied).toEqual([expect.stringMatching(new RegExp(`_${MIGRATION}$`))]);
      const rows = await db.$queryRawUnsafe<{ body: string; hasBlockers: unknown }[]>(
        `SELECT "body", "hasBlockers" FROM "Report" ORDER BY "id"`,
      );
      expect(rows.map((r) => ({ body: r.body, flagged: Boolean(Number(r.hasBlockers)) }))).toEqual(ROWS);
    } finally {
      await old.dispose();
      rmSync(before, { recursive: true, force: true });
    }
  });
});
