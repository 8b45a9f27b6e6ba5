// Whether a database error means "the server cannot be reached right now" (worth waiting and retrying: PostgreSQL
// restarting, the network gone; a SQLite file whose disk is full) rather than a write that is wrong in itself. Read from Prisma's codes, the driver
// adapter's error kinds, PostgreSQL's SQLSTATE and Node's socket errors, since each layer may be the one that reports.

/** Prisma: can't reach (P1001), timed out (P1002, P1008), server closed the connection (P1017). */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);
/** @prisma/driver-adapter-utils error kinds that describe the connection, not the query. */
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
/** Node socket errors. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const MESSAGES =
  /Can't reach database server|Connection terminated|Server has closed the connection|timeout exceeded when trying to connect|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * SQLite: the disk is full (SQLITE_FULL; in WAL mode often SQLITE_IOERR_SHMSIZE, "disk I/O error"), or the file
 * became read-only during the run (SQLITE_READONLY: a file system remounted read-only after an error). The write is
 * fine and succeeds once space is freed or the file is writable again; dropping it would lose what the run recorded.
 * (A file that is read-only when Paratrack starts is refused at start instead.)
 */
const SQLITE_CANNOT_WRITE_NOW = /^SQLITE_(FULL|IOERR|READONLY)/;

/** PostgreSQL SQLSTATE: class 08 (connection exception), 57P01–57P03 (shutdown, cannot connect now), 53300. */
function isConnectionState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code) || code === "53300";
}

type Inspectable = {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: unknown;
  driverAdapterError?: unknown;
};

/** True when the error says the database is unreachable, went away or cannot take writes now (not a bad query). */
export function isDatabaseUnreachable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown): boolean => {
    if (typeof value !== "object" || value === null || seen.has(value)) return false;
    seen.add(value);
    const e = value as Inspectable;
    if (typeof e.code === "string") {
      if (PRISMA_CODES.has(e.code) || SOCKET_CODES.has(e.code) || isConnectionState(e.code)) return true;
    }
    if (
      typeof e.originalCode === "string" &&
      (isConnectionState(e.originalCode) || SQLITE_CANNOT_WRITE_NOW.test(e.originalCode))
    )
      return true;
    if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
    if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
    return visit(e.cause) || visit(e.meta) || visit(e.driverAdapterError);
  };
  return visit(error);
}
