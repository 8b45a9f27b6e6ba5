// A viewer whose owner died (SIGKILL): PostgreSQL frees the owner lock at once, while Socket.IO's adapter still
// counts the dead server for 10–15 s (until its heartbeats are missed). The viewer asks PostgreSQL who holds the lock
// before it hands an action on, so it refuses at once with "no Paratrack engine owns this database"; "did not confirm
// the action in time" only while an owner holds the lock. Skipped without a PostgreSQL for tests.
import { createServer } from "node:http";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findPostgresOwner } from "../../db/postgres-owner-lock";
import { createScratchDatabase, testPostgresServerUrl } from "../../db/test-database";
import { attachPostgresAdapter } from "../../realtime/postgres-adapter";
import { createRealtimeServer, type RealtimeServer } from "../../realtime/server";
import { holdOwnerLockElsewhere, startTestServer, type TestServer, until } from "./role-test-servers";

const serverUrl = testPostgresServerUrl();
if (!serverUrl)
  console.warn("viewer without owner test skipped: no PARATRACK_TEST_POSTGRES_URL (run scripts/pg/up.sh)");

let scratch: { url: string; drop(): Promise<void> };
let viewer: TestServer | null = null;
/** The owner's server as the viewer's adapter still sees it after the owner died: there, but never answering. */
let deadOwnersServer: { io: RealtimeServer; close(): Promise<void> } | null = null;
let ownerLock: ReturnType<typeof holdOwnerLockElsewhere> | null = null;

beforeAll(async () => {
  if (!serverUrl) return;
  scratch = await createScratchDatabase(serverUrl);
  ownerLock = holdOwnerLockElsewhere(scratch.url);
  await ownerLock.locked;
  const io = createRealtimeServer(createServer(), { authToken: null, guard: { allowedHosts: new Set() } });
  const adapter = await attachPostgresAdapter(io, scratch.url, pino({ level: "silent" }));
  deadOwnersServer = {
    io,
    close: async () => {
      io.close();
      await Promise.race([adapter.close(), new Promise((resolve) => setTimeout(resolve, 3_000))]);
    },
  };
  viewer = await startTestServer(scratch.url, "viewer");
}, 60_000);
afterAll(async () => {
  if (!serverUrl) return;
  await viewer?.close().catch(() => undefined);
  await deadOwnersServer?.close();
  ownerLock?.process.kill("SIGKILL");
  await scratch?.drop();
}, 60_000);

/** How an action clicked on the viewer ends, and how long it took. */
async function clickPause(): Promise<{ ms: number; error: { status?: number; message?: string } }> {
  const started = Date.now();
  const error = await viewer!.role
    .engine()
    .runs.leadAction("A", "pause")
    .then(
      () => ({}),
      (e: { status?: number; message?: string }) => e,
    );
  return { ms: Date.now() - started, error };
}

it.skipIf(!serverUrl)(
  "refuses at once when no engine holds the lock, even while a dead owner's server is still counted",
  async () => {
    expect(viewer!.role.role()).toBe("viewer");
    // The viewer knows the owner's server (it hears its messages).
    await until(
      async () => {
        deadOwnersServer!.io.serverSideEmit("hello");
        return (await viewer!.io.of("/").adapter.serverCount()) >= 2;
      },
      15_000,
      "the owner's server known to the viewer",
    );

    // An owner holds the lock and its server does not answer: the timeout says so (it may still be carried out).
    const unanswered = await clickPause();
    expect(unanswered.error).toMatchObject({
      status: 503,
      message: expect.stringMatching(/did not confirm the action in time.*it may still be carried out/),
    });

    // The owner is SIGKILLed: its lock goes with its connection; its server is still counted by the adapter.
    ownerLock!.process.kill("SIGKILL");
    await until(async () => (await findPostgresOwner(scratch.url)) === null, 10_000, "the lock freed");
    expect(await viewer!.io.of("/").adapter.serverCount()).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 3; i++) {
      const refused = await clickPause();
      expect(refused.error).toMatchObject({
        status: 503,
        message: expect.stringContaining("no Paratrack engine owns this database right now"),
      });
      expect(refused.ms, "refused at once").toBeLessThan(1_000);
    }
  },
  60_000,
);
