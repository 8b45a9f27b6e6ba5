import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectTree, type ProcEntry, readProcSnapshot } from "./process-tree";
import { createPssCache, SYNC_FIRST_READ_MAX_BYTES } from "./pss-cache";

const FIXTURE = path.join(__dirname, "fixtures", "proc-tree");
const KB = 1024;
const MB = 1024 * KB;

function rollup(pssKb: number, rssKb: number) {
  return `00400000-7ffc0000 ---p 00000000 00:00 0 [rollup]\nRss: ${rssKb} kB\nPss: ${pssKb} kB\n`;
}

function entry(rssBytes: number, partial: Partial<ProcEntry> = {}): ProcEntry {
  return {
    pid: 42,
    ppid: 1,
    pgid: 42,
    state: "S",
    comm: "x",
    startTicks: 7,
    rssBytes,
    pssBytes: null,
    ...partial,
  };
}

/** A fake clock and smaps_rollup whose reads take `costMs` of fake time. */
function setup(costMs = 0) {
  let clock = 0;
  const reads: string[] = [];
  let content = rollup(100_000, 150_000);
  const cache = createPssCache({
    now: () => clock,
    readRollup: async (file) => {
      reads.push(file);
      clock += costMs;
      return content;
    },
  });
  return {
    cache,
    reads,
    setContent: (text: string) => {
      content = text;
    },
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe("createPssCache", () => {
  it("has nothing the first time, reads off the caller's path, then answers from the reading", async () => {
    const { cache, reads } = setup();
    expect(cache.source(entry(150_000 * KB), "/p")).toBeNull();
    expect(reads).toEqual(["/p/42/smaps_rollup"]);
    await cache.settle();
    expect(cache.source(entry(150_000 * KB), "/p")).toBe(100_000 * KB);
    expect(reads).toHaveLength(1);
  });

  it("estimates between reads from the RSS change, within 0..RSS", async () => {
    const { cache } = setup();
    cache.source(entry(150_000 * KB), "/p");
    await cache.settle();
    expect(cache.source(entry(150_000 * KB + 40 * MB), "/p")).toBe(100_000 * KB + 40 * MB);
    expect(cache.source(entry(60_000 * KB), "/p")).toBe(10_000 * KB);
    expect(cache.source(entry(10_000 * KB), "/p")).toBe(0);
  });

  it("reads again once the interval has passed", async () => {
    const { cache, reads, setContent, advance } = setup();
    cache.source(entry(150_000 * KB), "/p");
    await cache.settle();
    setContent(rollup(120_000, 150_000));
    advance(999);
    cache.source(entry(150_000 * KB), "/p");
    expect(reads).toHaveLength(1);
    advance(1);
    cache.source(entry(150_000 * KB), "/p");
    expect(reads).toHaveLength(2);
    await cache.settle();
    expect(cache.source(entry(150_000 * KB), "/p")).toBe(120_000 * KB);
  });

  it("spaces out reads that are expensive: 20 × their cost", async () => {
    const { cache, reads, advance } = setup(200);
    cache.source(entry(150_000 * KB), "/p");
    await cache.settle();
    advance(3900);
    cache.source(entry(150_000 * KB), "/p");
    expect(reads).toHaveLength(1);
    advance(100);
    cache.source(entry(150_000 * KB), "/p");
    expect(reads).toHaveLength(2);
  });

  it("does not start a second read while one is under way, and keys by start time (pid reuse)", async () => {
    const { cache, reads } = setup();
    cache.source(entry(1 * MB), "/p");
    cache.source(entry(1 * MB), "/p");
    expect(reads).toHaveLength(1);
    await cache.settle();
    expect(cache.source(entry(1 * MB, { startTicks: 8 }), "/p")).toBeNull();
    expect(reads).toHaveLength(2);
  });

  it("reads a small process at first sight, so its first sample is PSS, not RSS with its shared libraries", () => {
    const now: string[] = [];
    const cache = createPssCache({
      readRollup: async () => {
        throw new Error("not read on the thread pool");
      },
      readRollupNow: (file) => {
        now.push(file);
        return rollup(24_000, 55_000);
      },
    });
    expect(cache.source(entry(55_000 * KB), "/p")).toBe(24_000 * KB);
    expect(cache.source(entry(56_000 * KB), "/p")).toBe(25_000 * KB); // estimated from the reading
    expect(now).toEqual(["/p/42/smaps_rollup"]);
  });

  it("leaves a large process, or one past the budget of reads at once, to the thread pool (RSS until then)", async () => {
    let clock = 0;
    const now: number[] = [];
    const cache = createPssCache({
      now: () => clock,
      readRollup: async () => rollup(1000, 2000),
      readRollupNow: (file) => {
        now.push(Number(file.split("/")[2]));
        const spin = performance.now() + 60; // a read that uses up the second's budget
        while (performance.now() < spin);
        return rollup(1000, 2000);
      },
    });
    expect(cache.source(entry(SYNC_FIRST_READ_MAX_BYTES + 1, { pid: 1 }), "/p")).toBeNull();
    expect(cache.source(entry(2000 * KB, { pid: 2 }), "/p")).toBe(1000 * KB);
    expect(cache.source(entry(2000 * KB, { pid: 3 }), "/p")).toBeNull(); // the budget is spent for this second
    expect(now).toEqual([2]);
    await cache.settle();
    expect(cache.source(entry(2000 * KB, { pid: 3 }), "/p")).toBe(1000 * KB);
    clock += 1000;
    expect(cache.source(entry(2000 * KB, { pid: 4 }), "/p")).toBe(1000 * KB); // a new second, a new budget
    expect(now).toEqual([2, 4]);
  });

  it("plugs into readProcSnapshot: PSS at first sight for small processes, the thread pool's reads after", async () => {
    const cache = createPssCache({ syncFirstReadMaxBytes: 0 });
    const options = {
      detailPids: (table: Map<number, ProcEntry>) => collectTree(table, 100, 100),
      pss: cache.source,
    };
    const first = readProcSnapshot(FIXTURE, options);
    expect(first.get(101)).toMatchObject({ rssBytes: 40000 * KB, pssBytes: null });
    expect(readProcSnapshot(FIXTURE, { ...options, pss: createPssCache().source }).get(101)?.pssBytes).toBe(
      30000 * KB,
    );
    await cache.settle();
    const second = readProcSnapshot(FIXTURE, options);
    expect(second.get(101)?.pssBytes).toBe(30000 * KB);
    // Unreadable rollup (102) stays null; the zombie (105, no VmRSS) is never read.
    expect(second.get(102)?.pssBytes).toBeNull();
    expect(second.get(105)?.pssBytes).toBeNull();
  });
});
