import { existsSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { forgetSingleton, peekSingleton, singleton } from "../singleton";
import { PrismaClient } from "./generated/client";
import { applyMigrations, openSqlite, sqlitePathFromUrl } from "./migrate";

export { PrismaClient };

/** Where the database lives when neither the caller nor DATABASE_URL says otherwise (relative to the cwd). */
export const DEFAULT_DATABASE_URL = "file:./data/paratrack.db";
/** Milliseconds a connection waits for another one's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

type Handle = { url: string; client: PrismaClient };
const SINGLETON = "db";

/** True for URLs served by the PostgreSQL twin (prisma/postgresql/) rather than SQLite. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** "db on 127.0.0.1:5432", without the user or password. */
function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname.replace(/^\//, "") || "(default)"} on ${parsed.host}`;
  } catch {
    return "(unparseable URL)";
  }
}

/**
 * Opens the database once for the process (migrating it first) and returns the client. The server calls
 * this at start; PostgreSQL URLs need it, since their client loads asynchronously.
 */
export async function prepareDatabase(url = defaultUrl()): Promise<PrismaClient> {
  const existing = peekSingleton<Handle>(SINGLETON);
  if (existing) return clientFor(existing, url);
  if (!isPostgresUrl(url)) {
    const client = getDb(url);
    await client.$connect();
    return client;
  }
  // PostgreSQL is optional: pg, @prisma/adapter-pg and the generated-pg client may be absent, so neither
  // tsc nor Next's bundler may follow this import (tsx loads it at run time).
  const postgresModule = "./postgres";
  const { createPostgresClient } = (await import(
    /* webpackIgnore: true */ /* turbopackIgnore: true */ postgresModule
  )) as typeof import("./postgres");
  let client: PrismaClient;
  try {
    client = await createPostgresClient(url, resolveFromRepo("prisma/postgresql/migrations"));
  } catch (error) {
    throw new Error(
      `cannot open the PostgreSQL database ${describePostgresUrl(url)} (DATABASE_URL): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const handle = singleton<Handle>(SINGLETON, () => ({ url, client }));
  if (handle.client !== client) await client.$disconnect(); // another caller won the race
  return clientFor(handle, url);
}

/** The process's one Prisma client; SQLite databases are created and migrated on first use. */
export function getDb(url?: string): PrismaClient {
  const handle = singleton<Handle>(SINGLETON, () => {
    const target = url ?? defaultUrl();
    if (isPostgresUrl(target)) throw new Error("PostgreSQL: await prepareDatabase() before getDb()");
    return { url: target, client: createSqliteClient(target) };
  });
  return clientFor(handle, url);
}

/** Disconnects the client (SQLite then checkpoints its WAL) so the next getDb() starts afresh. */
export async function closeDb(): Promise<void> {
  const handle = peekSingleton<Handle>(SINGLETON);
  if (!handle) return;
  forgetSingleton(SINGLETON);
  await handle.client.$disconnect();
}

/** A new client on a SQLite file, migrated to the committed migrations; most callers want getDb(). */
export function createSqliteClient(
  url: string,
  migrationsDir = resolveFromRepo("prisma/migrations"),
): PrismaClient {
  let db: ReturnType<typeof openSqlite> | null = null;
  try {
    db = openSqlite(url);
    // WAL lets the dashboard read while the engine writes; the mode is stored in the file, so set it once here.
    db.pragma("journal_mode = WAL");
    applyMigrations(db, migrationsDir);
    // A file the process may not write (its mode, an immutable flag, a read-only mount) opens read-only, and stays
    // so for the connection's life: every write of the run would fail. Refuse now, with a write that changes nothing.
    db.pragma(`user_version = ${Number(db.pragma("user_version", { simple: true }))}`);
  } catch (error) {
    // SQLite's own words ("file is not a database", "database disk image is malformed") do not say which file.
    const file = path.resolve(sqlitePathFromUrl(url));
    throw new Error(
      `cannot open the SQLite database ${file}: ${error instanceof Error ? error.message : String(error)} (the file is left as it is)`,
      { cause: error },
    );
  } finally {
    db?.close();
  }
  // The file the migrations ran on: the adapter would take a query (`?connection_limit=1`) for part of its name.
  const file = `file:${sqlitePathFromUrl(url)}`;
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: BUSY_TIMEOUT_MS }) });
}

function clientFor(handle: Handle, url: string | undefined): PrismaClient {
  if (url !== undefined && url !== handle.url) {
    throw new Error(`The database is already open at ${handle.url}; cannot also open ${url} in this process`);
  }
  return handle.client;
}

function defaultUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

// Under tsx this file sits in lib/db; in Next's server bundle it does not, but there the process runs from
// the repository root (npm start), so the working directory is the fallback.
function resolveFromRepo(relative: string): string {
  const besideSource = typeof __dirname === "string" ? path.resolve(__dirname, "../..", relative) : undefined;
  return besideSource && existsSync(besideSource) ? besideSource : path.resolve(relative);
}
