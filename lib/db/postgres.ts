import type { PrismaClient } from "./generated/client";
import { type MigrationFile, pendingMigrations, type RecordedMigration, readMigrations } from "./migrate";

// The PostgreSQL twin of client.ts + migrate.ts, loaded only for postgres:// URLs. `pg` and
// `@prisma/adapter-pg` are optional dependencies and lib/db/generated-pg exists only after
// `prisma generate --schema prisma/postgresql/schema.prisma`, so they are imported by computed specifiers
// (tsc and bundlers then do not require them) and typed by the little we use.

/** The slice of `pg.Client` the migrator uses. */
type PgClient = {
  connect(): Promise<void>;
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
};
type PgModule = {
  Client: new (config: { connectionString: string; connectionTimeoutMillis?: number }) => PgClient;
};
type AdapterPgModule = { PrismaPg: new (config: { connectionString: string }) => object };
type GeneratedClientModule = { PrismaClient: new (options: { adapter: object }) => PrismaClient };

/** The table `prisma migrate` keeps, verbatim from Prisma's PostgreSQL connector. */
export const PRISMA_MIGRATIONS_TABLE_SQL_POSTGRES = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;
// The advisory lock Prisma's engine holds while migrating, so this and `prisma migrate deploy` exclude each other.
const PRISMA_MIGRATE_LOCK = 72707369;

/** Migrates the database, then returns a client on it through @prisma/adapter-pg. */
export async function createPostgresClient(url: string, migrationsDir: string): Promise<PrismaClient> {
  await applyPostgresMigrations(url, migrationsDir);
  const { PrismaPg } = await importOptional<AdapterPgModule>("@prisma/adapter-pg");
  const generatedClient = "./generated-pg/client";
  const { PrismaClient: PostgresPrismaClient } = await importOptional<GeneratedClientModule>(generatedClient);
  // Same models as the SQLite schema, so the SQLite client's type describes it (PostgreSQL offers a superset).
  return new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}

/** PostgreSQL version of applyMigrations: same bookkeeping, each migration in its own transaction. */
export async function applyPostgresMigrations(url: string, migrationsDir: string): Promise<string[]> {
  const { Client } = await importOptional<PgModule>("pg");
  // A server that does not answer (a wrong host, a firewall) fails the start after 10 s instead of hanging it.
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    await client.query(
      PRISMA_MIGRATIONS_TABLE_SQL_POSTGRES.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"),
    );
    const { rows } = await client.query(
      "SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations",
    );
    const applied: string[] = [];
    for (const migration of pendingMigrations(rows as RecordedMigration[], readMigrations(migrationsDir))) {
      await applyOne(client, migration);
      applied.push(migration.name);
    }
    return applied;
  } finally {
    await client.end(); // also releases the advisory lock
  }
}

async function applyOne(client: PgClient, migration: MigrationFile): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query(migration.sql); // no parameters: the simple protocol accepts many statements
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, clock_timestamp(), $3, transaction_timestamp(), 1)`,
      [crypto.randomUUID(), migration.checksum, migration.name],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
  }
}

/** Imports a module tsc and bundlers must not require; fails with what to install. */
export async function importOptional<T>(specifier: string): Promise<T> {
  try {
    const loaded = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ specifier)) as T & {
      default?: T;
    };
    // A CommonJS package (pg) arrives as `default`; the ES modules used here have named exports only.
    return loaded.default ?? loaded;
  } catch (error) {
    throw new Error(
      `PostgreSQL support needs ${specifier}: install pg and @prisma/adapter-pg 7.10.0, then run ` +
        "`prisma generate --schema prisma/postgresql/schema.prisma`.",
      { cause: error },
    );
  }
}
