// The governor benchmark's view of the machine: /proc/meminfo sampling with a guard line, the OOM-kill counter,
// the balloon that makes memory scarce, and killing what the benchmark started, by PID.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

export const MIB = 1024 ** 2;
export const GIB = 1024 ** 3;

export type Meminfo = {
  totalBytes: number;
  availableBytes: number;
  /** What GNU parallel calls free: MemFree + Buffers + Cached + SwapCached. */
  parallelFreeBytes: number;
};

/** One synchronous read of /proc/meminfo (cheap: no page walks). */
export function readMeminfo(): Meminfo {
  const text = readFileSync("/proc/meminfo", "utf8");
  const kb = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(text);
    return match ? Number(match[1]) * 1024 : 0;
  };
  return {
    totalBytes: kb("MemTotal"),
    availableBytes: kb("MemAvailable"),
    parallelFreeBytes: kb("MemFree") + kb("Buffers") + kb("Cached") + kb("SwapCached"),
  };
}

/** The kernel's count of OOM kills since boot (/proc/vmstat oom_kill): a dmesg-free way to see them. */
export function readOomKills(): number {
  const match = /^oom_kill (\d+)$/m.exec(readFileSync("/proc/vmstat", "utf8"));
  return match ? Number(match[1]) : 0;
}

export type UseSample = { t: number; usedBytes: number; availableBytes: number; load1: number };

/** The 1-minute load average: how busy the shared machine was. */
export function readLoad1(): number {
  return Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
}

export type UseSampler = {
  samples: UseSample[];
  stop(): void;
};

/**
 * Samples system use (MemTotal - MemAvailable) every `intervalMs`; calls `onBreach` once when use passes
 * `guardPercent` of physical memory, so the caller can stop its runner before the machine runs dry.
 */
export function startUseSampler(opts: {
  intervalMs: number;
  guardPercent: number;
  onBreach: (sample: UseSample, percent: number) => void;
}): UseSampler {
  const samples: UseSample[] = [];
  let breached = false;
  const take = () => {
    const m = readMeminfo();
    const sample = {
      t: Date.now(),
      usedBytes: m.totalBytes - m.availableBytes,
      availableBytes: m.availableBytes,
      load1: readLoad1(),
    };
    samples.push(sample);
    const percent = (sample.usedBytes / m.totalBytes) * 100;
    if (!breached && percent >= opts.guardPercent) {
      breached = true;
      opts.onBreach(sample, percent);
    }
  };
  take();
  const timer = setInterval(take, opts.intervalMs);
  return { samples, stop: () => clearInterval(timer) };
}

/** Parent pid of every process, from /proc/<pid>/stat (the field after the parenthesised name). */
function readParents(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(name), ppid);
    } catch {
      // It exited while we looked.
    }
  }
  return parents;
}

/** Every live descendant of `pid` (children first). */
export function listDescendants(pid: number): number[] {
  const parents = readParents();
  const children = new Map<number, number[]>();
  for (const [child, parent] of parents) children.set(parent, [...(children.get(parent) ?? []), child]);
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/** Sends `signal` to `pid` and each of its descendants, by PID; ignores those already gone. Returns how many. */
export function killTree(pid: number, signal: NodeJS.Signals): number {
  let count = 0;
  for (const target of [pid, ...listDescendants(pid)]) {
    try {
      process.kill(target, signal);
      count += 1;
    } catch {
      // Already exited.
    }
  }
  return count;
}

export type Balloon = { pid: number; heldBytes: number; release(): Promise<void> };

/** Starts the balloon holding `bytes` (never taking MemAvailable below `floorBytes`); resolves once it holds it. */
export async function inflateBalloon(repoRoot: string, bytes: number, floorBytes: number): Promise<Balloon> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(repoRoot, "bench", "jobs", "balloon.mjs"),
      String(Math.floor(bytes / MIB)),
      String(Math.ceil(floorBytes / MIB)),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error("cannot start the balloon");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const heldMib = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const match = /^ready (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code, signal) => reject(new Error(`the balloon exited early (${code ?? signal})`)));
  });
  return {
    pid,
    heldBytes: heldMib * MIB,
    async release() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Waits until MemAvailable has stopped rising (freed memory shows up with a small delay), at most `maxMs`. */
export async function waitForMemoryToSettle(maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = readMeminfo().availableBytes;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = readMeminfo().availableBytes;
    if (Math.abs(now - last) < 64 * MIB) return;
    last = now;
  }
}
