// What the server writes holds the plan (with its env values: API keys), the agents' logs and the engine's lock:
// on a shared machine other users must not read it. The umask usually leaves files world-readable, and agents
// inherit the umask, so the data directory and the database are closed to others here instead.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import path from "node:path";

/** Files of a SQLite database besides the main one (journal, WAL, shared memory, Paratrack's owner lock). */
const SQLITE_COMPANIONS = ["-wal", "-shm", "-journal", ".owner"];

/**
 * Creates `dataDir` (mode 700) and, for a `file:` database, the file (mode 600) so SQLite's own companions
 * inherit it; takes group and other permissions off those that exist and belong to this user. Returns the
 * paths it tightened.
 */
export function keepDataPrivate(dataDir: string, databaseUrl: string): string[] {
  const tightened: string[] = [];
  const tighten = (target: string) => {
    const stat = statSync(target, { throwIfNoEntry: false });
    if (!stat || (process.getuid && stat.uid !== process.getuid())) return;
    if ((stat.mode & 0o077) === 0) return;
    chmodSync(target, stat.mode & 0o700);
    tightened.push(target);
  };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  tighten(dataDir);
  const name = databaseUrl.replace(/^file:/, "").replace(/\?.*$/, "");
  if (databaseUrl.startsWith("file:") && name !== ":memory:") {
    const file = path.resolve(name);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
    for (const target of [file, ...SQLITE_COMPANIONS.map((suffix) => file + suffix)]) tighten(target);
  }
  return tightened;
}
