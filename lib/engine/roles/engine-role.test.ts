// Two servers on one PostgreSQL database, in this process: real HTTP servers with Socket.IO on the PostgreSQL adapter,
// real engines, real agent processes, real socket clients. The first owns the engine, the second becomes a viewer:
// its lead actions reach the owner's agents and both servers' browsers get the push; it reads the run from the
// database; and an owner whose lock is lost claims it again, or — taken meanwhile by another engine — becomes a viewer.
// Skipped without a PostgreSQL for tests (PARATRACK_TEST_POSTGRES_URL).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config";
import type { PrismaClient } from "../../db/generated/client";
import { createPostgresClient, importOptional } from "../../db/postgres";
import { OWNER_LOCK_KEYS } from "../../db/postgres-owner-lock";
import { createScratchDatabase, testPostgresServerUrl } from "../../db/test-database";
import type { GovernorView, TrackView } from "../../domain/views";
import { attachPostgresAdapter } from "../../realtime/postgres-adapter";
import { createRealtimeServer } from "../../realtime/server";
import { assembleEngine } from "../assemble";
import { type EngineRole, startEngineRole } from "./engine-role";

const serverUrl = testPostgresServerUrl();
if (!serverUrl)
  console.warn("engine role tests skipped: no PARATRACK_TEST_POSTGRES_URL (run scripts/pg/up.sh)");

const agent = path.resolve("demo/agent.mjs");
const MIGRATIONS = path.resolve("prisma/postgresql/migrations");

type TestServer = {
  role: EngineRole;
  url: string;
  updates: TrackView[];
  socket: Socket;
  close(): Promise<void>;
};

let scratch: { url: string; drop(): Promise<void> };
const servers: TestServer[] = [];

async function startTestServer(name: string): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `paratrack-role-${name}-`));
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: scratch.url, SAMPLE_INTERVAL_MS: "250" });
  const db: PrismaClient = await createPostgresClient(scratch.url, MIGRATIONS);
  const httpServer: HttpServer = createServer();
  const guard = { allowedHosts: new Set(["127.0.0.1"]) };
  const io = createRealtimeServer(httpServer, { authToken: null, guard });
  const logger = pino({ level: "silent" });
  const crossServer = await attachPostgresAdapter(io, scratch.url, logger);
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
  socket.on("track:updated", (track: TrackView) => updates.push(track));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const server: TestServer = {
    role,
    url,
    updates,
    socket,
    async close() {
      socket.close();
      await role.stop();
      io.close();
      await crossServer.close();
      await db.$disconnect();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  servers.push(server);
  return server;
}

async function until<T>(
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

/** The one-letter state of a process in /proc ("T" when stopped), or null once it is gone. */
async function procState(pid: number): Promise<string | null> {
  const { readFile } = await import("node:fs/promises");
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? null;
  } catch {
    return null;
  }
}

const sharedRun = {
  source: `name: shared
ram: { budget: 2GB }
tracks:
  - key: A
    ram: 100MB
    command: node ${agent} --mb 20 --seconds 120 --steps 1
`,
  fileName: "plan.yaml",
};

describe.skipIf(!serverUrl)("two servers on one PostgreSQL database", () => {
  let owner: TestServer;
  let viewer: TestServer;

  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl ?? "");
    owner = await startTestServer("owner");
    viewer = await startTestServer("viewer");
  }, 120_000);
  afterAll(async () => {
    for (const server of servers.splice(0).reverse()) await server.close().catch(() => undefined);
    await scratch?.drop();
  }, 120_000);

  it("the first owns the engine, the second serves pages and hands the lead's actions to it", async () => {
    expect(owner.role.role()).toBe("owner");
    expect(viewer.role.role()).toBe("viewer");
    expect(viewer.role.engine().health()).toMatchObject({ ok: true, role: "viewer" });

    // A run started through the viewer runs on the owner.
    const { runId } = (await viewer.role.engine().runs.startRun({
      ...sharedRun,
      baseDir: os.tmpdir(),
      planPath: null,
    })) as { runId: string };
    expect(owner.role.engine().runs.activeRun()?.id).toBe(runId);
    await until(
      () => owner.role.engine().runs.trackViews()[0]?.status === "running",
      30_000,
      "A running on the owner",
    );
    const pids = await until(
      () => {
        const slots = owner.role.engine().runs.agentSlots("A");
        const all = slots.flatMap((s) => s.pids);
        return all.length > 0 ? all : null;
      },
      15_000,
      "A's processes measured",
    );

    // The pause clicked on the viewer: the owner's agents stop, both servers' sockets get the push within a second.
    const clickedAt = Date.now();
    const paused = (await viewer.role.engine().runs.leadAction("A", "pause")) as TrackView;
    expect(paused).toMatchObject({ key: "A", status: "paused", pausedBy: "lead" });
    for (const pid of pids) expect(await procState(pid)).toBe("T");
    for (const server of [owner, viewer])
      await until(
        () => server.updates.some((t) => t.key === "A" && t.status === "paused"),
        1_000,
        `the push on the ${server.role.role()}'s socket`,
      );
    expect(Date.now() - clickedAt).toBeLessThan(10_000);

    // The viewer reads the run from the database; the owner's errors come back as they are.
    await until(
      async () =>
        (await viewer.role.engine().queries.trackViews()).find((t) => t.key === "A")?.status === "paused",
      5_000,
      "the viewer's read API shows the pause",
    );
    await expect(viewer.role.engine().runs.leadAction("A", "pause")).rejects.toMatchObject({ status: 409 });
    await expect(viewer.role.engine().runs.leadAction("nope", "pause")).rejects.toMatchObject({
      status: 404,
    });

    // The governor's switch, from the viewer; its view follows the owner's pushes.
    await viewer.role.engine().runs.setGovernorEnabled(false, "lead");
    expect(owner.role.engine().runs.isGovernorEnabled()).toBe(false);
    await viewer.role.engine().runs.setGovernorEnabled(true, "lead");
    await until(
      () => (viewer.role.engine().runs.governorView() as GovernorView).enabled === true,
      7_000,
      "the viewer's governor view",
    );

    await viewer.role.engine().runs.leadAction("A", "resume");
    for (const pid of pids) expect(await procState(pid)).not.toBe("T");
    // A pause's options reach the owner: freeing the memory of an agent that cannot resume is refused there, not
    // done as a freeze.
    await expect(
      viewer.role.engine().runs.leadAction("A", "pause", { pauseMode: "free-memory" }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringContaining("has no resume command") });
    for (const pid of pids) expect(await procState(pid)).not.toBe("T");

    // Deleting runs is the owner's: it alone knows which run it holds (the viewer's idle engine holds none).
    await viewer.role.engine().runs.leadAction("A", "stop");
    await until(() => owner.role.engine().runs.activeRun()?.finished === true, 30_000, "the run to end");
    await expect(viewer.role.engine().deletion.deleteRun(runId)).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("the server's current run"),
    });
    expect(await owner.role.engine().queries.runView(runId)).not.toBeNull();

    // The next test takes over a live run's agents: a new run of the same plan, A running again.
    await viewer.role.engine().runs.startRun({ ...sharedRun, baseDir: os.tmpdir(), planPath: null });
    await until(
      () =>
        owner.role
          .engine()
          .runs.agentSlots("A")
          .some((s) => s.pids.length > 0) || null,
      30_000,
      "A's processes in the next run",
    );
  }, 120_000);

  it("an owner whose lock is lost claims it again; if another engine took it meanwhile, it stops and becomes a viewer", async () => {
    const { Client } = await importOptional<{
      Client: new (c: {
        connectionString: string;
      }) => {
        connect(): Promise<void>;
        query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
        end(): Promise<void>;
      };
    }>("pg");
    const admin = new Client({ connectionString: scratch.url });
    await admin.connect();
    const cutOwnerLock = () =>
      admin.query(
        `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
          WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.objid = $2 AND l.granted`,
        [...OWNER_LOCK_KEYS],
      );
    try {
      const engine = owner.role.engine();
      // Heard, not polled: the owner claims the lock again within milliseconds, so a poll may never see it lost.
      let lost = 0;
      const unsubscribe = engine.ownership.onLost(() => {
        lost++;
      });
      await cutOwnerLock();
      await until(() => lost > 0, 15_000, "the loss noticed");
      unsubscribe();
      await until(() => engine.ownership.isHeld(), 10_000, "the lock claimed again");
      expect(owner.role.role()).toBe("owner");

      // Another engine (another process) waits for the lock; PostgreSQL hands it over to the waiter as soon as the
      // owner's session ends, before the owner can claim it again.
      const pids = owner.role
        .engine()
        .runs.agentSlots("A")
        .flatMap((s) => s.pids);
      expect(pids.length).toBeGreaterThan(0);
      const other = spawn(
        process.execPath,
        [
          "-e",
          `const { Client } = require("pg"); const c = new Client({ connectionString: process.argv[1] });
           c.on("error", () => {});
           c.connect().then(() => c.query("SELECT pg_advisory_lock($1, $2)", [${OWNER_LOCK_KEYS.join(", ")}])).then(() => console.log("locked"));`,
          scratch.url,
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      const locked = new Promise<void>((resolve) =>
        other.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve()),
      );
      try {
        await until(
          async () =>
            (
              await admin.query(
                "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND NOT granted",
                [...OWNER_LOCK_KEYS],
              )
            ).rows.length > 0,
          10_000,
          "the other engine waiting for the lock",
        );
        await cutOwnerLock();
        await locked;
        await until(() => owner.role.role() === "viewer", 30_000, "the owner became a viewer");
        expect(owner.role.engine().health()).toMatchObject({ role: "viewer" });
        // It stopped its engine as at a shutdown: the agents it ran are gone.
        await until(
          async () => (await Promise.all(pids.map(procState))).every((s) => s === null || s === "Z"),
          30_000,
          "its agents ended",
        );
      } finally {
        other.kill("SIGKILL");
      }
    } finally {
      await admin.end();
    }
  }, 120_000);
});
