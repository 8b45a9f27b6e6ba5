import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectTree, type ProcEntry, readProcSnapshot } from "./process-tree";
import { createPssCache } from "./pss-cache";

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

  it("plugs into readProcSnapshot: RSS fallback at first, PSS after settling", async () => {
    const cache = createPssCache();
    const options = {
      detailPids: (table: Map<number, ProcEntry>) => collectTree(table, 100, 100),
      pss: cache.source,
    };
    const first = readProcSnapshot(FIXTURE, options);
    expect(first.get(101)).toMatchObject({ rssBytes: 40000 * KB, pssBytes: null });
    await cache.settle();
    const second = readProcSnapshot(FIXTURE, options);
    expect(second.get(101)?.pssBytes).toBe(30000 * KB);
    // Unreadable rollup (102) stays null; the zombie (105, no VmRSS) is never read.
    expect(second.get(102)?.pssBytes).toBeNull();
    expect(second.get(105)?.pssBytes).toBeNull();
  });
});
