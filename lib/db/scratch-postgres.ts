import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { applyPostgresMigrations, importOptional } from "./postgres";
import type { ScratchDatabase } from "./schema-diff";

// Development only (db:diff --provider postgresql): a throwaway database on a PostgreSQL server, created and
// dropped around one diff. Needs pg and @prisma/adapter-pg, and a role allowed to CREATE DATABASE.

type PgClient = { connect(): Promise<void>; query(text: string): Promise<unknown>; end(): Promise<void> };
type PgModule = { Client: new (config: { connectionString: string }) => PgClient };
type PoolConfig = { host: string; port: number; user: string; password: string; database: string };
type AdapterPgModule = { PrismaPg: new (config: PoolConfig) => SqlMigrationAwareDriverAdapterFactory };

/** PostgreSQL's internal one-byte "char" type (pg_class.relkind, pg_constraint.contype …). */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * Prisma's schema engine describes a database through pg_catalog queries whose results hold "char" columns, and
 * adapter-pg 7.10 has no column type for "char" (it throws "Unsupported column type char"), so every diff against a
 * migrated scratch database failed. The values are one-letter strings: describe the column as text. Only this
 * development tool (db:diff) patches pg; the server never loads this module.
 */
function describeCharAsText(pg: { Client: { prototype: { query: (...args: unknown[]) => unknown } } }): void {
  const proto = pg.Client.prototype as { query: (...args: unknown[]) => unknown; __charAsText?: true };
  if (proto.__charAsText) return;
  const original = proto.query;
  const asText = (answer: { fields?: { dataTypeID: number }[] } | undefined) => {
    for (const field of answer?.fields ?? [])
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return answer;
  };
  proto.query = function (this: unknown, ...args: unknown[]) {
    // pg.Pool calls client.query with a callback; adapter-pg's own clients use the promise.
    const last = args.at(-1);
    if (typeof last === "function") {
      const callback = last as (error: unknown, answer?: { fields?: { dataTypeID: number }[] }) => void;
      args[args.length - 1] = (error: unknown, answer?: { fields?: { dataTypeID: number }[] }) =>
        callback(error, asText(answer));
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === "function") {
      return (result as Promise<{ fields?: { dataTypeID: number }[] }>).then(asText);
    }
    return result;
  };
  proto.__charAsText = true;
}

/** Creates `paratrack_diff_<random>` on the server `serverUrl` points at; dispose() drops it. */
export async function createScratchPostgres(serverUrl: string): Promise<ScratchDatabase> {
  const pg = await importOptional<PgModule>("pg");
  describeCharAsText(pg as unknown as Parameters<typeof describeCharAsText>[0]);
  const { Client } = pg;
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
