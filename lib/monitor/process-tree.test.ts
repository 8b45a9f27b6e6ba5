import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  collectTree,
  describeProcesses,
  measureTrees,
  type ProcEntry,
  type ProcSnapshot,
  parseSmapsRollup,
  parseStat,
  parseStatusRss,
  readProcSnapshot,
  sumTreeMemory,
} from "./process-tree";

// Fixture: 1 init; 100 sh (group 100) → 101 node → {102 "my (weird) proc) name" in its own group, 105 zombie};
// 103 a group-100 member reparented to init, with 104 in group 104 under it; 200 → 201 unrelated.
const FIXTURE = path.join(__dirname, "fixtures", "proc-tree");
const KB = 1024;

function entry(partial: Partial<ProcEntry> & { pid: number }): ProcEntry {
  return {
    ppid: 1,
    pgid: partial.pid,
    state: "S",
    comm: "x",
    startTicks: 0,
    rssBytes: 0,
    pssBytes: null,
    ...partial,
  };
}

function snapshotOf(entries: ProcEntry[]): ProcSnapshot {
  return new Map(entries.map((e) => [e.pid, e]));
}

describe("parseStat", () => {
  it("splits the comm at the last ')' so names with spaces and parentheses parse", () => {
    const stat = parseStat(
      "4242 (tmux: server) (x)) S 1 4242 4242 0 -1 4194560 10 0 0 0 7 2 0 0 20 0 1 0 8812 1000 321 18446744073709551615\n",
    );
    expect(stat).toEqual({
      pid: 4242,
      comm: "tmux: server) (x)",
      state: "S",
      ppid: 1,
      pgid: 4242,
      sid: 4242,
      utimeTicks: 7,
      stimeTicks: 2,
      startTicks: 8812,
      rssPages: 321,
    });
  });

  it("rejects text that is not a stat line", () => {
    expect(parseStat("")).toBeNull();
    expect(parseStat("not a pid")).toBeNull();
    expect(parseStat("12 (x)")).toBeNull();
    expect(parseStat("12 (x) SS 1 1 1")).toBeNull();
  });
});

describe("parseSmapsRollup / parseStatusRss", () => {
  it("reads Pss and Rss in kB as bytes, not the Pss_* lines", () => {
    const text =
      "55-77 ---p 0 00:00 0 [rollup]\nRss:  1620 kB\nPss_Dirty: 116 kB\nPss:  345 kB\nPss_Anon: 116 kB\n";
    expect(parseSmapsRollup(text)).toEqual({ pssBytes: 345 * KB, rssBytes: 1620 * KB });
  });

  it("gives nulls for an empty rollup (a zombie's)", () => {
    expect(parseSmapsRollup("")).toEqual({ pssBytes: null, rssBytes: null });
  });

  it("reads VmRSS, not VmHWM or RssAnon", () => {
    expect(parseStatusRss("VmHWM:\t 9000 kB\nVmRSS:\t    1664 kB\nRssAnon:\t 112 kB\n")).toBe(1664 * KB);
    expect(parseStatusRss("Name:\tkthreadd\nState:\tS\n")).toBeNull();
  });
});

describe("readProcSnapshot (fixture /proc)", () => {
  it("reads every pid directory, skipping non-pids and vanished processes", () => {
    const snapshot = readProcSnapshot(FIXTURE);
    expect([...snapshot.keys()].sort((a, b) => a - b)).toEqual([1, 100, 101, 102, 103, 104, 105, 200, 201]);
    expect(snapshot.get(102)).toEqual({
      pid: 102,
      ppid: 101,
      pgid: 102,
      state: "R",
      comm: "my (weird) proc) name",
      startTicks: 1102,
      rssBytes: 8000 * KB,
      pssBytes: null,
    });
    expect(snapshot.get(101)?.pssBytes).toBe(30000 * KB);
    expect(snapshot.get(103)?.state).toBe("T");
    // The zombie: empty rollup, no VmRSS.
    expect(snapshot.get(105)).toMatchObject({ state: "Z", rssBytes: 0, pssBytes: null });
  });

  it("reads status and smaps_rollup only for the pids the filter picks", () => {
    const snapshot = readProcSnapshot(FIXTURE, {
      detailPids: (table) => collectTree(table, 200, 200),
    });
    expect(snapshot.get(200)?.pssBytes).toBe(9000 * KB);
    expect(snapshot.get(201)?.pssBytes).toBe(3000 * KB);
    // Others keep the stat-only view: rss pages × page size, no PSS.
    expect(snapshot.get(101)).toMatchObject({ rssBytes: 10000 * 4096, pssBytes: null });
  });
});

describe("collectTree", () => {
  it("follows parent pids and the process group, including members reparented away", () => {
    const snapshot = readProcSnapshot(FIXTURE);
    expect(collectTree(snapshot, 100, 100)).toEqual([100, 101, 102, 103, 104, 105]);
  });

  it("without a group, finds descendants by parent pid only", () => {
    const snapshot = readProcSnapshot(FIXTURE);
    expect(collectTree(snapshot, 100)).toEqual([100, 101, 102, 105]);
  });

  it("still finds the group after the leader is gone", () => {
    const snapshot = snapshotOf([
      entry({ pid: 7, ppid: 1, pgid: 5 }),
      entry({ pid: 8, ppid: 7, pgid: 8 }),
      entry({ pid: 9, ppid: 1 }),
    ]);
    expect(collectTree(snapshot, 5, 5)).toEqual([7, 8]);
  });

  it("adds extra roots that are still present, and tolerates cycles", () => {
    const snapshot = snapshotOf([
      entry({ pid: 10, ppid: 11 }),
      entry({ pid: 11, ppid: 10 }),
      entry({ pid: 12, ppid: 1 }),
    ]);
    expect(collectTree(snapshot, 10, null, [12, 99])).toEqual([10, 11, 12]);
  });

  it("is empty for a root that does not exist", () => {
    const snapshot = readProcSnapshot(FIXTURE);
    expect(collectTree(snapshot, 4242)).toEqual([]);
  });
});

describe("sumTreeMemory", () => {
  it("prefers PSS, falls back to RSS per process and says the method was mixed", () => {
    const snapshot = readProcSnapshot(FIXTURE);
    const memory = sumTreeMemory(snapshot, collectTree(snapshot, 100, 100));
    // 100,101,103,104 by PSS; 102 has no rollup → its VmRSS; 105 is a zombie holding nothing.
    expect(memory.bytes).toBe((300 + 30000 + 12000 + 2500 + 8000) * KB);
    expect(memory.rssBytes).toBe((800 + 40000 + 8000 + 20000 + 4000) * KB);
    expect(memory.method).toBe("mixed");
    expect(memory.processes).toBe(6);
  });

  it("is 'pss' when every process had PSS and 'rss' when none had", () => {
    const withPss = snapshotOf([
      entry({ pid: 2, rssBytes: 10, pssBytes: 4 }),
      entry({ pid: 3, rssBytes: 0 }),
    ]);
    expect(sumTreeMemory(withPss, [2, 3])).toEqual({ bytes: 4, method: "pss", rssBytes: 10, processes: 2 });
    const rssOnly = snapshotOf([entry({ pid: 2, rssBytes: 10 }), entry({ pid: 3, rssBytes: 5 })]);
    expect(sumTreeMemory(rssOnly, [2, 3, 3, 404])).toEqual({
      bytes: 15,
      method: "rss",
      rssBytes: 15,
      processes: 2,
    });
  });
});

describe("measureTrees", () => {
  it("measures several trees from one scan, in the order given", () => {
    const [agent, other] = measureTrees([{ pid: 100, pgid: 100 }, { pid: 200 }], FIXTURE);
    expect(agent?.pids).toEqual([100, 101, 102, 103, 104, 105]);
    expect(agent?.bytes).toBe((300 + 30000 + 12000 + 2500 + 8000) * KB);
    expect(other).toMatchObject({ pids: [200, 201], bytes: 12000 * KB, method: "pss" });
  });
});

describe("readProcSnapshot (real /proc)", () => {
  it("finds this test process with its parent, a state and memory", () => {
    const snapshot = readProcSnapshot("/proc", { detailPids: () => [process.pid] });
    const self = snapshot.get(process.pid);
    expect(self?.ppid).toBe(process.ppid);
    expect(self?.state).toMatch(/^[RS]$/);
    expect(self?.rssBytes).toBeGreaterThan(1024 * KB);
  });
});

describe("describeProcesses (real /proc)", () => {
  it("describes this test process and leaves out a pid that does not exist", () => {
    const [self, ...rest] = describeProcesses([process.pid, 2 ** 22 + 1]);
    expect(rest).toEqual([]);
    expect(self).toMatchObject({
      pid: process.pid,
      ppid: process.ppid,
      state: expect.stringMatching(/^[RS]$/),
    });
    expect(self?.command).toContain("node");
    expect(self?.memoryBytes).toBeGreaterThan(1024 * KB);
  });
});
