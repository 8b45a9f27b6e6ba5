// One engine per PostgreSQL database, across machines: the engine holds a session advisory lock on a connection of
// its own for as long as it runs. PostgreSQL releases it when that connection ends (the engine stops, crashes or
// loses the network), so no stale lock is ever left behind; a second engine is refused with who holds it.
import os from "node:os";
import { importOptional } from "./postgres";

/** The lock's two keys (pg_locks classid/objid): "PARA" and 1, distinct from Prisma's migrate lock (one bigint). */
export const OWNER_LOCK_KEYS = [0x50415241, 1] as const;

export class DatabaseOwnedError extends Error {
  readonly status = 409;
  constructor(message: string) {
    super(message);
    this.name = "DatabaseOwnedError";
  }
}

export type PostgresOwnerLock = {
  /** What this engine put in application_name: how other engines and pg_stat_activity name it. */
  readonly holder: string;
  /** The PostgreSQL backend (pg_backend_pid) of the lock's session. */
  readonly backendPid: number;
  /** False once released or once the lock's connection was lost. */
  isHeld(): boolean;
  /**
   * Asks PostgreSQL, on the lock's own connection, whether this session still holds the lock: true only on its
   * answer. A connection that died unnoticed (a network that dropped, then came back) fails here, and the loss is
   * reported (onLost); no answer within `timeoutMs` is false, the lock still counted as held.
   */
  confirm(timeoutMs?: number): Promise<boolean>;
  /** Ends the connection, which releases the lock. */
  release(): Promise<void>;
};

export type ClaimOptions = {
  /** Called once if the connection holding the lock fails: from then on another engine may take the database. */
  onLost?: (error: Error) => void;
  /** Seconds to wait for the server; default 10. */
  connectTimeoutSeconds?: number;
  /**
   * Re-claiming after a loss: the backend of this engine's earlier lock session, ended first in case the server has
   * not yet noticed that its connection died (it would otherwise hold the lock against its own engine until TCP
   * keepalive gives up). Only that session, and only while it still carries this process's name: never another
   * engine's, even one in the same process (the tests run two) or one the backend's pid was given to since.
   */
  evictStaleSession?: number | null;
};

type PgClient = {
  connect(): Promise<void>;
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
  on(event: "error" | "end", listener: (error?: Error) => void): void;
};
type PgModule = {
  Client: new (config: {
    connectionString: string;
    application_name: string;
    keepAlive: boolean;
    connectionTimeoutMillis: number;
    query_timeout?: number;
  }) => PgClient;
};

/** "paratrack-engine pid 123 on host-a": the name a refused engine reads in the error. */
export function describeHolder(pid = process.pid, host = os.hostname()): string {
  return `paratrack-engine pid ${pid} on ${host}`;
}

/** Takes the database for this engine, or throws DatabaseOwnedError naming the engine that has it. */
export async function claimPostgresDatabase(
  url: string,
  options: ClaimOptions = {},
): Promise<PostgresOwnerLock> {
  const { Client } = await importOptional<PgModule>("pg");
  const holder = describeHolder();
  const client = new Client({
    connectionString: url,
    application_name: holder,
    keepAlive: true, // a dead peer is noticed, and the lock's loss reported
    connectionTimeoutMillis: (options.connectTimeoutSeconds ?? 10) * 1000,
  });
  let held = false;
  let lostReported = false;
  const lose = (error: Error) => {
    if (!held || lostReported) return;
    held = false;
    lostReported = true;
    options.onLost?.(error);
  };
  client.on("error", (error) => lose(error ?? new Error("the lock's connection failed")));
  client.on("end", () => lose(new Error("the connection holding the database lock ended")));

  await client.connect();
  let backendPid = 0;
  try {
    if (options.evictStaleSession)
      await client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE pid = $2 AND application_name = $1 AND pid <> pg_backend_pid() AND datname = current_database()`,
        [holder, options.evictStaleSession],
      );
    const { rows } = await client.query(
      "SELECT pg_try_advisory_lock($1, $2) AS locked, pg_backend_pid() AS backend",
      [...OWNER_LOCK_KEYS],
    );
    backendPid = Number(rows[0]?.backend);
    if (rows[0]?.locked !== true) {
      const owner = await describeOwner(client);
      throw new DatabaseOwnedError(
        `the database is in use by another Paratrack engine (${owner}): stop it, or point this server at another ` +
          "database; a server that only serves pages does not need the lock",
      );
    }
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  held = true;
  let confirming: Promise<boolean> | null = null;
  const askHeld = async (): Promise<boolean> => {
    try {
      const { rows } = await client.query(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory'
            AND classid = $1 AND objid = $2 AND objsubid = 2 AND granted) AS held`,
        [...OWNER_LOCK_KEYS],
      );
      if (rows[0]?.held === true) return held;
      lose(new Error("the database lock is no longer held by this engine's session"));
      return false;
    } catch (error) {
      lose(error instanceof Error ? error : new Error(String(error)));
      return false;
    }
  };
  return {
    holder,
    backendPid,
    isHeld: () => held,
    async confirm(timeoutMs = 5_000) {
      if (!held) return false;
      // One question at a time: a connection that hangs answers none, and they would pile up behind it.
      confirming ??= askHeld().finally(() => {
        confirming = null;
      });
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([confirming, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    async release() {
      if (!held && lostReported) return;
      held = false;
      lostReported = true; // a deliberate release is not a loss
      await client.end().catch(() => {});
    },
  };
}

/** The session holding the lock on the connected database: its name, address and start; null when none does. */
async function ownerSession(client: PgClient): Promise<Record<string, unknown> | null> {
  const { rows } = await client.query(
    `SELECT a.application_name, a.client_addr, a.backend_start
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [...OWNER_LOCK_KEYS],
  );
  return rows[0] ?? null;
}

async function describeOwner(client: PgClient): Promise<string> {
  const row = await ownerSession(client);
  if (!row) return "it has just released it; try again";
  const name = String(row.application_name || "an unnamed client");
  const from = row.client_addr ? ` from ${String(row.client_addr)}` : "";
  const since =
    row.backend_start instanceof Date ? `, connected since ${row.backend_start.toISOString()}` : "";
  return `${name}${from}${since}`;
}

/**
 * The engine holding the database: its application_name (see describeHolder), and its pid when it runs on this
 * machine (null when elsewhere, or not a Paratrack engine's name).
 */
export type PostgresOwner = { name: string; pidHere: number | null };

/** PostgreSQL keeps the first 63 bytes of an application_name. */
const NAME_BYTES = 63;

/**
 * Which engine holds a PostgreSQL database now, without taking it (for `paratrack check`); null when none does.
 * Throws when the database cannot be reached.
 */
export async function findPostgresOwner(
  url: string,
  options: { connectTimeoutSeconds?: number } = {},
): Promise<PostgresOwner | null> {
  const { Client } = await importOptional<PgModule>("pg");
  const client = new Client({
    connectionString: url,
    application_name: "paratrack-check",
    keepAlive: false,
    connectionTimeoutMillis: (options.connectTimeoutSeconds ?? 5) * 1000,
    // A network that drops packets after the connection makes a query hang, not fail.
    query_timeout: (options.connectTimeoutSeconds ?? 5) * 1000,
  });
  client.on("error", () => {}); // a failure is the query's to report
  await client.connect();
  try {
    const row = await ownerSession(client);
    if (row === null) return null;
    const name = String(row.application_name || "an unnamed client");
    const pid = Number(/^paratrack-engine pid (\d+) on /.exec(name)?.[1] ?? Number.NaN);
    const here = Number.isInteger(pid) && describeHolder(pid).slice(0, NAME_BYTES) === name;
    return { name, pidHere: here ? pid : null };
  } finally {
    await client.end().catch(() => {});
  }
}
