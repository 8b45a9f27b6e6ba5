// PostgreSQL stopped under a running engine and started again (the down-and-back harness, test/support/own-postgres):
// the engine keeps sampling and acting, says so with an event at once, its tracks' progress moves on in its views and
// pushes, and when the database is back every record made meanwhile is stored with its own time. Skipped without a PostgreSQL for tests (PARATRACK_TEST_POSTGRES_URL).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type OwnPostgres, startOwnPostgres } from "../../test/support/own-postgres";
import { loadConfig } from "../config";
import { listEvents } from "../db/events";
import type { PrismaClient } from "../db/generated/client";
import { listMemorySamples } from "../db/memory-samples";
import { createPostgresClient } from "../db/postgres";
import { testPostgresServerUrl } from "../db/test-database";
import { getTrack } from "../db/tracks";
import { assembleEngine } from "./assemble";
import { createRecordingEmitter } from "./emitter";
import type { Engine } from "./engine";

const enabled = testPostgresServerUrl() !== null;
if (!enabled)
  console.warn("database outage test skipped: no PARATRACK_TEST_POSTGRES_URL (run scripts/pg/up.sh)");

const agent = path.resolve("demo/agent.mjs");
let pg: OwnPostgres;
let db: PrismaClient;
let engine: Engine;
let dataDir: string;
const emitter = createRecordingEmitter();

beforeAll(async () => {
  if (!enabled) return;
  pg = startOwnPostgres("outage");
  dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-outage-"));
  db = await createPostgresClient(pg.url, path.resolve("prisma/postgresql/migrations"));
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: pg.url, SAMPLE_INTERVAL_MS: "250" });
  engine = assembleEngine({ config, db, emitter, logger: pino({ level: "silent" }) });
  await engine.start();
}, 300_000);
afterAll(async () => {
  if (!enabled) return;
  await engine?.stop();
  await db?.$disconnect();
  pg?.purge();
  rmSync(dataDir, { recursive: true, force: true });
});

const pushedEvents = () =>
  emitter.sent
    .filter((s) => s.event === "event:created")
    .map((s) => s.payload as { id: number; kind: string; at: string; trackKey: string | null });

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it.skipIf(!enabled)(
  "goes on while PostgreSQL is down (event at once, the lead's pause works), and stores everything when it is back",
  async () => {
    const { runId } = await engine.runs.startRun({
      source: `name: outage
ram: { budget: 2GB }
tracks:
  - key: A
    ram: 100MB
    command: node ${agent} --mb 20 --seconds 120 --steps 1
  - key: Z
    ram: 100MB
    command: node ${agent} --mb 5 --seconds 40 --steps 1
`,
      fileName: "plan.yaml",
      baseDir: dataDir,
      planPath: null,
    });
    const status = () => engine.runs.trackViews().find((t) => t.key === "A")?.status;
    await until(() => status() === "running", 30_000, "A running");
    // Launched, not only marked running: an outage before the launch would (rightly) hold the start back.
    await until(
      () => pushedEvents().filter((e) => e.kind === "track:started").length === 2,
      30_000,
      "A's and Z's agents launched",
    );
    const progressOfZ = () => engine.runs.trackViews().find((t) => t.key === "Z")?.progress ?? 0;

    pg.stop();
    const downAt = Date.now();
    await until(
      () => pushedEvents().some((e) => e.kind === "db:unavailable"),
      15_000,
      "db:unavailable pushed",
    );
    const outage = pushedEvents().find((e) => e.kind === "db:unavailable");
    expect(outage?.id, "pushed before it could be stored: a provisional id").toBeLessThan(0);

    // Z's ::progress lines move its track while the reports wait to be written (every 5 %, 2 s apart), in the
    // engine's views (GET /api/tracks) and in its pushes.
    const progressAtOutage = progressOfZ();
    await until(() => progressOfZ() > progressAtOutage, 10_000, "Z's progress moving during the outage");
    const pushedZ = emitter.sent
      .filter((s) => s.event === "track:updated")
      .map((s) => s.payload as { key: string; progress: number })
      .filter((t) => t.key === "Z");
    expect(pushedZ.at(-1)?.progress).toBeGreaterThan(progressAtOutage);

    // The lead's pause works without the database: real SIGSTOP, the answer, the push.
    const paused = await engine.runs.leadAction("A", "pause");
    expect(paused).toMatchObject({ status: "paused", pausedBy: "lead" });
    const samplesBefore = emitter.sent.filter((s) => s.event === "memory:sample").length;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(emitter.sent.filter((s) => s.event === "memory:sample").length - samplesBefore).toBeGreaterThan(3);

    pg.start();
    const upAt = Date.now();
    await until(() => pushedEvents().some((e) => e.kind === "db:restored"), 60_000, "db:restored pushed");

    // Everything recorded while it was down is stored, with the time it happened.
    const stored = await listEvents(db, { limit: 200, runId });
    const storedOutage = stored.find((e) => e.kind === "db:unavailable");
    expect(storedOutage?.at).toBe(outage?.at);
    expect(Date.parse(storedOutage?.at ?? "")).toBeGreaterThanOrEqual(downAt - 1_000);
    const pause = stored.find((e) => e.kind === "track:paused" && e.trackKey === "A");
    expect(Date.parse(pause?.at ?? "")).toBeLessThan(upAt);
    expect(stored.find((e) => e.kind === "db:restored")?.details).toMatchObject({ dropped: 0, failed: 0 });
    expect((await getTrack(db, runId, "A"))?.status).toBe("paused");
    const samples = await listMemorySamples(db, { since: new Date(downAt), limit: 1000 });
    const duringOutage = samples.filter((s) => Date.parse(s.at) < upAt);
    expect(duringOutage.length, "samples taken while the database was down").toBeGreaterThan(3);

    // And it goes on writing at once.
    await engine.runs.leadAction("A", "resume");
    await until(
      async () => (await getTrack(db, runId, "A"))?.status === "running",
      5_000,
      "resume stored at once",
    );
  },
  180_000,
);
