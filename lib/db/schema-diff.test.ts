// Schema and migration checks: SQLite databases plus a check of the PostgreSQL twin's first migration (no server needed).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "./migrate";
import { applyPostgresMigrations } from "./postgres";
import { diagnoseSqliteMigrationHistory, diffMigrationsToSchema } from "./schema-diff";
import { createScratchDatabase, testPostgresServerUrl } from "./test-database";

const SQLITE = {
  schemaPath: path.resolve("prisma/schema.prisma"),
  migrationsDir: path.resolve("prisma/migrations"),
};
const POSTGRES = {
  schemaPath: path.resolve("prisma/postgresql/schema.prisma"),
  migrationsDir: path.resolve("prisma/postgresql/migrations"),
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-diff-test-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("committed migrations", () => {
  // Fails when someone edits schema.prisma and forgets `npm run db:diff -- --name <name>`.
  it("bring a new SQLite database exactly to prisma/schema.prisma", async () => {
    expect(await diffMigrationsToSchema({ provider: "sqlite", ...SQLITE })).toBeNull();
  });

  it("keep the PostgreSQL twin's models identical to the SQLite schema's", () => {
    const models = (file: string) =>
      readFileSync(file, "utf8").slice(readFileSync(file, "utf8").indexOf("\n///"));
    expect(models(POSTGRES.schemaPath)).toBe(models(SQLITE.schemaPath));
  });

  it("give every SQLite migration a PostgreSQL twin of the same name", () => {
    const names = (dir: string) => readMigrations(dir).map((m) => m.name.replace(/^\d+_/, ""));
    expect(names(POSTGRES.migrationsDir)).toEqual(names(SQLITE.migrationsDir));
  });

  // Without a PostgreSQL server, later migrations (which need a server to replay) must together create every
  // column of the schema.
  it("create every column of prisma/postgresql/schema.prisma (no server)", async () => {
    const [first, ...later] = readMigrations(POSTGRES.migrationsDir);
    expect(first).toBeDefined();
    const sqliteNames = readMigrations(SQLITE.migrationsDir).map((m) => m.name.replace(/^\d+_/, ""));
    for (const migration of later) expect(sqliteNames).toContain(migration.name.replace(/^\d+_/, ""));
    const fromNothing = await diffMigrationsToSchema({
      provider: "postgresql",
      schemaPath: POSTGRES.schemaPath,
      migrationsDir: path.join(dir, "none"),
    });
    if (later.length === 0) expect(first?.sql).toBe(fromNothing);
    else {
      const created = columnsOf([first?.sql ?? "", ...later.map((m) => m.sql)].join("\n"));
      expect([...created].sort()).toEqual([...columnsOf(fromNothing ?? "")].sort());
    }
  });

  // Without a server: the from-nothing script of the schema must be the PostgreSQL migrations' statements. That holds
  // only while migrations create (tables, indexes); once one alters or drops, the server check below (CI runs it
  // against a real PostgreSQL) is the check.
  const postgresMigrations = readMigrations(POSTGRES.migrationsDir);
  // (the first one adds its foreign keys with ALTER TABLE, as the diff from nothing does)
  const altering = postgresMigrations.slice(1).filter((m) => /^\s*(ALTER|DROP)\b/im.test(m.sql));
  it.skipIf(altering.length > 0)(
    "bring a new PostgreSQL database to prisma/postgresql/schema.prisma (statements, no server)",
    async () => {
      const fromNothing = await diffMigrationsToSchema({
        provider: "postgresql",
        schemaPath: POSTGRES.schemaPath,
        migrationsDir: path.join(dir, "none"),
      });
      expect(
        postgresMigrations[0]?.sql,
        "the first migration is the diff from nothing of its time",
      ).toBeDefined();
      expect(statements(postgresMigrations.map((m) => m.sql).join("\n"))).toEqual(
        statements(fromNothing ?? ""),
      );
    },
  );

  // With a server (scripts/pg/up.sh): the migrations and the from-nothing script give the same tables and indexes.
  it.skipIf(testPostgresServerUrl() === null)(
    "bring a new PostgreSQL database to prisma/postgresql/schema.prisma (server)",
    { timeout: 60_000 },
    async () => {
      const fromNothing = await diffMigrationsToSchema({
        provider: "postgresql",
        schemaPath: POSTGRES.schemaPath,
        migrationsDir: path.join(dir, "none"),
      });
      const [migrated, direct] = [
        await createScratchDatabase(testPostgresServerUrl()!),
        await createScratchDatabase(testPostgresServerUrl()!),
      ];
      try {
        await applyPostgresMigrations(migrated.url, POSTGRES.migrationsDir);
        await runPostgres(direct.url, fromNothing ?? "");
        expect(await describePostgres(migrated.url)).toEqual(await describePostgres(direct.url));
      } finally {
        await migrated.drop();
        await direct.drop();
      }
    },
  );

  it("are recorded by applyMigrations the way Prisma's engine reads them", async () => {
    const url = `file:${path.join(dir, "migrated.db")}`;
    applyMigrations(url, SQLITE.migrationsDir);
    expect(await diagnoseSqliteMigrationHistory({ url, ...SQLITE })).toMatchObject({
      hasMigrationsTable: true,
      editedMigrationNames: [],
      failedMigrationNames: [],
      history: null,
    });

    // The engine does compare checksums, so the agreement above means something.
    const db = new Database(url.slice("file:".length));
    db.prepare("UPDATE _prisma_migrations SET checksum = 'tampered'").run();
    db.close();
    const tampered = await diagnoseSqliteMigrationHistory({ url, ...SQLITE });
    expect(tampered.editedMigrationNames).toEqual(readMigrations(SQLITE.migrationsDir).map((m) => m.name));
  });
});

describe("diffMigrationsToSchema after a schema change", () => {
  it("writes the SQL for the change, which applies on top and leaves nothing to diff", async () => {
    const schemaPath = path.join(dir, "schema.prisma");
    const migrationsDir = path.join(dir, "migrations");
    cpSync(SQLITE.migrationsDir, migrationsDir, { recursive: true });
    // A new column, and Track.name made optional: SQLite rebuilds the Track table for the latter.
    const changed = readFileSync(SQLITE.schemaPath, "utf8")
      .replace(
        "model Track {\n  id            String    @id",
        'model Track {\n  id            String    @id\n  note String @default("")',
      )
      .replace(/(model Track \{[^}]*?\n\s+name\s+)String\n/, "$1String?\n");
    expect(changed).toContain('note String @default("")');
    expect(changed).toMatch(/name\s+String\?/);
    writeFileSync(schemaPath, changed);

    const sql = await diffMigrationsToSchema({ provider: "sqlite", schemaPath, migrationsDir });
    expect(sql).toContain('"note" TEXT NOT NULL DEFAULT');
    expect(sql).toContain('"new_Track"');

    // Apply it to a database holding a run with a track and an agent: the rebuild must keep the children.
    const url = `file:${path.join(dir, "data.db")}`;
    applyMigrations(url, migrationsDir);
    const db = new Database(url.slice("file:".length));
    db.exec(`INSERT INTO "Run" ("id","name","status","planSource","planJson") VALUES ('r','n','running','','{}');
      INSERT INTO "Track" ("id","runId","key","name","position","status") VALUES ('t','r','k','Track',0,'running');
      INSERT INTO "Agent" ("id","trackId","name","attempt","command","logPath","startedAt")
        VALUES ('a','t','agent',1,'cmd','/tmp/log','2026-01-01');`);
    db.close();
    mkdirSync(path.join(migrationsDir, "29990101000000_change"));
    writeFileSync(path.join(migrationsDir, "29990101000000_change", "migration.sql"), sql ?? "");
    expect(applyMigrations(url, migrationsDir)).toEqual(["29990101000000_change"]);

    const after = new Database(url.slice("file:".length));
    expect(after.prepare('SELECT "name", "note" FROM "Track"').get()).toEqual({ name: "Track", note: "" });
    expect(after.prepare('SELECT COUNT(*) AS n FROM "Agent"').get()).toEqual({ n: 1 });
    after.close();
    expect(await diffMigrationsToSchema({ provider: "sqlite", schemaPath, migrationsDir })).toBeNull();
  });

  it("asks for a PostgreSQL server once PostgreSQL migrations exist", async () => {
    await expect(diffMigrationsToSchema({ provider: "postgresql", ...POSTGRES })).rejects.toThrow(
      /--scratch-url/,
    );
  });
});

/** A script's statements (comments and blank lines dropped), sorted: the same set in any order compares equal. */
function statements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^--.*$/gm, "").trim())
    .filter((s) => s !== "")
    .sort();
}

async function runPostgres(url: string, sql: string): Promise<void> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The public schema's columns and indexes, without Prisma's migration table. */
async function describePostgres(url: string): Promise<unknown> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
    );
    const indexes = await client.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes
       WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`,
    );
    return { columns: columns.rows, indexes: indexes.rows };
  } finally {
    await client.end();
  }
}

/** "Table.column" of every column a PostgreSQL script creates (CREATE TABLE and ALTER TABLE … ADD COLUMN). */
function columnsOf(sql: string): Set<string> {
  const columns = new Set<string>();
  for (const table of sql.matchAll(/CREATE TABLE "(\w+)" \(([\s\S]*?)\n\);/g)) {
    for (const column of (table[2] ?? "").matchAll(/^\s+"(\w+)" /gm)) columns.add(`${table[1]}.${column[1]}`);
  }
  for (const alter of sql.matchAll(/ALTER TABLE "(\w+)" ((?:(?:,\s*)?ADD COLUMN\s+"\w+"[^,;]*)+);/g)) {
    for (const column of (alter[2] ?? "").matchAll(/ADD COLUMN\s+"(\w+)"/g))
      columns.add(`${alter[1]}.${column[1]}`);
  }
  return columns;
}
