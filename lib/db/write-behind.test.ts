// The write-behind queue against a stand-in database that can be switched off: order kept, nothing lost, one
// outage reported once, the bound honoured (samples first), other errors passed on; and the classifier on the
// errors Prisma and pg really raise (their shapes as seen against a stopped PostgreSQL).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDatabaseAvailability } from "./availability";
import { createSqliteClient } from "./client";
import { describeDatabaseError, isDatabaseUnreachable } from "./unreachable";
import { createWriteBehind, type OutageEnd, type OutageStart } from "./write-behind";

function refused(): Error {
  return Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
    code: "ECONNREFUSED",
    syscall: "connect",
  });
}

/** A table that accepts rows while `up`. */
function standIn() {
  const rows: string[] = [];
  const db = { up: true, rows, attempts: 0 };
  const insert = (row: string) => async () => {
    db.attempts++;
    await new Promise((resolve) => setImmediate(resolve));
    if (!db.up) throw refused();
    rows.push(row);
  };
  return { db, insert };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("write-behind queue", () => {
  it("writes at once while the database answers; while it is down queues in order, then writes everything once it is back", async () => {
    const { db, insert } = standIn();
    const starts: OutageStart[] = [];
    const ends: OutageEnd[] = [];
    const writes = createWriteBehind({
      retryMs: 10,
      maxRetryMs: 20,
      onUnavailable: (s) => starts.push(s),
      onRestored: (e) => ends.push(e),
    });
    expect(await writes.write("a", insert("a"))).toBe("written");
    db.up = false;
    expect(await writes.write("b", insert("b"))).toBe("queued");
    expect(await writes.write("c", insert("c"), { droppable: true })).toBe("queued");
    expect(writes.isAvailable()).toBe(false);
    await wait(100); // retried meanwhile, still down
    expect(db.attempts).toBeGreaterThan(3);
    expect(await writes.write("d", insert("d"))).toBe("queued");
    expect(writes.pending()).toBe(3);
    expect(starts).toHaveLength(1);
    expect(starts[0]?.error).toMatch(/ECONNREFUSED/);

    db.up = true;
    // A write made now waits its turn behind the queued ones.
    expect(await writes.write("e", insert("e"))).toBe("queued");
    const deadline = Date.now() + 2_000;
    while (writes.pending() > 0 && Date.now() < deadline) await wait(5);
    expect(db.rows).toEqual(["a", "b", "c", "d", "e"]);
    expect(writes.isAvailable()).toBe(true);
    expect(ends).toEqual([expect.objectContaining({ written: 4, dropped: 0, failed: 0 })]);
    expect(await writes.write("f", insert("f"))).toBe("written");
    await writes.close();
  });

  it("drops the oldest sample first when full, and counts what it dropped", async () => {
    const { db, insert } = standIn();
    const ends: OutageEnd[] = [];
    const writes = createWriteBehind({ maxPending: 3, retryMs: 5_000, onRestored: (e) => ends.push(e) });
    db.up = false;
    await writes.write("state-1", insert("state-1"));
    await writes.write("sample-1", insert("sample-1"), { droppable: true });
    await writes.write("state-2", insert("state-2"));
    await writes.write("state-3", insert("state-3")); // full: sample-1 goes
    await writes.write("state-4", insert("state-4")); // full, no sample left: the oldest (state-1) goes
    db.up = true;
    await writes.flush();
    expect(db.rows).toEqual(["state-2", "state-3", "state-4"]);
    expect(ends).toEqual([expect.objectContaining({ written: 3, dropped: 2 })]);
    await writes.close();
  });

  it("passes other errors on when writing at once, and logs (not retries) a queued write that fails for another reason", async () => {
    const { db, insert } = standIn();
    const failed: string[] = [];
    const writes = createWriteBehind({ retryMs: 5_000, onFailed: (operation) => failed.push(operation) });
    await expect(
      writes.write("bad", async () => {
        throw new Error("Unique constraint failed on the fields: (`id`)");
      }),
    ).rejects.toThrow(/Unique constraint/);
    expect(writes.isAvailable()).toBe(true);

    db.up = false;
    await writes.write("a", insert("a"));
    await writes.write("bad later", async () => {
      if (!db.up) throw refused();
      throw new Error("value too long");
    });
    await writes.write("b", insert("b"));
    db.up = true;
    await writes.flush();
    expect(db.rows).toEqual(["a", "b"]);
    expect(failed).toEqual(["bad later"]);
  });

  it("takes a write that hangs for an outage, goes on, and makes it good without running it twice", async () => {
    const starts: OutageStart[] = [];
    const ends: OutageEnd[] = [];
    const writes = createWriteBehind({
      stallMs: 50,
      retryMs: 10,
      onUnavailable: (s) => starts.push(s),
      onRestored: (e) => ends.push(e),
    });
    const calls: string[] = [];
    let answer: () => void = () => undefined;
    const hanging = () => {
      calls.push("hanging");
      return new Promise<void>((resolve) => {
        answer = resolve;
      });
    };
    const started = Date.now();
    expect(await writes.write("hanging", hanging)).toBe("queued");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(starts[0]?.error).toMatch(/did not answer within 0.05 s \(hanging\)/);
    expect(
      await writes.write("next", async () => {
        calls.push("next");
      }),
    ).toBe("queued");
    await wait(100);
    expect(calls).toEqual(["hanging"]); // the next waits behind the one in flight
    answer();
    const deadline = Date.now() + 2_000;
    while (writes.pending() > 0 && Date.now() < deadline) await wait(5);
    expect(calls).toEqual(["hanging", "next"]);
    expect(ends).toEqual([expect.objectContaining({ written: 2, dropped: 0 })]);
  });

  it("tries once more at close and tells how many writes it could not make", async () => {
    const { db, insert } = standIn();
    const writes = createWriteBehind({ retryMs: 5_000 });
    db.up = false;
    await writes.write("a", insert("a"));
    await writes.write("b", insert("b"));
    expect(await writes.close(200)).toBe(2);

    const again = createWriteBehind({ retryMs: 5_000 });
    await again.write("c", insert("c"));
    db.up = true;
    expect(await again.close(2_000)).toBe(0);
    expect(db.rows).toEqual(["c"]);
  });
});

describe("write-behind fenced by the engine's hold on the database", () => {
  it("writes nothing while the hold is lost, writes the queue only once the hold is confirmed", async () => {
    const { db, insert } = standIn();
    const hold = { held: true, confirmed: true, asked: 0 };
    const writes = createWriteBehind({ retryMs: 5, maxRetryMs: 10 });
    writes.fence({
      isOwner: () => hold.held,
      confirm: async () => {
        hold.asked++;
        return hold.confirmed;
      },
    });
    expect(await writes.write("a", insert("a"))).toBe("written");
    hold.held = false; // the lock's connection ended: the database itself still answers
    hold.confirmed = false;
    expect(await writes.write("b", insert("b"))).toBe("queued");
    expect(writes.isAvailable()).toBe(false);
    await wait(60);
    expect(db.rows).toEqual(["a"]);
    expect(db.attempts).toBe(1);
    // The lock's session answers again (the hold is held, as far as this process knows) but is not confirmed yet.
    hold.held = true;
    await writes.flush();
    expect(db.rows).toEqual(["a"]);
    hold.confirmed = true;
    await writes.flush();
    expect(db.rows).toEqual(["a", "b"]);
    expect(writes.isAvailable()).toBe(true);
  });

  it("confirms the hold before writing a queue an outage left, and drops it all once another engine owns the database", async () => {
    const { db, insert } = standIn();
    const ends: OutageEnd[] = [];
    const hold = { held: true, confirmed: false };
    const writes = createWriteBehind({ retryMs: 5, maxRetryMs: 10, onRestored: (e) => ends.push(e) });
    writes.fence({ isOwner: () => hold.held, confirm: async () => hold.confirmed });
    db.up = false;
    for (const row of ["a", "b", "c"]) expect(await writes.write(row, insert(row))).toBe("queued");
    db.up = true; // the network is back, but another engine took the lock meanwhile: never confirmed
    await wait(60);
    expect(db.rows).toEqual([]);
    expect(writes.discard()).toBe(3);
    expect(await writes.write("d", insert("d"))).toBe("dropped");
    await writes.flush();
    expect(await writes.close()).toBe(0);
    expect(db.rows).toEqual([]);
    expect(ends).toEqual([]); // no "restored": nothing was written
  });
});

describe("describeDatabaseError", () => {
  it("says in one line which database and why, without Prisma's call site or any password", () => {
    const prisma = Object.assign(
      new Error(
        "\nInvalid `prisma.memorySample.create()` invocation:\n\n\nCan't reach database server at `db.example:5432`\n\nPlease make sure your database server is running at `db.example:5432`.",
      ),
      { code: "P1001" },
    );
    const line = describeDatabaseError(prisma, "postgresql://paratrack:s3cret@db.example:5432/paratrack");
    expect(line).toBe(
      "PostgreSQL paratrack on db.example:5432: Can't reach database server at `db.example:5432` (P1001)",
    );
    expect(describeDatabaseError(refused(), "postgresql://u:pw@127.0.0.1:5432/pt")).toBe(
      "PostgreSQL pt on 127.0.0.1:5432: connect ECONNREFUSED 127.0.0.1:5432",
    );
    const sqliteFull = Object.assign(new Error("Invalid `db.event.create()` invocation: Database error."), {
      code: "P2039",
      meta: {
        driverAdapterError: { cause: { originalCode: "SQLITE_FULL", message: "database or disk is full" } },
      },
    });
    expect(describeDatabaseError(sqliteFull, "file:/data/paratrack.db")).toBe(
      "SQLite /data/paratrack.db: database or disk is full (SQLITE_FULL)",
    );
    expect(describeDatabaseError(new Error("failed for postgresql://me:pw@h/db"))).not.toContain("pw");
    for (const error of [prisma, refused(), sqliteFull])
      expect(describeDatabaseError(error)).not.toContain("\n");
  });

  it("is what the outage event is told (one line, naming the database)", async () => {
    const { db, insert } = standIn();
    const starts: OutageStart[] = [];
    const writes = createWriteBehind({
      retryMs: 5,
      databaseUrl: "postgresql://paratrack:pw@127.0.0.1:5432/paratrack",
      onUnavailable: (start) => starts.push(start),
    });
    db.up = false;
    await writes.write("a", insert("a"));
    expect(starts[0]?.error).toBe(
      "PostgreSQL paratrack on 127.0.0.1:5432: connect ECONNREFUSED 127.0.0.1:5432",
    );
    await writes.discard();
  });
});

describe("database availability (GET /api/health, /metrics)", () => {
  it("is unavailable while writes wait, else what a query answers within its time, asked at most once a second", async () => {
    let answering: "yes" | "fails" | "hangs" = "yes";
    let asked = 0;
    let clock = 0;
    let available = true;
    const availability = createDatabaseAvailability({
      ping: async () => {
        asked++;
        if (answering === "fails") throw refused();
        if (answering === "hangs") await new Promise(() => undefined);
      },
      writes: { isAvailable: () => available, pending: () => (available ? 0 : 7) },
      timeoutMs: 30,
      now: () => clock,
    });
    expect(await availability.check()).toBe("available");
    answering = "fails";
    expect(await availability.check()).toBe("available"); // kept for a second
    expect(asked).toBe(1);
    clock += 1_000;
    expect(await availability.check()).toBe("unavailable");
    expect(availability.last()).toBe("unavailable");
    answering = "hangs";
    clock += 1_000;
    expect(await availability.check()).toBe("unavailable");
    answering = "yes";
    clock += 1_000;
    expect(await availability.check()).toBe("available");
    available = false; // an outage of the writes: no need to ask
    expect(await availability.check()).toBe("unavailable");
    expect(availability.last()).toBe("unavailable");
    expect(availability.pending()).toBe(7);
  });
});

describe("write-behind on a real SQLite file that cannot take writes for a while", () => {
  type Db = ReturnType<typeof createSqliteClient>;
  it.each([
    {
      // SQLite's own limit on the file's size: past it every insert fails with SQLITE_FULL, as on a full disk.
      what: "a full database",
      refuse: async (db: Db) => {
        const [count] = await db.$queryRawUnsafe<{ page_count: bigint }[]>("PRAGMA page_count");
        await db.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(count!.page_count) + 20}`);
      },
      error: "database or disk is full",
      allow: (db: Db) => db.$queryRawUnsafe("PRAGMA max_page_count = 1000000"), // the lead freed the disk
    },
    {
      // query_only refuses writes with SQLITE_READONLY, as a file system remounted read-only does.
      what: "a file made read-only during the run",
      refuse: (db: Db) => db.$queryRawUnsafe("PRAGMA query_only = ON"),
      error: "readonly database",
      allow: (db: Db) => db.$queryRawUnsafe("PRAGMA query_only = OFF"),
    },
  ])(
    "queues the writes $what refuses and makes every one of them once it takes writes again",
    async (refusal) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-full-"));
      const db = createSqliteClient(`file:${path.join(dir, "full.db")}`);
      try {
        const starts: OutageStart[] = [];
        const ends: OutageEnd[] = [];
        const writes = createWriteBehind({
          retryMs: 10,
          maxRetryMs: 20,
          stallMs: Number.POSITIVE_INFINITY,
          onUnavailable: (start) => starts.push(start),
          onRestored: (end) => ends.push(end),
        });
        await refusal.refuse(db);
        const outcomes: string[] = [];
        for (let i = 0; i < 60; i++)
          outcomes.push(
            await writes.write(`report ${i}`, () =>
              db.event.create({
                data: { kind: "report", severity: "info", message: `${i} ${"x".repeat(2_000)}` },
              }),
            ),
          );
        expect(outcomes).toContain("queued");
        expect(starts[0]?.error).toContain(refusal.error);
        await refusal.allow(db);
        const deadline = Date.now() + 10_000;
        while (writes.pending() > 0 && Date.now() < deadline) await wait(10);
        const rows = await db.event.findMany({ orderBy: { id: "asc" }, select: { message: true } });
        expect(rows.map((row) => Number(row.message.split(" ")[0]))).toEqual([...Array(60).keys()]);
        expect(ends).toMatchObject([{ dropped: 0, failed: 0 }]);
      } finally {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe("isDatabaseUnreachable", () => {
  it("recognises the errors of a PostgreSQL server that stopped or cannot be reached", () => {
    // Prisma 7 over @prisma/adapter-pg against a stopped server, and while it was shutting down.
    const notReachable = Object.assign(new Error("Can't reach database server at 127.0.0.1:34187"), {
      code: "P1001",
      meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable", host: "127.0.0.1" } } },
    });
    const shutdown = Object.assign(
      new Error(
        "Database error. Code: `57P01`. Message: `terminating connection due to administrator command`",
      ),
      { code: "P2039", meta: { driverAdapterError: { cause: { originalCode: "57P01", kind: "postgres" } } } },
    );
    expect(isDatabaseUnreachable(notReachable)).toBe(true);
    expect(isDatabaseUnreachable(shutdown)).toBe(true);
    expect(isDatabaseUnreachable(refused())).toBe(true);
    expect(isDatabaseUnreachable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnreachable({ cause: { cause: { code: "08006" } } })).toBe(true);
  });

  it("recognises a SQLite file whose disk is full (the write succeeds once space is freed)", () => {
    // As Prisma's SQLite adapter raised them: on a full tmpfs in WAL mode, and at SQLite's max_page_count.
    const sqlite = (originalCode: string, message: string) =>
      Object.assign(new Error("Invalid `db.event.create()` invocation: Database error."), {
        code: "P2039",
        meta: {
          driverAdapterError: {
            name: "DriverAdapterError",
            cause: { originalCode, message, kind: "sqlite" },
          },
        },
      });
    expect(isDatabaseUnreachable(sqlite("SQLITE_IOERR_SHMSIZE", "disk I/O error"))).toBe(true);
    expect(isDatabaseUnreachable(sqlite("SQLITE_FULL", "database or disk is full"))).toBe(true);
    expect(isDatabaseUnreachable(sqlite("SQLITE_CONSTRAINT_UNIQUE", "UNIQUE constraint failed"))).toBe(false);
  });

  it("leaves errors of the write itself alone", () => {
    expect(
      isDatabaseUnreachable(Object.assign(new Error("Unique constraint failed"), { code: "P2002" })),
    ).toBe(false);
    expect(
      isDatabaseUnreachable(
        Object.assign(new Error("SQLITE_BUSY: database is locked"), { code: "SQLITE_BUSY" }),
      ),
    ).toBe(false);
    expect(isDatabaseUnreachable(null)).toBe(false);
    expect(isDatabaseUnreachable("down")).toBe(false);
  });
});
