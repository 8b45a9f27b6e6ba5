// Socket.IO across servers on one PostgreSQL database (@socket.io/postgres-adapter, LISTEN/NOTIFY): a push of one
// server reaches the browsers of every server on the database, and servers can ask each other (serverSideEmit).
// The adapter's listening connection has no error listener of its own, and pg throws an unhandled "error" event
// when a connection breaks (PostgreSQL restarting): every pooled connection gets one here, so a restart of the
// database is logged and the adapter reconnects instead of the process crashing.
import type { Logger } from "pino";
import { importOptional } from "../db/postgres";
import type { RealtimeServer } from "./server";

type PgClient = { on(event: "error", listener: (error: Error) => void): unknown };
type PgPool = {
  query(text: string): Promise<unknown>;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "connect", listener: (client: PgClient) => void): unknown;
  end(): Promise<void>;
};
type PgModule = {
  Pool: new (config: {
    connectionString: string;
    max: number;
    application_name: string;
    keepAlive: boolean;
    connectionTimeoutMillis: number;
  }) => PgPool;
};
type AdapterModule = {
  createAdapter(
    pool: PgPool,
    options: { requestsTimeout: number; errorHandler: (error: Error) => void },
  ): Parameters<RealtimeServer["adapter"]>[0];
};

/** Where the adapter keeps payloads over NOTIFY's 8000 bytes (its documented table). */
const ATTACHMENTS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS socket_io_attachments (
  id bigserial UNIQUE,
  created_at timestamptz DEFAULT NOW(),
  payload bytea
)`;

export type CrossServerOptions = {
  /** How long a server waits for the others' answers to serverSideEmit (a lead's stop waits for the agents' exits). */
  requestsTimeoutMs?: number;
};

/** Puts `io` on the PostgreSQL adapter; close() ends its connections (after io.close()). */
export async function attachPostgresAdapter(
  io: RealtimeServer,
  url: string,
  logger: Logger,
  options: CrossServerOptions = {},
): Promise<{ close(): Promise<void> }> {
  const { Pool } = await importOptional<PgModule>("pg");
  const { createAdapter } = await importOptional<AdapterModule>("@socket.io/postgres-adapter");
  const pool = new Pool({
    connectionString: url,
    max: 4,
    application_name: "paratrack-socket.io",
    keepAlive: true,
    connectionTimeoutMillis: 5_000,
  });
  let lastWarning = 0;
  const warn = (error: Error, what: string) => {
    // At most one line every 10 s while the database is away (the adapter retries every ~2 s).
    if (Date.now() - lastWarning < 10_000) return;
    lastWarning = Date.now();
    logger.warn({ err: error }, `Socket.IO across servers: ${what}`);
  };
  pool.on("error", (error) => warn(error, "a pooled connection failed"));
  pool.on("connect", (client) => client.on("error", (error) => warn(error, "a connection failed")));
  await pool.query(ATTACHMENTS_TABLE_SQL);
  io.adapter(
    createAdapter(pool, {
      requestsTimeout: options.requestsTimeoutMs ?? 30_000,
      errorHandler: (error) => warn(error, "publishing failed"),
    }),
  );
  return { close: () => pool.end() };
}
