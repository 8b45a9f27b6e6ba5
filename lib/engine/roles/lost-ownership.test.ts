// The network between the owner and PostgreSQL fails (a TCP proxy in front of the database, cut), another server
// takes the database meanwhile and re-attaches the run's agents, then the network comes back. The old owner must
// find the database taken before it writes anything: its waiting writes (samples, track states, the outage's event)
// are dropped, never written into the other's run; it ends no agent (they are the other's now) and records no end
// of the run; it becomes a viewer. Skipped without a PostgreSQL for tests (PARATRACK_TEST_POSTGRES_URL).
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { PrismaClient } from "../../db/generated/client";
import { createPostgresClient } from "../../db/postgres";
import { findPostgresOwner } from "../../db/postgres-owner-lock";
import { createScratchDatabase, testPostgresServerUrl } from "../../db/test-database";
import {
  type CuttableNetwork,
  cuttableNetwork,
  endProcesses,
  isAlive,
  MIGRATIONS,
  sleep,
  startTestServer,
  type TestServer,
  until,
} from "./role-test-servers";

const serverUrl = testPostgresServerUrl();
if (!serverUrl)
  console.warn("lost ownership test skipped: no PARATRACK_TEST_POSTGRES_URL (run scripts/pg/up.sh)");

const agent = path.resolve("demo/agent.mjs");
let scratch: { url: string; drop(): Promise<void> };
let network: CuttableNetwork;
let db: PrismaClient;
const servers: TestServer[] = [];
const pids: number[] = [];

beforeAll(async () => {
  if (!serverUrl) return;
  scratch = await createScratchDatabase(serverUrl);
  network = await cuttableNetwork(scratch.url);
  db = await createPostgresClient(scratch.url, MIGRATIONS);
}, 60_000);
afterAll(async () => {
  if (!serverUrl) return;
  for (const server of servers.splice(0).reverse()) await server.close().catch(() => undefined);
  endProcesses(pids);
  await network?.close();
  await db?.$disconnect();
  await scratch?.drop();
}, 120_000);

it.skipIf(!serverUrl)(
  "an owner cut off while another server took over drops its waiting writes, ends no agent and becomes a viewer",
  async () => {
    const first = await startTestServer(network.url, "first");
    servers.push(first);
    expect(first.role.role()).toBe("owner");
    const engine = first.role.engine();
    const { runId } = await engine.runs.startRun({
      source: `name: cut
ram: { budget: 2GB }
tracks:
  - key: A
    ram: 100MB
    command: node ${agent} --mb 20 --seconds 120 --steps 1
`,
      fileName: "plan.yaml",
      baseDir: first.dataDir,
      planPath: null,
    });
    pids.push(
      ...(await until(
        () => {
          const all = engine.runs.agentSlots("A").flatMap((s) => s.pids);
          return all.length > 0 ? all : null;
        },
        30_000,
        "A's processes measured",
      )),
    );

    let lost = false;
    engine.ownership.onLost(() => {
      lost = true;
    });
    const cutAt = new Date();
    await network.cut();
    await until(() => lost, 15_000, "the loss noticed");
    await sleep(1_500); // samples, track memory and the outage's event wait meanwhile
    await until(async () => (await findPostgresOwner(scratch.url)) === null, 15_000, "the lock freed");

    // The viewer stopped with --detach and started again: a server on the same data directory, now the owner.
    const secondStartedAt = new Date();
    const second = await startTestServer(scratch.url, "second", { dataDir: first.dataDir });
    servers.push(second);
    expect(second.role.role()).toBe("owner");
    await until(
      () => {
        const run = second.role.engine().runs.activeRun();
        const attached = second.role
          .engine()
          .runs.agentSlots("A")
          .flatMap((s) => s.pids);
        return run?.id === runId && pids.every((pid) => attached.includes(pid));
      },
      30_000,
      "the run's agents re-attached by the second server",
    );

    await network.restore();
    await until(() => first.role.role() === "viewer", 30_000, "the first server became a viewer");
    await sleep(2_000);

    // The agents run on, under the second server.
    for (const pid of pids) expect(await isAlive(pid), `agent ${pid} alive`).toBe(true);
    expect(second.role.engine().runs.trackViews()).toMatchObject([{ key: "A", status: "running" }]);
    // Nothing the first server had waiting was written: no sample, no event from the cut to the take-over …
    const between = { gt: cutAt, lt: secondStartedAt };
    expect(await db.memorySample.count({ where: { at: between } })).toBe(0);
    expect((await db.event.findMany({ where: { at: between } })).map((e) => e.message)).toEqual([]);
    // … and no end of the run, of A or of its agents was recorded.
    const stored = await db.run.findUniqueOrThrow({ where: { id: runId }, include: { tracks: true } });
    expect(stored.status).toBe("running");
    expect(stored.tracks.map((t) => t.status)).toEqual(["running"]);
    const endings = await db.event.findMany({
      where: {
        runId,
        kind: { in: ["run:ended", "run:detached", "track:stopped", "track:failed", "db:restored"] },
      },
    });
    expect(endings.map((e) => e.message)).toEqual([]);
    expect(await db.agent.count({ where: { track: { runId }, endedAt: { not: null } } })).toBe(0);
  },
  180_000,
);
