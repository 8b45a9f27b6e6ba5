// Schema and migration checks: SQLite databases plus a check of the PostgreSQL twin's first migration (no server needed).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "./migrate";
import { applyPostgresMigrations, importOptional } from "./postgres";
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

  // Without a PostgreSQL server only the first migration can be checked: it must be the diff from nothing.
  it("bring a new PostgreSQL database to prisma/postgresql/schema.prisma (first migration)", async () => {
    const [first, ...later] = readMigrations(POSTGRES.migrationsDir);
    expect(first).toBeDefined();
    const fromNothing = await diffMigrationsToSchema({
      provider: "postgresql",
      schemaPath: POSTGRES.schemaPath,
      migrationsDir: path.join(dir, "none"),
    });
    if (later.length === 0) expect(first?.sql).toBe(fromNothing);
    else expect(first?.sql).not.toBe(fromNothing);
  });

  // Later migrations are hand-checked SQL (the WASM engine cannot read a PostgreSQL 15 catalog: "Column type 'char'
  // could not be deserialized"): on a server, the migrations and the diff from nothing must build the same tables.
  it.skipIf(testPostgresServerUrl() === null)(
    "bring a PostgreSQL database to the same tables, columns and indexes as the schema (on a server)",
    async () => {
      const server = testPostgresServerUrl()!;
      const fromNothing = await diffMigrationsToSchema({
        provider: "postgresql",
        schemaPath: POSTGRES.schemaPath,
        migrationsDir: path.join(dir, "none"),
      });
      const migrated = await createScratchDatabase(server);
      const expected = await createScratchDatabase(server);
      try {
        await applyPostgresMigrations(migrated.url, POSTGRES.migrationsDir);
        await runSql(expected.url, fromNothing ?? "");
        expect(await describePostgresSchema(migrated.url)).toEqual(
          await describePostgresSchema(expected.url),
        );
      } finally {
        await migrated.drop();
        await expected.drop();
      }
    },
    60_000,
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

type PgClient = {
  connect(): Promise<void>;
  query(text: string): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
};

async function withPg<T>(url: string, use: (client: PgClient) => Promise<T>): Promise<T> {
  const { Client } = await importOptional<{ Client: new (c: { connectionString: string }) => PgClient }>(
    "pg",
  );
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function runSql(url: string, sql: string): Promise<unknown> {
  return withPg(url, (client) => client.query(sql));
}

/** Columns (order aside), indexes and constraints of the public schema, sorted: what two builds must share. */
function describePostgresSchema(url: string): Promise<string[]> {
  return withPg(url, async (client) => {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const indexes = await client.query(
      "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
    );
    const constraints = await client.query(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE connamespace = 'public'::regnamespace AND conname NOT LIKE '_prisma_migrations%'`,
    );
    return [...columns.rows, ...indexes.rows, ...constraints.rows].map((row) => JSON.stringify(row)).sort();
  });
}
