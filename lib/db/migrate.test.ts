// SQLite-specific (better-sqlite3 migrator): the PostgreSQL migrator is tested in postgres.test.ts.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, PRISMA_MIGRATIONS_TABLE_SQL, readMigrations, sqlitePathFromUrl } from "./migrate";

const REPO_MIGRATIONS = path.resolve("prisma/migrations");
const SCHEMA_MODELS = [...readFileSync("prisma/schema.prisma", "utf8").matchAll(/^model (\w+) \{/gm)].map(
  (match) => match[1],
);

let dir: string;
let dbFile: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-migrate-"));
  dbFile = path.join(dir, "test.db");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function withDb<T>(read: (db: Database.Database) => T): T {
  const db = new Database(dbFile);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function tableNames(): string[] {
  return withDb((db) =>
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
      .map((row) => row.name)
      .filter((name) => name !== "sqlite_sequence")
      .sort(),
  );
}

type Row = {
  migration_name: string;
  checksum: string;
  finished_at: string | null;
  rolled_back_at: string | null;
  started_at: string;
  applied_steps_count: number;
};
function migrationRows(): Row[] {
  return withDb(
    (db) => db.prepare("SELECT * FROM _prisma_migrations ORDER BY migration_name").all() as Row[],
  );
}

function writeMigration(root: string, name: string, sql: string): void {
  mkdirSync(path.join(root, name), { recursive: true });
  writeFileSync(path.join(root, name, "migration.sql"), sql);
}

describe("applyMigrations on the committed migrations", () => {
  it("creates every model of schema.prisma as a table, plus _prisma_migrations", () => {
    expect(SCHEMA_MODELS.length).toBeGreaterThan(5);
    const applied = applyMigrations(`file:${dbFile}`, REPO_MIGRATIONS);

    expect(applied).toEqual(
      readdirSync(REPO_MIGRATIONS)
        .filter((name) => /^\d{14}_/.test(name))
        .sort(),
    );
    expect(tableNames()).toEqual([...SCHEMA_MODELS, "_prisma_migrations"].sort());
  });

  it("records each migration as Prisma does: sha256 of the file, finished, one step", () => {
    applyMigrations(`file:${dbFile}`, REPO_MIGRATIONS);
    const rows = migrationRows();

    expect(rows.map((row) => row.migration_name)).toEqual(readMigrations(REPO_MIGRATIONS).map((m) => m.name));
    for (const row of rows) {
      const file = readFileSync(path.join(REPO_MIGRATIONS, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(Date.parse(row.started_at)).not.toBeNaN();
    }
    const ddl = withDb((db) =>
      db.prepare("SELECT sql FROM sqlite_master WHERE name = '_prisma_migrations'").get(),
    );
    expect(ddl).toEqual({ sql: PRISMA_MIGRATIONS_TABLE_SQL });
  });

  it("is idempotent: a second run applies nothing and records nothing", () => {
    applyMigrations(`file:${dbFile}`, REPO_MIGRATIONS);
    const before = migrationRows();
    expect(applyMigrations(`file:${dbFile}`, REPO_MIGRATIONS)).toEqual([]);
    expect(migrationRows()).toEqual(before);
  });

  it("accepts an open database and leaves its foreign keys on", () => {
    const db = new Database(dbFile);
    try {
      expect(applyMigrations(db, REPO_MIGRATIONS).length).toBeGreaterThan(0);
      expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(db.open).toBe(true);
    } finally {
      db.close();
    }
  });
});

describe("applyMigrations on hand-written migrations", () => {
  let migrations: string;
  beforeEach(() => {
    migrations = path.join(dir, "migrations");
    writeMigration(migrations, "20260101000000_first", 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);\n');
  });

  it("applies in folder-name order and skips folders without migration.sql", () => {
    writeMigration(migrations, "20260103000000_third", 'ALTER TABLE "B" ADD COLUMN "c" TEXT;\n');
    writeMigration(migrations, "20260102000000_second", 'CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);\n');
    mkdirSync(path.join(migrations, "20260104000000_empty_folder"));
    writeFileSync(path.join(migrations, "migration_lock.toml"), 'provider = "sqlite"\n');

    expect(applyMigrations(`file:${dbFile}`, migrations)).toEqual([
      "20260101000000_first",
      "20260102000000_second",
      "20260103000000_third",
    ]);
  });

  it("applies only the new ones on a later start", () => {
    applyMigrations(`file:${dbFile}`, migrations);
    writeMigration(migrations, "20260102000000_second", 'CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);\n');
    expect(applyMigrations(`file:${dbFile}`, migrations)).toEqual(["20260102000000_second"]);
  });

  it("throws naming the failed migration and the SQLite error, leaving the database at the one before", () => {
    applyMigrations(`file:${dbFile}`, migrations);
    // The first statement succeeds, the second fails: nothing of the migration may remain.
    writeMigration(
      migrations,
      "20260102000000_broken",
      'CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "Missing" VALUES (1);\n',
    );

    expect(() => applyMigrations(`file:${dbFile}`, migrations)).toThrow(
      /20260102000000_broken.*no such table: Missing/,
    );
    expect(tableNames()).toEqual(["A", "_prisma_migrations"]);
    expect(migrationRows().map((row) => row.migration_name)).toEqual(["20260101000000_first"]);

    writeMigration(migrations, "20260102000000_broken", 'CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);\n');
    expect(applyMigrations(`file:${dbFile}`, migrations)).toEqual(["20260102000000_broken"]);
  });

  it("stops at the first failure and does not apply the migrations after it", () => {
    writeMigration(migrations, "20260102000000_broken", "THIS IS NOT SQL;\n");
    writeMigration(migrations, "20260103000000_after", 'CREATE TABLE "C" ("id" INTEGER PRIMARY KEY);\n');
    expect(() => applyMigrations(`file:${dbFile}`, migrations)).toThrow(/20260102000000_broken/);
    expect(tableNames()).toEqual(["A", "_prisma_migrations"]);
  });

  it("refuses to run past a migration Prisma recorded as failed (as migrate deploy does)", () => {
    applyMigrations(`file:${dbFile}`, migrations);
    withDb((db) =>
      db
        .prepare(
          "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ('x', 'y', 'half_done', '2026-01-01')",
        )
        .run(),
    );
    writeMigration(migrations, "20260102000000_second", 'CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);\n');
    expect(() => applyMigrations(`file:${dbFile}`, migrations)).toThrow(/half_done/);
    expect(tableNames()).not.toContain("B");
  });

  it("redefines a parent table without cascading deletes into its children", () => {
    writeMigration(
      migrations,
      "20260102000000_parent_child",
      `CREATE TABLE "Parent" ("id" TEXT NOT NULL PRIMARY KEY, "note" TEXT);
CREATE TABLE "Child" ("id" INTEGER PRIMARY KEY, "parentId" TEXT NOT NULL,
  CONSTRAINT "Child_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Parent" ("id") ON DELETE CASCADE);
`,
    );
    applyMigrations(`file:${dbFile}`, migrations);
    withDb((db) => db.exec(`INSERT INTO "Parent" VALUES ('p', NULL); INSERT INTO "Child" VALUES (1, 'p');`));

    // The shape Prisma generates for SQLite when a column changes (copy, drop, rename).
    writeMigration(
      migrations,
      "20260103000000_redefine_parent",
      `PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Parent" ("id" TEXT NOT NULL PRIMARY KEY, "note" TEXT NOT NULL DEFAULT '');
INSERT INTO "new_Parent" ("id", "note") SELECT "id", coalesce("note", '') FROM "Parent";
DROP TABLE "Parent";
ALTER TABLE "new_Parent" RENAME TO "Parent";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`,
    );
    expect(applyMigrations(`file:${dbFile}`, migrations)).toEqual(["20260103000000_redefine_parent"]);
    expect(withDb((db) => db.prepare('SELECT COUNT(*) AS n FROM "Child"').get())).toEqual({ n: 1 });
  });

  it("rejects a migration that leaves a dangling foreign key", () => {
    writeMigration(
      migrations,
      "20260102000000_dangling",
      `CREATE TABLE "P" ("id" INTEGER PRIMARY KEY);
CREATE TABLE "C" ("id" INTEGER PRIMARY KEY, "pId" INTEGER REFERENCES "P" ("id"));
INSERT INTO "C" VALUES (1, 42);
`,
    );
    expect(() => applyMigrations(`file:${dbFile}`, migrations)).toThrow(
      /20260102000000_dangling.*foreign key/,
    );
    expect(tableNames()).toEqual(["A", "_prisma_migrations"]);
  });

  it("creates the database file's folder when given a URL", () => {
    const nested = path.join(dir, "a", "b", "nested.db");
    applyMigrations(`file:${nested}`, migrations);
    expect(readdirSync(path.dirname(nested))).toContain("nested.db");
  });
});

describe("sqlitePathFromUrl", () => {
  it("strips the file: scheme and query parameters", () => {
    expect(sqlitePathFromUrl("file:./data/paratrack.db")).toBe("./data/paratrack.db");
    expect(sqlitePathFromUrl("file:/tmp/x.db?connection_limit=1")).toBe("/tmp/x.db");
    expect(sqlitePathFromUrl("/tmp/plain.db")).toBe("/tmp/plain.db");
  });
});
