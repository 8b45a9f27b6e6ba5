// lib/db/postgres.ts on a real PostgreSQL server (PARATRACK_TEST_POSTGRES_URL, from scripts/pg/up.sh): migrations
// at start, the client, and a server that goes away and comes back. Skipped with a message without a server.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, listEvents } from "./events";
import type { PrismaClient } from "./generated/client";
import { readMigrations } from "./migrate";
import { applyPostgresMigrations, createPostgresClient, importOptional } from "./postgres";
import { createScratchDatabase, testPostgresServerUrl } from "./test-database";

const server = testPostgresServerUrl();
if (!server) console.warn("PostgreSQL tests skipped: no PARATRACK_TEST_POSTGRES_URL (run scripts/pg/up.sh)");

const MIGRATIONS = path.resolve("prisma/postgresql/migrations");
const MODELS = [...readFileSync("prisma/postgresql/schema.prisma", "utf8").matchAll(/^model (\w+) \{/gm)].map(
  (m) => m[1],
);

type PgClient = {
  connect(): Promise<void>;
  query(text: string): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
};
async function query(url: string, text: string): Promise<Record<string, unknown>[]> {
  const { Client } = await importOptional<{ Client: new (c: { connectionString: string }) => PgClient }>(
    "pg",
  );
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!server)("PostgreSQL migrations at start", () => {
  let scratch: { url: string; drop(): Promise<void> };
  let dir: string;
  beforeAll(async () => {
    scratch = await createScratchDatabase(server ?? "");
    dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-pg-migrations-"));
  });
  afterAll(async () => {
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("create every model's table once, recorded as Prisma records them, even with two servers starting at once", async () => {
    const [a, b] = await Promise.all([
      applyPostgresMigrations(scratch.url, MIGRATIONS),
      applyPostgresMigrations(scratch.url, MIGRATIONS),
    ]);
    // The advisory lock lets one of them apply each migration, in order; the other finds them applied.
    expect([...a, ...b]).toEqual(readMigrations(MIGRATIONS).map((m) => m.name));
    const tables = await query(
      scratch.url,
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(tables.map((t) => t.tablename)).toEqual([...MODELS, "_prisma_migrations"].sort());
    const [row] = await query(
      scratch.url,
      "SELECT migration_name, finished_at, applied_steps_count, checksum FROM _prisma_migrations",
    );
    expect(row).toMatchObject({ migration_name: "20261126063853_init", applied_steps_count: 1 });
    expect(row?.finished_at).toBeInstanceOf(Date);
    expect(await applyPostgresMigrations(scratch.url, MIGRATIONS)).toEqual([]);
  });

  it("roll a failing migration back whole and name it", async () => {
    const own = path.join(dir, "migrations");
    const write = (name: string, sql: string) => {
      mkdirSync(path.join(own, name), { recursive: true });
      writeFileSync(path.join(own, name, "migration.sql"), sql);
    };
    write("20260101000000_first", 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);\n');
    write(
      "20260102000000_broken",
      'CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "Missing" VALUES (1);\n',
    );
    const target = await createScratchDatabase(server ?? "");
    try {
      await expect(applyPostgresMigrations(target.url, own)).rejects.toThrow(
        /20260102000000_broken.*"Missing" does not exist/,
      );
      const tables = await query(
        target.url,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      );
      expect(tables.map((t) => t.tablename)).toEqual(["A", "_prisma_migrations"]);
    } finally {
      await target.drop();
    }
  });
});

// Its own server (scripts/pg/up.sh in a temporary directory), since the test stops and restarts it.
describe.skipIf(!server)("a PostgreSQL server that goes away mid-run", () => {
  const pgDir = path.join(os.tmpdir(), `paratrack-pg-restart-${process.pid}`);
  const env = { ...process.env, PARATRACK_PG_DIR: pgDir };
  const script = (name: string, ...args: string[]) =>
    spawnSync("bash", [path.resolve("scripts/pg", name), ...args], {
      env,
      encoding: "utf8",
      timeout: 300_000,
    });
  let url = "";
  let db: PrismaClient;

  beforeAll(async () => {
    const up = script("up.sh");
    if (up.status !== 0) throw new Error(`scripts/pg/up.sh failed: ${up.stderr}`);
    url = /export DATABASE_URL=(\S+)/.exec(up.stdout)?.[1] ?? "";
    db = await createPostgresClient(url, MIGRATIONS);
  }, 300_000);
  afterAll(async () => {
    await db?.$disconnect();
    script("down.sh", "--purge");
  });

  it("fails writes with a clear error while it is down, and the same client works again when it is back", async () => {
    const event = (message: string) =>
      createEvent(db, {
        kind: "track:stopped",
        severity: "info",
        message,
        actor: "system",
        runId: null,
        trackKey: "t",
        details: { reason: message },
      });
    await event("before");
    expect(script("down.sh").status).toBe(0);

    const failure = await event("while down").catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/ECONNREFUSED|terminat|connection|closed/i);

    const up = script("up.sh");
    expect(up.status, up.stderr).toBe(0);
    expect(up.stdout).toContain(url); // same port, same URL
    await event("after");
    expect((await listEvents(db, { limit: 10 })).map((e) => [e.message, e.details])).toEqual([
      ["after", { reason: "after" }],
      ["before", { reason: "before" }],
    ]);
  }, 300_000);
});
