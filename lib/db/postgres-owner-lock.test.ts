// The owner lock on a real PostgreSQL server (PARATRACK_TEST_POSTGRES_URL, from scripts/pg/up.sh); skipped with a
// message when there is none.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOptional } from "./postgres";
import {
  claimPostgresDatabase,
  DatabaseOwnedError,
  describeHolder,
  findPostgresOwner,
  type PostgresOwnerLock,
} from "./postgres-owner-lock";
import { createScratchDatabase, testPostgresServerUrl } from "./test-database";

const server = testPostgresServerUrl();
if (!server)
  console.warn("PostgreSQL owner-lock tests skipped: no PARATRACK_TEST_POSTGRES_URL (run scripts/pg/up.sh)");

type PgClient = {
  connect(): Promise<void>;
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
};

describe.skipIf(!server)("PostgreSQL owner lock", () => {
  let scratch: { url: string; drop(): Promise<void> };
  let other: { url: string; drop(): Promise<void> };
  const locks: PostgresOwnerLock[] = [];
  const claim = async (...args: Parameters<typeof claimPostgresDatabase>) => {
    const lock = await claimPostgresDatabase(...args);
    locks.push(lock);
    return lock;
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase(server ?? "");
    other = await createScratchDatabase(server ?? "");
  });
  afterAll(async () => {
    for (const lock of locks) await lock.release();
    await scratch?.drop();
    await other?.drop();
  });

  async function admin<T>(use: (client: PgClient) => Promise<T>): Promise<T> {
    const { Client } = await importOptional<{ Client: new (c: { connectionString: string }) => PgClient }>(
      "pg",
    );
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.end();
    }
  }

  it("lets one engine hold the database and refuses a second, naming the first", async () => {
    const first = await claim(scratch.url);
    expect(first.isHeld()).toBe(true);
    expect(first.holder).toBe(describeHolder());

    const second = claimPostgresDatabase(scratch.url);
    await expect(second).rejects.toBeInstanceOf(DatabaseOwnedError);
    await expect(second).rejects.toThrow(
      new RegExp(
        `in use by another Paratrack engine \\(paratrack-engine pid ${process.pid} on .+ from 127\\.0\\.0\\.1, connected since`,
      ),
    );
    // Another database on the same server is another lock.
    expect((await claim(other.url)).isHeld()).toBe(true);

    await first.release();
    expect(first.isHeld()).toBe(false);
    expect((await claim(scratch.url)).isHeld()).toBe(true);
  });

  it("reports the loss when its connection is cut, and the database is free again", async () => {
    for (const lock of locks.splice(0)) await lock.release();
    let lost: Error | null = null;
    const lock = await claim(scratch.url, { onLost: (error) => (lost = error) });
    await admin((client) =>
      client.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
        [lock.holder],
      ),
    );
    const deadline = Date.now() + 10_000;
    while (lost === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lost).toBeInstanceOf(Error);
    expect(lock.isHeld()).toBe(false);
    expect((await claim(scratch.url)).isHeld()).toBe(true);
  });

  it("is freed when the engine's process dies without releasing it", async () => {
    for (const lock of locks.splice(0)) await lock.release();
    const child = spawn(
      process.execPath,
      [
        "-e",
        `const { Client } = require("pg"); const c = new Client({ connectionString: process.argv[1] }); c.connect().then(() => c.query("SELECT pg_advisory_lock(${0x50415241}, 1)")).then(() => console.log("locked"));`,
        scratch.url,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) =>
      child.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve()),
    );
    await expect(claimPostgresDatabase(scratch.url)).rejects.toBeInstanceOf(DatabaseOwnedError);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    const deadline = Date.now() + 10_000;
    let lock: PostgresOwnerLock | null = null;
    while (!lock && Date.now() < deadline) {
      lock = await claim(scratch.url).catch(() => null);
      if (!lock) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lock?.isHeld()).toBe(true);
  });

  it("tells who holds it without taking it: this machine's engine by its pid, another machine's by its name", async () => {
    for (const lock of locks.splice(0)) await lock.release();
    expect(await findPostgresOwner(scratch.url)).toBeNull();
    const lock = await claim(scratch.url);
    expect(await findPostgresOwner(scratch.url)).toEqual({ name: lock.holder, pidHere: process.pid });
    expect(lock.isHeld()).toBe(true); // looking did not take it
    await lock.release();

    const remote = "paratrack-engine pid 4242 on some-other-host";
    const child = spawn(
      process.execPath,
      [
        "-e",
        `const { Client } = require("pg"); const c = new Client({ connectionString: process.argv[1], application_name: process.argv[2] }); c.connect().then(() => c.query("SELECT pg_advisory_lock(${0x50415241}, 1)")).then(() => console.log("locked"));`,
        scratch.url,
        remote,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await new Promise<void>((resolve) =>
        child.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve()),
      );
      expect(await findPostgresOwner(scratch.url)).toEqual({ name: remote, pidHere: null });
    } finally {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.on("exit", resolve));
    }
  });

  it("fails clearly when the server cannot be reached", async () => {
    await expect(
      claimPostgresDatabase("postgresql://u:p@127.0.0.1:1/x", { connectTimeoutSeconds: 2 }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
