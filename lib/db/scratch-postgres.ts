import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { applyPostgresMigrations, importOptional } from "./postgres";
import type { ScratchDatabase } from "./schema-diff";

// Development only (db:diff --provider postgresql): a throwaway database on a PostgreSQL server, created and
// dropped around one diff. Needs pg and @prisma/adapter-pg, and a role allowed to CREATE DATABASE.

type PgClient = { connect(): Promise<void>; query(text: string): Promise<unknown>; end(): Promise<void> };
type PgModule = { Client: new (config: { connectionString: string }) => PgClient };
type PoolConfig = { host: string; port: number; user: string; password: string; database: string };
type AdapterPgModule = { PrismaPg: new (config: PoolConfig) => SqlMigrationAwareDriverAdapterFactory };

/** Creates `paratrack_diff_<random>` on the server `serverUrl` points at; dispose() drops it. */
export async function createScratchPostgres(serverUrl: string): Promise<ScratchDatabase> {
  const { Client } = await importOptional<PgModule>("pg");
  const { PrismaPg } = await importOptional<AdapterPgModule>("@prisma/adapter-pg");
  const database = `paratrack_diff_${crypto.randomUUID().replaceAll("-", "")}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);

  const scratchUrl = new URL(serverUrl);
  scratchUrl.pathname = `/${database}`;
  // Discrete fields, not connectionString: adapter-pg's shadow database overrides `database`, which a
  // connection string would silently win over.
  const config: PoolConfig = {
    host: scratchUrl.hostname,
    port: Number(scratchUrl.port || 5432),
    user: decodeURIComponent(scratchUrl.username),
    password: decodeURIComponent(scratchUrl.password),
    database,
  };
  return {
    adapterFactory: new PrismaPg(config),
    applyMigrations: async (migrationsDir) => {
      await applyPostgresMigrations(scratchUrl.toString(), migrationsDir);
    },
    dispose: async () => {
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
