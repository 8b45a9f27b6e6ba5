// Per-process memory from /proc, summed over an agent's process tree.
// A full scan reads only /proc/<pid>/stat (enough to build trees); status and smaps_rollup, which cost more
// (smaps_rollup walks every mapping), are read only for the processes a caller asks about.
// Reads are synchronous on purpose: open/read/close into one reused buffer costs ~20 µs per file here, about a
// quarter of fs.promises.readFile's thread-pool round trips, so a 1 Hz scan of a few hundred processes is a few ms.
// The exception is smaps_rollup, whose cost grows with resident memory (~55 ms per GB here): a long-running caller
// passes a PssSource (see pss-cache.ts) that reads it off the event loop and estimates in between.

import { readdirSync } from "node:fs";
import type { ProcessView } from "../domain/views";
import { readPseudoFile } from "./pseudo-file";

/** The fields of /proc/<pid>/stat that Paratrack uses. */
export type ProcStat = {
  pid: number;
  comm: string;
  /** Single letter: R running, S sleeping, D disk wait, T stopped, t traced, Z zombie, X dead, I idle... */
  state: string;
  ppid: number;
  pgid: number;
  sid: number;
  utimeTicks: number;
  stimeTicks: number;
  /** Start time after boot in clock ticks; with the pid it identifies a process across PID reuse. */
  startTicks: number;
  rssPages: number;
};

export type ProcEntry = {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  comm: string;
  startTicks: number;
  /** VmRSS from status when it was read, else stat's rss × page size. */
  rssBytes: number;
  /** Proportional set size from smaps_rollup; null when not read or not readable (zombies, other users). */
  pssBytes: number | null;
};

export type ProcSnapshot = Map<number, ProcEntry>;

export type TreeMemoryMethod = "pss" | "rss" | "mixed";

export type TreeMemory = {
  /** PSS where known, RSS for the rest. */
  bytes: number;
  method: TreeMemoryMethod;
  /** Plain RSS sum, for comparison: it counts pages shared between forked processes more than once. */
  rssBytes: number;
  /** Processes of the tree found in the snapshot. */
  processes: number;
};

/** Gives a process's PSS (its entry already holds VmRSS) without reading smaps_rollup now; null when unknown. */
export type PssSource = (entry: ProcEntry, procRoot: string) => number | null;

export type ReadSnapshotOptions = {
  /** Which pids to read status and smaps_rollup for, chosen from the stat-only table; default: all. */
  detailPids?: (table: ProcSnapshot) => Iterable<number>;
  /** Used for stat's rss field when status is not read; 4096 on x86-64 and most arm64 kernels. */
  pageSize?: number;
  /** Where PSS comes from; default: read each smaps_rollup now, synchronously. */
  pss?: PssSource;
};

const DEFAULT_PAGE_SIZE = 4096;

/** Parses /proc/<pid>/stat; the comm may hold spaces and parentheses, so it ends at the LAST ')'. */
export function parseStat(text: string): ProcStat | null {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 1 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const comm = text.slice(open + 1, close);
  // Fields after the comm start at field 3 (state); field n is rest[n - 3].
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const state = rest[0];
  const numberAt = (field: number): number => Number(rest[field - 3]);
  const stat: ProcStat = {
    pid,
    comm,
    state: state ?? "",
    ppid: numberAt(4),
    pgid: numberAt(5),
    sid: numberAt(6),
    utimeTicks: numberAt(14),
    stimeTicks: numberAt(15),
    startTicks: numberAt(22),
    rssPages: numberAt(24),
  };
  if (!Number.isInteger(pid) || pid <= 0 || !state || state.length !== 1) return null;
  if (![stat.ppid, stat.pgid, stat.sid, stat.startTicks].every(Number.isFinite)) return null;
  if (!Number.isFinite(stat.rssPages)) stat.rssPages = 0;
  return stat;
}

function parseKbField(text: string, name: string): number | null {
  const match = new RegExp(`^${name}:\\s+(\\d+)\\s*kB`, "m").exec(text);
  return match ? Number(match[1]) * 1024 : null;
}

/** Reads "Pss:" and "Rss:" (kB) from /proc/<pid>/smaps_rollup; null fields when absent (e.g. an empty file of a zombie). */
export function parseSmapsRollup(text: string): { pssBytes: number | null; rssBytes: number | null } {
  return { pssBytes: parseKbField(text, "Pss"), rssBytes: parseKbField(text, "Rss") };
}

/** Reads VmRSS (kB) from /proc/<pid>/status; null when absent (kernel threads, zombies). */
export function parseStatusRss(text: string): number | null {
  return parseKbField(text, "VmRSS");
}

/** Reads one process's stat; null when it is gone. */
export function readProcStat(pid: number, procRoot = "/proc"): ProcStat | null {
  const text = readPseudoFile(`${procRoot}/${pid}/stat`);
  return text === null ? null : parseStat(text);
}

function toEntry(stat: ProcStat, pageSize: number): ProcEntry {
  return {
    pid: stat.pid,
    ppid: stat.ppid,
    pgid: stat.pgid,
    state: stat.state,
    comm: stat.comm,
    startTicks: stat.startTicks,
    rssBytes: stat.rssPages * pageSize,
    pssBytes: null,
  };
}

/** The pids listed in /proc now (none when it cannot be read). */
export function listPids(procRoot = "/proc"): number[] {
  try {
    return readdirSync(procRoot)
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

function readStatTable(procRoot: string, pageSize: number): ProcSnapshot {
  const table: ProcSnapshot = new Map();
  for (const name of readdirSync(procRoot)) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name), procRoot);
    if (stat) table.set(stat.pid, toEntry(stat, pageSize));
  }
  return table;
}

/** Adds VmRSS and PSS to the entries of these pids (in place); pids not in the table are ignored. */
export function readProcesses(
  table: ProcSnapshot,
  pids: Iterable<number>,
  procRoot = "/proc",
  pss?: PssSource,
): ProcSnapshot {
  for (const pid of new Set(pids)) {
    const entry = table.get(pid);
    if (!entry) continue;
    const status = readPseudoFile(`${procRoot}/${pid}/status`);
    const vmRss = status === null ? null : parseStatusRss(status);
    if (vmRss !== null) entry.rssBytes = vmRss;
    else if (status !== null) entry.rssBytes = 0; // no VmRSS line: a zombie or kernel thread holds no user memory
    if (pss) {
      entry.pssBytes = entry.rssBytes === 0 ? null : pss(entry, procRoot);
    } else {
      const rollup = readPseudoFile(`${procRoot}/${pid}/smaps_rollup`);
      entry.pssBytes = rollup === null ? null : parseSmapsRollup(rollup).pssBytes;
    }
  }
  return table;
}

/** Every process under procRoot, with PSS/VmRSS for the pids `detailPids` picks (all by default). */
export function readProcSnapshot(procRoot = "/proc", options: ReadSnapshotOptions = {}): ProcSnapshot {
  const table = readStatTable(procRoot, options.pageSize ?? DEFAULT_PAGE_SIZE);
  const detail = options.detailPids ? options.detailPids(table) : table.keys();
  return readProcesses(table, detail, procRoot, options.pss);
}

/**
 * The root, its descendants by parent pid, the members of process group `pgid` and their descendants,
 * plus any `extraRoots` (processes known from earlier that may have been reparented). Sorted pids.
 */
export function collectTree(
  snapshot: ProcSnapshot,
  rootPid: number,
  pgid?: number | null,
  extraRoots: Iterable<number> = [],
): number[] {
  const children = new Map<number, number[]>();
  const seeds = new Set<number>();
  for (const entry of snapshot.values()) {
    const siblings = children.get(entry.ppid);
    if (siblings) siblings.push(entry.pid);
    else children.set(entry.ppid, [entry.pid]);
    if (pgid !== undefined && pgid !== null && pgid > 0 && entry.pgid === pgid) seeds.add(entry.pid);
  }
  if (snapshot.has(rootPid)) seeds.add(rootPid);
  for (const pid of extraRoots) if (snapshot.has(pid)) seeds.add(pid);

  const found = new Set<number>();
  const queue = [...seeds];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (found.has(pid)) continue;
    found.add(pid);
    for (const child of children.get(pid) ?? []) if (!found.has(child)) queue.push(child);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * Sums a tree's memory, preferring PSS: summing RSS over forked children counts their shared pages once per process.
 * Processes without PSS fall back to RSS; those holding nothing (zombies) do not change the method.
 */
export function sumTreeMemory(snapshot: ProcSnapshot, pids: Iterable<number>): TreeMemory {
  let bytes = 0;
  let rssBytes = 0;
  let processes = 0;
  let usedPss = 0;
  let usedRss = 0;
  for (const pid of new Set(pids)) {
    const entry = snapshot.get(pid);
    if (!entry) continue;
    processes += 1;
    rssBytes += entry.rssBytes;
    if (entry.pssBytes !== null) {
      bytes += entry.pssBytes;
      usedPss += 1;
    } else if (entry.rssBytes > 0) {
      bytes += entry.rssBytes;
      usedRss += 1;
    }
  }
  const method: TreeMemoryMethod = usedRss === 0 ? "pss" : usedPss === 0 ? "rss" : "mixed";
  return { bytes, method, rssBytes, processes };
}

export type TreeRoot = { pid: number; pgid?: number | null; extraRoots?: Iterable<number> };

/** Measures several trees from one /proc scan, reading PSS only for their members; results in the order given. */
export function measureTrees(
  roots: readonly TreeRoot[],
  procRoot = "/proc",
  pss?: PssSource,
): Array<TreeMemory & { pids: number[] }> {
  const table = readStatTable(procRoot, DEFAULT_PAGE_SIZE);
  const trees = roots.map((root) => collectTree(table, root.pid, root.pgid, root.extraRoots));
  readProcesses(table, trees.flat(), procRoot, pss);
  return trees.map((pids) => ({ ...sumTreeMemory(table, pids), pids }));
}

/** True for states in which a process no longer runs and holds no memory of its own. */
export function isDeadState(state: string): boolean {
  return state === "Z" || state === "X" || state === "x";
}

/** True for a process stopped by a signal (T) or by a tracer (t). */
export function isStoppedState(state: string): boolean {
  return state === "T" || state === "t";
}

/** Where the kernel parks a vfork parent until its child execs or exits (the name depends on the kernel). */
const VFORK_WAIT = /^(kernel_clone|_do_fork|do_fork|wait_for_vfork_done)$/;

/**
 * Paused in effect, though /proc does not say T: a shell (dash, bash) that vforked a child which SIGSTOP caught
 * before its exec stays in D, waiting for that child, until SIGCONT lets the child go on. A group stop that lands
 * in that window leaves the parent in D for as long as the pause lasts.
 */
export function isHeldByStoppedVforkChild(pid: number, snapshot: ProcSnapshot, procRoot = "/proc"): boolean {
  if (snapshot.get(pid)?.state !== "D") return false;
  const wchan = readPseudoFile(`${procRoot}/${pid}/wchan`);
  if (wchan === null || !VFORK_WAIT.test(wchan.trim())) return false;
  for (const entry of snapshot.values()) if (entry.ppid === pid && isStoppedState(entry.state)) return true;
  return false;
}

/** What /proc says of each process now: state, command line, RSS (its own, shared pages in full; gone processes are left out). */
export function describeProcesses(pids: readonly number[], procRoot = "/proc"): ProcessView[] {
  return pids.flatMap((pid) => {
    const stat = readProcStat(pid, procRoot);
    if (!stat) return [];
    const cmdline = readPseudoFile(`${procRoot}/${pid}/cmdline`);
    const command = cmdline?.split("\0").filter(Boolean).join(" ") || stat.comm;
    const status = readPseudoFile(`${procRoot}/${pid}/status`);
    const memoryBytes = (status === null ? null : parseStatusRss(status)) ?? 0;
    return [{ pid, ppid: stat.ppid, command, state: stat.state, memoryBytes }];
  });
}
