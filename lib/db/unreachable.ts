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

/** Lines of Prisma's messages that say where the call was made, not what went wrong. */
const NOT_A_CAUSE = [
  /^Invalid `[^`]*` invocation/, // "Invalid `prisma.memorySample.create()` invocation:" (or "… in")
  /^\/.*:\d+:\d+$/, // the calling file
  /^\s*(→\s*)?\d+\s/, // a code frame's lines
  /^Please make sure/,
];

/**
 * What went wrong, in one line: the first line of the error or of its causes (Prisma's meta, the driver adapter's
 * error) that names a connection failure, else the deepest one (the driver's words are the most precise), and the
 * code that names it (SQLSTATE or SQLite's first, else the socket's or Prisma's).
 */
function causeOf(error: unknown): string {
  const seen = new Set<unknown>();
  const lines: string[] = [];
  const firsts: string[] = [];
  const codes: { code: string; original: boolean }[] = [];
  const visit = (value: unknown) => {
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    const e = value as Inspectable;
    if (typeof e.originalCode === "string") codes.push({ code: e.originalCode, original: true });
    if (typeof e.code === "string" && e.code !== "") codes.push({ code: e.code, original: false });
    if (typeof e.message === "string") {
      const said = e.message
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "" && !NOT_A_CAUSE.some((pattern) => pattern.test(l)));
      lines.push(...said);
      if (said[0] !== undefined) firsts.push(said[0]);
    }
    visit(e.cause);
    visit(e.meta);
    visit(e.driverAdapterError);
  };
  visit(error);
  const line =
    lines.find((l) => MESSAGES.test(l)) ??
    firsts.at(-1) ??
    (typeof error === "object" && error !== null ? "unknown error" : String(error));
  const code = (codes.find((c) => c.original) ?? codes[0])?.code;
  const text = line.replace(/[.:]$/, "");
  return code && !text.includes(code) ? `${text} (${code})` : text;
}

/** "PostgreSQL paratrack on db.example:5432" or "SQLite /data/paratrack.db": never the user or the password. */
export function describeDatabaseUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) return `SQLite ${url.replace(/^file:/, "")}`;
  try {
    const parsed = new URL(url);
    return `PostgreSQL ${parsed.pathname.replace(/^\//, "") || "(default database)"} on ${parsed.host}`;
  } catch {
    return "PostgreSQL (an unreadable DATABASE_URL)";
  }
}

/**
 * One line for a log or an event: the database (when its URL is given) and the cause, without Prisma's call site
 * and code frame, and without any user:password a message might carry.
 */
export function describeDatabaseError(error: unknown, url?: string): string {
  const cause = causeOf(error)
    .replace(/\/\/[^/\s@]*@/g, "//")
    .replace(/\s+/g, " ")
    .slice(0, 300);
  return url ? `${describeDatabaseUrl(url)}: ${cause}` : cause;
}
