import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

// Applies prisma/migrations/*/migration.sql at server start, in place of `prisma migrate deploy` (whose
// native engine cannot be downloaded here). It keeps Prisma's bookkeeping exactly, so either tool can take
// over a database the other migrated.

/** One migration folder on disk. */
export type MigrationFile = {
  /** Folder name, e.g. "20261126063000_init"; folders apply in name order, as Prisma does. */
  name: string;
  sql: string;
  /** Prisma's checksum: SHA-256 of the script, lowercase hex. */
  checksum: string;
};

/** The table `prisma migrate` keeps, verbatim from Prisma's SQLite connector. */
export const PRISMA_MIGRATIONS_TABLE_SQL = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** What a migrator needs from a `_prisma_migrations` row. */
export type RecordedMigration = {
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
};

/** Prisma's migration checksum of a script. */
export function checksumMigration(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/** Reads every `<dir>/<name>/migration.sql`, sorted by folder name; other files and folders are ignored. */
export function readMigrations(migrationsDir: string): MigrationFile[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, "migration.sql")),
    )
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: checksumMigration(sql) };
    });
}

/** "file:./data/x.db" → "./data/x.db" (query parameters dropped), as the better-sqlite3 adapter reads it. */
export function sqlitePathFromUrl(url: string): string {
  return url.replace(/^file:/, "").replace(/\?.*$/, "");
}

/** Opens (creating its folder if needed) the SQLite file a `file:` URL names. */
export function openSqlite(url: string): Database.Database {
  const file = sqlitePathFromUrl(url);
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return new Database(file);
}

/**
 * Applies the migrations not yet recorded in `_prisma_migrations`, each in its own transaction, and returns
 * their names. Throws (naming the migration) on the first failure, leaving the database at the one before.
 */
export function applyMigrations(target: Database.Database | string, migrationsDir: string): string[] {
  const db = typeof target === "string" ? openSqlite(target) : target;
  try {
    return applyPending(db, readMigrations(migrationsDir));
  } finally {
    if (typeof target === "string") db.close();
  }
}

function applyPending(db: Database.Database, migrations: MigrationFile[]): string[] {
  // SQLite drops "IF NOT EXISTS" from the stored definition, so the table still reads exactly as Prisma's.
  db.exec(PRISMA_MIGRATIONS_TABLE_SQL.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"));

  const recorded = db
    .prepare("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations")
    .all() as RecordedMigration[];
  const applied: string[] = [];
  for (const migration of pendingMigrations(recorded, migrations)) {
    if (applyOne(db, migration)) applied.push(migration.name);
  }
  return applied;
}

/** The migrations on disk not yet recorded as finished; throws if Prisma left one unfinished (its P3009). */
export function pendingMigrations(recorded: RecordedMigration[], onDisk: MigrationFile[]): MigrationFile[] {
  const failed = recorded.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new Error(
      `Migration ${failed.migration_name} failed earlier and is recorded as unfinished in _prisma_migrations; ` +
        "repair the database, then mark it rolled back (`prisma migrate resolve --rolled-back`) or delete its row.",
    );
  }
  const done = new Set(recorded.filter((row) => row.finished_at !== null).map((row) => row.migration_name));
  return onDisk.filter((migration) => !done.has(migration.name));
}

// Returns false when another process applied it meanwhile (two servers starting on one file).
function applyOne(db: Database.Database, migration: MigrationFile): boolean {
  // Prisma's table redefinitions (create copy, drop, rename) would fire ON DELETE CASCADE with foreign keys on;
  // the pragma is ignored inside a transaction, so switch it off around it and check integrity before commit,
  // as SQLite's documented ALTER TABLE procedure does.
  const foreignKeysWereOn = db.pragma("foreign_keys", { simple: true }) === 1;
  if (foreignKeysWereOn) db.pragma("foreign_keys = OFF");
  const startedAt = prismaTimestamp();
  try {
    // IMMEDIATE takes the write lock before the re-check, so the check and the apply cannot interleave.
    return db
      .transaction(() => {
        const isRecorded = db
          .prepare("SELECT 1 FROM _prisma_migrations WHERE migration_name = ? AND finished_at IS NOT NULL")
          .get(migration.name);
        if (isRecorded) return false;
        db.exec(migration.sql);
        const violations = db.pragma("foreign_key_check") as unknown[];
        if (violations.length > 0)
          throw new Error(`${violations.length} foreign key violation(s) after the script`);
        db.prepare(
          `INSERT INTO _prisma_migrations
           (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(randomUUID(), migration.checksum, prismaTimestamp(), migration.name, startedAt);
        return true;
      })
      .immediate();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
  } finally {
    if (foreignKeysWereOn) db.pragma("foreign_keys = ON");
  }
}

// The form Prisma's schema engine writes into _prisma_migrations (RFC 3339, UTC offset spelled out).
function prismaTimestamp(): string {
  return new Date().toISOString().replace("Z", "+00:00");
}
