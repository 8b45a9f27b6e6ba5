// SQLite-specific (the file client, WAL, getDb): runs on SQLite whatever PARATRACK_TEST_DB says; the PostgreSQL
// client and its migrations are tested in postgres.test.ts, the entity modules on both in entities.test.ts.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  closeDb,
  createSqliteClient,
  getDb,
  isPostgresUrl,
  type PrismaClient,
  prepareDatabase,
} from "./client";

let dir: string;
let url: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-client-"));
  url = `file:${path.join(dir, "nested", "paratrack.db")}`;
});
afterEach(async () => {
  await closeDb();
  rmSync(dir, { recursive: true, force: true });
});

describe("createSqliteClient", () => {
  let client: PrismaClient;
  afterEach(() => client?.$disconnect());

  it("refuses a corrupt database file naming it, and leaves the file as it was", () => {
    const file = path.join(dir, "corrupt.db");
    const bytes = Buffer.alloc(8192, 7);
    writeFileSync(file, bytes);
    expect(() => createSqliteClient(`file:${file}`)).toThrow(
      `cannot open the SQLite database ${file}: file is not a database`,
    );
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it("refuses a database file it cannot write, naming it, rather than start and lose every write", async (ctx) => {
    const file = path.join(dir, "read-only.db");
    await createSqliteClient(`file:${file}`).$disconnect();
    // Root writes whatever the mode says: an immutable file is read-only for it too (where chattr works).
    const asRoot = process.getuid?.() === 0;
    try {
      if (asRoot) execFileSync("chattr", ["+i", file], { stdio: "ignore" });
      else chmodSync(file, 0o444);
    } catch {
      ctx.skip();
    }
    try {
      expect(() => createSqliteClient(`file:${file}`)).toThrow(
        `cannot open the SQLite database ${file}: attempt to write a readonly database`,
      );
    } finally {
      if (asRoot) execFileSync("chattr", ["-i", file], { stdio: "ignore" });
      else chmodSync(file, 0o644);
    }
  });

  it("migrates a new file database, then writes and reads a MemorySample and an Event", async () => {
    client = createSqliteClient(url);
    const at = new Date("2026-11-26T10:00:00.123Z");
    await client.memorySample.create({
      data: {
        at,
        zone: "yellow",
        zoneSource: "machine",
        tierLabel: "32GB",
        totalBytes: 25_769_803_776, // beyond 32-bit: why byte counts are Float
        availableBytes: 8e9,
        usedBytes: 17_769_803_776,
        machineCapacityBytes: 25_769_803_776,
        machineUsedBytes: 17_769_803_776,
        capacitySource: "physical",
        swapTotalBytes: 0,
        swapUsedBytes: 0,
        psiSome10: 1.5,
      },
    });
    await client.event.create({
      data: {
        kind: "zone:changed",
        severity: "warning",
        message: "green → yellow",
        details: '{"from":"green"}',
      },
    });

    const sample = await client.memorySample.findFirstOrThrow({ where: { zone: "yellow" } });
    expect(sample.at.toISOString()).toBe(at.toISOString());
    expect(sample.totalBytes).toBe(25_769_803_776);
    expect(sample.bucketSeconds).toBe(1);
    expect(sample.budgetBytes).toBeNull();
    const event = await client.event.findFirstOrThrow();
    expect(event).toMatchObject({
      kind: "zone:changed",
      actor: "system",
      message: "green → yellow",
      runId: null,
    });
    expect(event.at).toBeInstanceOf(Date);
  });

  it("puts the file in WAL mode with synchronous NORMAL (the README's durability promise)", async () => {
    client = createSqliteClient(url);
    const db = new Database(url.slice("file:".length));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    // WAL + NORMAL: a committed write survives a crash of Paratrack (kill -9); only a power loss may cost the
    // last transactions.
    expect(await client.$queryRawUnsafe("PRAGMA synchronous")).toEqual([{ synchronous: 1n }]);
  });
});

describe("getDb / prepareDatabase / closeDb", () => {
  it("returns one client per process, migrated on first use", async () => {
    const client = getDb(url);
    expect(getDb()).toBe(client);
    expect(getDb(url)).toBe(client);
    expect(await prepareDatabase(url)).toBe(client);
    expect(await client.run.count()).toBe(0); // the tables exist
  });

  it("refuses a second, different database in the same process", () => {
    getDb(url);
    expect(() => getDb(`file:${path.join(dir, "other.db")}`)).toThrow(/already open/);
  });

  it("reads DATABASE_URL when no URL is given", async () => {
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    try {
      await prepareDatabase();
      expect(getDb(url)).toBe(getDb());
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
  });

  it("closeDb disconnects (the WAL is checkpointed away) and the next getDb opens a new client", async () => {
    const client = await prepareDatabase(url);
    await client.event.create({ data: { kind: "k", severity: "info", message: "m" } });
    const wal = `${url.slice("file:".length)}-wal`;
    expect(existsSync(wal)).toBe(true);

    await closeDb();
    expect(existsSync(wal)).toBe(false);
    const reopened = getDb(url);
    expect(reopened).not.toBe(client);
    expect(await reopened.event.count()).toBe(1);
  });
});

describe("PostgreSQL URLs", () => {
  it("are recognised", () => {
    expect(isPostgresUrl("postgresql://u@localhost/db")).toBe(true);
    expect(isPostgresUrl("postgres://u@localhost/db")).toBe(true);
    expect(isPostgresUrl("file:./data/paratrack.db")).toBe(false);
  });

  it("need prepareDatabase before getDb", () => {
    expect(() => getDb("postgresql://u@127.0.0.1:1/db")).toThrow(/prepareDatabase/);
  });

  it("that cannot be reached get one clear error naming the database and host, never the password", async () => {
    const failure = prepareDatabase("postgresql://user:s3cret@127.0.0.1:1/tracks").catch((e: Error) => e);
    const error = await failure;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^cannot open the PostgreSQL database tracks on 127\.0\.0\.1:1 \(DATABASE_URL\): .*ECONNREFUSED/,
    );
    expect((error as Error).message).not.toContain("s3cret");
  });
});
