// Two servers on one PostgreSQL database, in this process: real HTTP servers with Socket.IO on the PostgreSQL adapter,
// real engines, real agent processes, real socket clients. The first owns the engine, the second becomes a viewer:
// its lead actions reach the owner's agents and both servers' browsers get the push; it reads the run from the
// database; and an owner whose lock is lost claims it again, or — taken meanwhile by another engine — leaves the run
// to it: its agents keep running, nothing more of it is written, and it becomes a viewer.
// Skipped without a PostgreSQL for tests (PARATRACK_TEST_POSTGRES_URL).
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../db/generated/client";
import { createPostgresClient, importOptional } from "../../db/postgres";
import { OWNER_LOCK_KEYS } from "../../db/postgres-owner-lock";
import { createScratchDatabase, testPostgresServerUrl } from "../../db/test-database";
import type { GovernorView, TrackView } from "../../domain/views";
import {
  endProcesses,
  holdOwnerLockElsewhere,
  isAlive,
  MIGRATIONS,
  procState,
  sleep,
  startTestServer as startServer,
  type TestServer,
  until,
} from "./role-test-servers";

const serverUrl = testPostgresServerUrl();
if (!serverUrl)
  console.warn("engine role tests skipped: no PARATRACK_TEST_POSTGRES_URL (run scripts/pg/up.sh)");

const agent = path.resolve("demo/agent.mjs");

let scratch: { url: string; drop(): Promise<void> };
const servers: TestServer[] = [];

async function startTestServer(name: string): Promise<TestServer> {
  const server = await startServer(scratch.url, name);
  servers.push(server);
  return server;
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
  /** The test's own look at the database. */
  let db: PrismaClient;

  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl ?? "");
    owner = await startTestServer("owner");
    viewer = await startTestServer("viewer");
    db = await createPostgresClient(scratch.url, MIGRATIONS);
  }, 120_000);
  afterAll(async () => {
    for (const server of servers.splice(0).reverse()) await server.close().catch(() => undefined);
    await db?.$disconnect();
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

  it("an owner whose lock is lost claims it again; if another engine took it meanwhile, it leaves the run and its agents to it and becomes a viewer", async () => {
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
      const { locked, process: other } = holdOwnerLockElsewhere(scratch.url);
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
        const runId = owner.role.engine().runs.activeRun()?.id;
        expect(runId).toBeDefined();
        await cutOwnerLock();
        await locked;
        const takenAt = new Date();
        // The role turns first (no more actions carried out), the viewer's engine once the old one has detached.
        await until(
          () => owner.role.role() === "viewer" && owner.role.engine().health().role === "viewer",
          30_000,
          "the owner became a viewer",
        );
        await sleep(1_000);
        // The run is the other engine's now: its agents were left running (detached), never ended …
        for (const pid of pids) expect(await isAlive(pid), `agent ${pid} alive`).toBe(true);
        // … and nothing of this engine's stop reached the database: the run and A still run, no ending was recorded,
        // no sample was stored after the take-over.
        const stored = await db.run.findUniqueOrThrow({ where: { id: runId! }, include: { tracks: true } });
        expect(stored.status).toBe("running");
        expect(stored.tracks.map((t) => t.status)).toEqual(["running"]);
        const endings = await db.event.findMany({
          where: {
            runId: runId!,
            kind: { in: ["run:ended", "run:detached", "track:stopped", "track:failed"] },
          },
        });
        expect(endings.map((e) => e.message)).toEqual([]);
        expect(await db.memorySample.count({ where: { at: { gt: takenAt } } })).toBe(0);
      } finally {
        other.kill("SIGKILL");
        endProcesses(pids);
      }
    } finally {
      await admin.end();
    }
  }, 120_000);
});
