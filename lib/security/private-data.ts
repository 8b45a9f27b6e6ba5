// What the server writes holds the plan (with its env values: API keys), the agents' logs and the engine's lock:
// on a shared machine other users must not read it. The umask usually leaves files world-readable, and agents
// inherit the umask, so the data directory and the database are closed to others here instead. A directory that is
// shared on purpose (/tmp, a team's setgid directory) is never changed: its mode is what its other users rely on.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import path from "node:path";

/** Files of a SQLite database besides the main one (journal, WAL, shared memory, Paratrack's owner lock). */
const SQLITE_COMPANIONS = ["-wal", "-shm", "-journal", ".owner"];

const WORLD_WRITABLE = 0o002;
const GROUP_WRITABLE = 0o020;
const STICKY = 0o1000;
const SETGID = 0o2000;

/** A data directory other users may write to: Paratrack refuses to start on it. */
export class SharedDataDirError extends Error {}

/** What became of the data directory: created here (mode 700), or there already and left shared with its group. */
export type DataDirCheck = { created: boolean; sharedWithGroup: string | null };

/**
 * Makes sure `dataDir` can be this user's own: creates it (mode 700) when missing. One that exists is refused when
 * other users may write to it or it is sticky (/tmp and the like: SharedDataDirError, one line naming DATA_DIR);
 * one shared with its group (group-writable or setgid) is accepted with a warning and its mode left as it is.
 */
export function checkDataDir(dataDir: string): DataDirCheck {
  if (mkdirSync(dataDir, { recursive: true, mode: 0o700 }) !== undefined) {
    // The umask may have taken bits off, never added any; exactly 700 whatever it is.
    chmodSync(dataDir, 0o700);
    return { created: true, sharedWithGroup: null };
  }
  const mode = statSync(dataDir).mode & 0o7777;
  const octal = mode.toString(8).padStart(3, "0");
  const ownInstead = "use a directory of your own, e.g. ~/.local/share/paratrack";
  if ((mode & WORLD_WRITABLE) !== 0)
    throw new SharedDataDirError(
      `DATA_DIR ${dataDir} is writable by other users (mode ${octal}): ${ownInstead}`,
    );
  if ((mode & STICKY) !== 0)
    throw new SharedDataDirError(
      `DATA_DIR ${dataDir} is a shared directory (sticky bit, mode ${octal}): ${ownInstead}`,
    );
  if ((mode & (GROUP_WRITABLE | SETGID)) !== 0)
    return {
      created: false,
      sharedWithGroup: `DATA_DIR ${dataDir} is shared with its group (mode ${octal}): its mode is left as it is, so the group's members may read what Paratrack keeps there (the plans' env values, the agents' logs); ${ownInstead}`,
    };
  return { created: false, sharedWithGroup: null };
}

/**
 * Checks `dataDir` (checkDataDir: creates it mode 700, refuses a shared one) and closes it to others unless it is
 * shared with its group on purpose (`warn` is told); for a `file:` database, creates the file (mode 600) so SQLite's
 * own companions inherit it, and takes group and other permissions off those that exist and belong to this user.
 * Returns the paths it tightened.
 */
export function keepDataPrivate(
  dataDir: string,
  databaseUrl: string,
  warn: (message: string) => void = () => undefined,
): string[] {
  const tightened: string[] = [];
  const tighten = (target: string) => {
    const stat = statSync(target, { throwIfNoEntry: false });
    if (!stat || (process.getuid && stat.uid !== process.getuid())) return;
    if ((stat.mode & 0o077) === 0) return;
    chmodSync(target, stat.mode & 0o700);
    tightened.push(target);
  };
  const dir = checkDataDir(dataDir);
  if (dir.sharedWithGroup !== null) warn(dir.sharedWithGroup);
  else tighten(dataDir);
  const name = databaseUrl.replace(/^file:/, "").replace(/\?.*$/, "");
  if (databaseUrl.startsWith("file:") && name !== ":memory:") {
    const file = path.resolve(name);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
    for (const target of [file, ...SQLITE_COMPANIONS.map((suffix) => file + suffix)]) tighten(target);
  }
  return tightened;
}
