// One engine per database: a second Paratrack process on the same SQLite file (a headless run beside the server,
// say) would take the first one's run for a leftover of a crash and mark it stopped. The owner file holds the
// PID (and start time) of the process whose engine uses the database; a file left by a dead process is taken over,
// even when its PID now belongs to another process.
import {
  linkSync,
  mkdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { readProcStat } from "../monitor/process-tree";

export class DatabaseInUseError extends Error {
  readonly status = 409;
  constructor(message: string) {
    super(message);
    this.name = "DatabaseInUseError";
  }
}

/** The owner file for a database URL: beside a SQLite file, in the data directory otherwise. */
export function ownerFilePath(databaseUrl: string, dataDir: string): string {
  if (databaseUrl.startsWith("file:")) return `${path.resolve(databaseUrl.slice("file:".length))}.owner`;
  return path.resolve(dataDir, "paratrack.owner");
}

type Owner = { pid: number; startTicks: number | null };

/**
 * Whether the owner still runs: a live Node process with the recorded start time (a PID reused by another program,
 * or by another Node process after a crash or reboot, does not count).
 */
function isLiveOwner(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (owner.startTicks !== null) {
    const now = readProcStat(owner.pid);
    if (now !== null && now.startTicks !== owner.startTicks) return false;
  }
  try {
    return /node|tsx/.test(readFileSync(`/proc/${owner.pid}/cmdline`, "utf8"));
  } catch {
    return true;
  }
}

/** The pid of the live process that owns the database (its owner file), or null when none does. */
export function liveOwnerPid(databaseUrl: string, dataDir: string): number | null {
  const owner = readOwner(ownerFilePath(databaseUrl, dataDir));
  return owner !== null && isLiveOwner(owner) ? owner.pid : null;
}

/** "<pid> <start ticks>" (older files: "<pid>"). */
function readOwner(file: string): Owner | null {
  try {
    const [pidText, ticksText] = readFileSync(file, "utf8").trim().split(/\s+/);
    const pid = Number.parseInt(pidText ?? "", 10);
    const startTicks = Number.parseInt(ticksText ?? "", 10);
    if (!Number.isInteger(pid) || pid <= 0) return null;
    return { pid, startTicks: Number.isInteger(startTicks) ? startTicks : null };
  } catch {
    return null;
  }
}

/**
 * Claims the database for this process, or throws DatabaseInUseError naming the owner. Re-entrant within one
 * process (tests build several engines). Returns the release function.
 */
export function claimDatabase(databaseUrl: string, dataDir: string): () => void {
  const file = ownerFilePath(databaseUrl, dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const ownTicks = readProcStat(process.pid)?.startTicks;
  const record = ownTicks === undefined ? `${process.pid}\n` : `${process.pid} ${ownTicks}\n`;
  // Written whole, then linked into place (link fails when the file exists): a claimant never sees an owner file
  // that exists but is still empty, which it would take for garbage and remove.
  const claim = () => {
    const draft = `${file}.${process.pid}.draft`;
    writeFileSync(draft, record);
    try {
      linkSync(draft, file);
    } finally {
      rmSync(draft, { force: true });
    }
  };
  const inUse = (owner: Owner) =>
    new DatabaseInUseError(
      `the database is in use by another Paratrack process (pid ${owner.pid}, ${file}): stop it, or give this ` +
        "one its own DATA_DIR or DATABASE_URL",
    );
  try {
    claim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Left behind by a process that died without cleaning up, or ours: take it over. Two processes starting at
    // once after a crash would otherwise both read the dead owner, and the later one delete the earlier one's
    // fresh claim: takeovers take turns, and each reads the owner again in its turn.
    withTakeoverTurn(file, () => {
      const owner = readOwner(file);
      if (owner !== null && owner.pid !== process.pid && isLiveOwner(owner)) throw inUse(owner);
      rmSync(file, { force: true });
      try {
        claim();
      } catch (again) {
        // A process that found no file at all claimed it between the removal and this claim.
        const winner = readOwner(file);
        if ((again as NodeJS.ErrnoException).code === "EEXIST" && winner !== null) throw inUse(winner);
        throw again;
      }
    });
  }
  return () => {
    if (readOwner(file)?.pid === process.pid) unlinkSync(file);
  };
}

/** A takeover's turn is held this long at most (it takes milliseconds); an older turn was left by a crash. */
const TAKEOVER_STALE_MS = 10_000;
const TAKEOVER_WAIT_MS = 5_000;

/** Runs `takeOver` while holding `<file>.takeover` (a directory: mkdir either creates it or fails, atomically). */
function withTakeoverTurn(file: string, takeOver: () => void): void {
  const turn = `${file}.takeover`;
  const waitUntil = Date.now() + TAKEOVER_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(turn);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (statMtime(turn) ?? Date.now());
      if (age > TAKEOVER_STALE_MS) rmSync(turn, { recursive: true, force: true });
      else if (Date.now() > waitUntil)
        throw new DatabaseInUseError(
          `another Paratrack process is taking the database over (${turn} since ${Math.round(age / 1000)} s): ` +
            "try again in a moment",
        );
      else sleepSync(10);
    }
  }
  try {
    takeOver();
  } finally {
    rmdirSync(turn);
  }
}

function statMtime(target: string): number | null {
  try {
    return statSync(target).mtimeMs;
  } catch {
    return null;
  }
}

/** Blocks the thread: the claim runs once at start, before the server listens. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
