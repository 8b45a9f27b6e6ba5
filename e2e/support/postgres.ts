// PostgreSQL for the e2e specs: a throwaway database per server (or per spec) on the test server that
// scripts/pg/up.sh prints (PARATRACK_TEST_POSTGRES_URL). E2E_DATABASE=postgresql runs every server of the specs on
// one; specs that need PostgreSQL in any case (two servers on one database) skip without it.
import { randomUUID } from "node:crypto";
import pg from "pg";

/** The PostgreSQL server for tests, or null (then PostgreSQL-only specs skip). */
export function testPostgresUrl(): string | null {
  return process.env.PARATRACK_TEST_POSTGRES_URL || null;
}

/** The PostgreSQL test server, for servers that must run on it: without one, how to bring it up. */
export function requireTestPostgresUrl(): string {
  const url = testPostgresUrl();
  if (!url)
    throw new Error(
      'e2e servers on PostgreSQL need PARATRACK_TEST_POSTGRES_URL: eval "$(scripts/pg/up.sh)" first',
    );
  return url;
}

/** Whether every e2e server should run on PostgreSQL instead of a SQLite file (E2E_DATABASE=postgresql). */
export function e2eOnPostgres(): boolean {
  if (process.env.E2E_DATABASE !== "postgresql") return false;
  requireTestPostgresUrl();
  return true;
}

export type ScratchDatabase = { url: string; drop(): Promise<void> };

/** Creates paratrack_e2e_<random> on the server; drop() removes it, ending any connection left to it. */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `paratrack_e2e_${randomUUID().replaceAll("-", "")}`;
  // Bounded: a connection or statement that hangs (a loaded machine, a stuck server) fails with its reason instead
  // of using up the spec's whole timeout in silence, as it once did in CI; a create that failed is tried once more.
  const admin = async (sql: string) => {
    const client = new pg.Client({
      connectionString: serverUrl,
      connectionTimeoutMillis: 15_000,
      query_timeout: 60_000,
    });
    try {
      await client.connect();
      await client.query(sql);
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  try {
    await admin(`CREATE DATABASE "${name}"`);
  } catch (first) {
    console.warn(`e2e: CREATE DATABASE failed (${(first as Error).message}); trying once more`);
    await admin(`CREATE DATABASE "${name}"`);
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
