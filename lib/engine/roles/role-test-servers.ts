// For the roles' tests (PostgreSQL only): a server as server.ts makes it — HTTP, Socket.IO on the PostgreSQL adapter,
// a real engine in its role — in this process; another engine holding the owner lock from another process; a TCP
// proxy in front of PostgreSQL whose "network" can be cut and restored; and small waits.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { loadConfig } from "../../config";
import type { PrismaClient } from "../../db/generated/client";
import { createPostgresClient } from "../../db/postgres";
import { OWNER_LOCK_KEYS } from "../../db/postgres-owner-lock";
import type { TrackView } from "../../domain/views";
import { attachPostgresAdapter } from "../../realtime/postgres-adapter";
import { createRealtimeServer, type RealtimeServer } from "../../realtime/server";
import { assembleEngine } from "../assemble";
import { type EngineRole, startEngineRole } from "./engine-role";

export const MIGRATIONS = path.resolve("prisma/postgresql/migrations");

export type TestServer = {
  role: EngineRole;
  io: RealtimeServer;
  url: string;
  dataDir: string;
  /** The track updates its socket received. */
  updates: TrackView[];
  /** Every event its socket received, by name. */
  pushes: string[];
  socket: Socket;
  close(): Promise<void>;
};

/** A server on `databaseUrl`; `dataDir` shares another's (a restart on the same data directory). */
export async function startTestServer(
  databaseUrl: string,
  name: string,
  options: { dataDir?: string } = {},
): Promise<TestServer> {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), `paratrack-role-${name}-`));
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SAMPLE_INTERVAL_MS: "250" });
  const db: PrismaClient = await createPostgresClient(databaseUrl, MIGRATIONS);
  const httpServer: HttpServer = createServer();
  const guard = { allowedHosts: new Set(["127.0.0.1"]) };
  const io = createRealtimeServer(httpServer, { authToken: null, guard });
  // PARATRACK_TEST_LOG=info (or debug) shows the servers' logs, each line with the server's name.
  const logger = pino({ level: process.env.PARATRACK_TEST_LOG ?? "silent", base: { server: name } });
  const crossServer = await attachPostgresAdapter(io, databaseUrl, logger);
  const role = await startEngineRole({
    config,
    io,
    logger,
    crossServer: true,
    build: (emitter) => assembleEngine({ config, emitter, logger, db }),
    reclaimEveryMs: 200,
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const socket = connect(url, { transports: ["websocket"] });
  const updates: TrackView[] = [];
  const pushes: string[] = [];
  socket.on("track:updated", (track: TrackView) => updates.push(track));
  socket.onAny((event: string) => pushes.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return {
    role,
    io,
    url,
    dataDir,
    updates,
    pushes,
    socket,
    async close() {
      socket.close();
      await role.stop();
      io.close();
      // The adapter's pool may never end after its connections were cut (it keeps reconnecting its LISTEN client).
      await Promise.race([crossServer.close(), sleep(3_000)]);
      await db.$disconnect();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function until<T>(
  check: () => T | Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The one-letter state of a process in /proc ("T" when stopped), or null once it is gone. */
export async function procState(pid: number): Promise<string | null> {
  const { readFile } = await import("node:fs/promises");
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? null;
  } catch {
    return null;
  }
}

/** Alive: neither gone nor a zombie. */
export async function isAlive(pid: number): Promise<boolean> {
  const state = await procState(pid);
  return state !== null && state !== "Z";
}

/**
 * Another engine (another process) asking for the owner lock and holding it once granted; `locked` resolves then.
 * PostgreSQL hands the lock to a waiter as soon as the holder's session ends, before the holder can claim it again.
 */
export function holdOwnerLockElsewhere(databaseUrl: string): {
  locked: Promise<void>;
  process: ChildProcess;
} {
  const other = spawn(
    process.execPath,
    [
      "-e",
      `const { Client } = require("pg"); const c = new Client({ connectionString: process.argv[1] });
       c.on("error", () => {});
       c.connect().then(() => c.query("SELECT pg_advisory_lock($1, $2)", [${OWNER_LOCK_KEYS.join(", ")}])).then(() => console.log("locked"));`,
      databaseUrl,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const locked = new Promise<void>((resolve) =>
    other.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve()),
  );
  return { locked, process: other };
}

export type CuttableNetwork = {
  /** The database URL through the proxy. */
  url: string;
  /** The network fails: every connection through it is cut and new ones are refused. */
  cut(): Promise<void>;
  /** The network is back (same port). */
  restore(): Promise<void>;
  close(): Promise<void>;
};

/** A TCP proxy in front of the PostgreSQL `databaseUrl` names. */
export async function cuttableNetwork(databaseUrl: string): Promise<CuttableNetwork> {
  const target = new URL(databaseUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const proxied = new URL(databaseUrl);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(port);
  const cut = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return {
    url: proxied.toString(),
    cut,
    restore: () => listen(port),
    close: async () => {
      if (server.listening) await cut();
    },
  };
}

/** Ends what a test left running: its agents' process groups (each agent leads its own). */
export function endProcesses(pids: readonly number[]): void {
  for (const pid of pids) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, "SIGKILL");
      } catch {
        // gone already
      }
    }
  }
}
