// One engine per database: a second Paratrack process on the same SQLite file (a headless run beside the server,
// say) would take the first one's run for a leftover of a crash and mark it stopped. The owner file holds the
// PID of the process whose engine uses the database; a file left by a dead process is taken over.
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

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

/** Whether `pid` is a live Node process (a reused PID of some other program does not count). */
function isLiveNode(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    return /node|tsx/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
  } catch {
    return true;
  }
}

function readOwner(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
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
  const claim = () => writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
  try {
    claim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const owner = readOwner(file);
    if (owner !== null && owner !== process.pid && isLiveNode(owner)) {
      throw new DatabaseInUseError(
        `the database is in use by another Paratrack process (pid ${owner}, ${file}): stop it, or give this ` +
          "one its own DATA_DIR or DATABASE_URL",
      );
    }
    // Left behind by a process that died without cleaning up, or ours: take it over.
    unlinkSync(file);
    claim();
  }
  return () => {
    if (readOwner(file) === process.pid) unlinkSync(file);
  };
}
