// PSS without stalling the server: smaps_rollup walks every resident page (~55 ms per GB here, ~1 s for a 20 GB
// local model), so it is read on the thread pool, for each process no more often than its own read cost allows,
// and between reads PSS is estimated as the last reading plus the RSS change since (new private pages count fully
// in both), clamped to the current RSS. A process seen for the first time is read at once when it is small (a few
// ms at most): its RSS counts shared libraries in full (a fresh node agent: 55 MB RSS, 24 MB PSS), which in a small
// budget, or for every agent taken over after a restart, read as a false Red and paused tracks for nothing.

import { readFile } from "node:fs/promises";
import { type ProcEntry, type PssSource, parseSmapsRollup } from "./process-tree";
import { readPseudoFile } from "./pseudo-file";

/** A first read at once only up to this RSS: ~14 ms here (smaps_rollup walks ~55 ms per GB). */
export const SYNC_FIRST_READ_MAX_BYTES = 256 * 1024 ** 2;
/** Time spent on reads at once, at most, per second; past it first reads go to the thread pool as the others. */
export const SYNC_READ_BUDGET_MS_PER_SECOND = 50;

export type PssCacheOptions = {
  /** Shortest time between two reads of one process's smaps_rollup; default 1 s. */
  minIntervalMs?: number;
  /** Wait at least costFactor × the last read's duration before the next read (20 keeps it near 5 % of a thread). */
  costFactor?: number;
  /** Forget processes not asked about for this long; default 60 s. */
  forgetAfterMs?: number;
  now?: () => number;
  readRollup?: (path: string) => Promise<string | null>;
  /** The read at once of a small process seen for the first time (null: unreadable, then read as the others). */
  readRollupNow?: (path: string) => string | null;
  /** Largest RSS read at once on first sight; default SYNC_FIRST_READ_MAX_BYTES (0: never). */
  syncFirstReadMaxBytes?: number;
};

export type PssCache = {
  /** Pass as `pss` to readProcSnapshot / readProcesses / measureTrees. */
  source: PssSource;
  /** Resolves once the reads under way have finished (tests). */
  settle(): Promise<void>;
  readonly size: number;
};

type Reading = { pssBytes: number | null; rssBytes: number; nextReadAt: number; lastSeenAt: number };

async function readRollupFile(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return null;
  }
}

/** A PSS source that reads smaps_rollup asynchronously and estimates between reads. */
export function createPssCache(options: PssCacheOptions = {}): PssCache {
  const minIntervalMs = options.minIntervalMs ?? 1000;
  const costFactor = options.costFactor ?? 20;
  const forgetAfterMs = options.forgetAfterMs ?? 60_000;
  const now = options.now ?? Date.now;
  const readRollup = options.readRollup ?? readRollupFile;
  const readRollupNow = options.readRollupNow ?? readPseudoFile;
  const syncMaxBytes = options.syncFirstReadMaxBytes ?? SYNC_FIRST_READ_MAX_BYTES;
  const syncBudget = { windowStart: Number.NEGATIVE_INFINITY, spentMs: 0 };
  const readings = new Map<string, Reading>();
  const inFlight = new Map<string, Promise<void>>();
  let calls = 0;

  const forgetStale = (at: number) => {
    for (const [key, reading] of readings) if (at - reading.lastSeenAt > forgetAfterMs) readings.delete(key);
  };

  const startRead = (key: string, entry: ProcEntry, procRoot: string) => {
    const startedAt = now();
    const read = readRollup(`${procRoot}/${entry.pid}/smaps_rollup`)
      .catch(() => null)
      .then((text) => {
        const finishedAt = now();
        const rollup = text === null ? null : parseSmapsRollup(text);
        const cost = finishedAt - startedAt;
        readings.set(key, {
          pssBytes: rollup?.pssBytes ?? null,
          // The rollup's own Rss is the RSS this PSS goes with.
          rssBytes: rollup?.rssBytes ?? entry.rssBytes,
          nextReadAt: finishedAt + Math.max(minIntervalMs, cost * costFactor),
          lastSeenAt: readings.get(key)?.lastSeenAt ?? finishedAt,
        });
        inFlight.delete(key);
      });
    inFlight.set(key, read);
  };

  /** Reads a small process seen for the first time at once, within the budget; null when it did not. */
  const readNow = (key: string, entry: ProcEntry, procRoot: string, at: number): Reading | null => {
    if (entry.rssBytes > syncMaxBytes) return null;
    if (at - syncBudget.windowStart >= 1000) {
      syncBudget.windowStart = at;
      syncBudget.spentMs = 0;
    }
    if (syncBudget.spentMs >= SYNC_READ_BUDGET_MS_PER_SECOND) return null;
    const startedAt = performance.now();
    const text = readRollupNow(`${procRoot}/${entry.pid}/smaps_rollup`);
    const cost = performance.now() - startedAt;
    syncBudget.spentMs += cost;
    const rollup = text === null ? null : parseSmapsRollup(text);
    if (rollup?.pssBytes == null) return null;
    const reading = {
      pssBytes: rollup.pssBytes,
      rssBytes: rollup.rssBytes ?? entry.rssBytes,
      nextReadAt: at + Math.max(minIntervalMs, cost * costFactor),
      lastSeenAt: at,
    };
    readings.set(key, reading);
    return reading;
  };

  const source: PssSource = (entry, procRoot) => {
    const at = now();
    calls += 1;
    if (calls % 256 === 0) forgetStale(at);
    const key = `${procRoot}\0${entry.pid}\0${entry.startTicks}`;
    const reading = readings.get(key) ?? (inFlight.has(key) ? undefined : readNow(key, entry, procRoot, at));
    if (reading) reading.lastSeenAt = at;
    if ((!reading || at >= reading.nextReadAt) && !inFlight.has(key)) startRead(key, entry, procRoot);
    if (!reading || reading.pssBytes === null) return null;
    const estimate = reading.pssBytes + (entry.rssBytes - reading.rssBytes);
    return Math.max(0, Math.min(entry.rssBytes, estimate));
  };

  return {
    source,
    settle: async () => {
      while (inFlight.size > 0) await Promise.all(inFlight.values());
    },
    get size() {
      return readings.size;
    },
  };
}
