// For tests: a fresh, migrated database on the backend PARATRACK_TEST_DB picks, so one suite runs on both.
//   PARATRACK_TEST_DB=sqlite (default)  a file in a temporary directory
//   PARATRACK_TEST_DB=postgresql        a new database on the server PARATRACK_TEST_POSTGRES_URL names
//                                        (scripts/pg/up.sh prints it), dropped by dispose()
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSqliteClient, type PrismaClient } from "./client";
import { createPostgresClient, importOptional } from "./postgres";

export type TestBackend = "sqlite" | "postgresql";

export type TestDatabase = {
  backend: TestBackend;
  url: string;
  db: PrismaClient;
  dispose(): Promise<void>;
};

/** The backend this test run uses; throws when PostgreSQL is asked for without a server to use. */
export function testBackend(): TestBackend {
  const wanted = process.env.PARATRACK_TEST_DB ?? "sqlite";
  if (wanted !== "sqlite" && wanted !== "postgresql") {
    throw new Error(`PARATRACK_TEST_DB must be "sqlite" or "postgresql", not "${wanted}"`);
  }
  if (wanted === "postgresql" && !process.env.PARATRACK_TEST_POSTGRES_URL) {
    throw new Error(
      'PARATRACK_TEST_DB=postgresql needs PARATRACK_TEST_POSTGRES_URL: run `eval "$(scripts/pg/up.sh)"` first',
    );
  }
  return wanted;
}

/** The PostgreSQL server URL for tests, when one is configured (PostgreSQL-only tests skip without it). */
export function testPostgresServerUrl(): string | null {
  return process.env.PARATRACK_TEST_POSTGRES_URL || null;
}

const REPO = path.resolve(__dirname, "../..");

/** A new empty database, migrated with the committed migrations of its backend (or those in `migrationsDir`). */
export async function openTestDatabase(
  backend: TestBackend = testBackend(),
  migrationsDir?: string,
): Promise<TestDatabase> {
  if (backend === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-testdb-"));
    const url = `file:${path.join(dir, "test.db")}`;
    const db = createSqliteClient(url, migrationsDir ?? path.join(REPO, "prisma/migrations"));
    return {
      backend,
      url,
      db,
      dispose: async () => {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const server = testPostgresServerUrl();
  if (!server) throw new Error("no PostgreSQL server for tests (PARATRACK_TEST_POSTGRES_URL)");
  const scratch = await createScratchDatabase(server);
  const db = await createPostgresClient(
    scratch.url,
    migrationsDir ?? path.join(REPO, "prisma/postgresql/migrations"),
  );
  return {
    backend,
    url: scratch.url,
    db,
    dispose: async () => {
      await db.$disconnect();
      await scratch.drop();
    },
  };
}

type PgClient = { connect(): Promise<void>; query(text: string): Promise<unknown>; end(): Promise<void> };
type PgModule = { Client: new (config: { connectionString: string }) => PgClient };

/** Creates `paratrack_test_<random>` on the server; drop() removes it, closing any connection left to it. */
export async function createScratchDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const { Client } = await importOptional<PgModule>("pg");
  const name = `paratrack_test_${crypto.randomUUID().replaceAll("-", "")}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = new Client({ connectionString: serverUrl });
      await again.connect();
      try {
        await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}
