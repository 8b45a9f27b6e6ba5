// The data directory and the SQLite files on real disk, opened by real SQLite: nobody but this user may read them.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keepDataPrivate, SharedDataDirError } from "./private-data";

const modeOf = (file: string) => statSync(file).mode & 0o777;
/** With the sticky, setgid and setuid bits. */
const fullModeOf = (file: string) => statSync(file).mode & 0o7777;

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "paratrack-private-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("keepDataPrivate", () => {
  it("creates the data directory and the database closed to others, and SQLite's WAL follows", () => {
    const dataDir = path.join(root, "data");
    const db = path.join(dataDir, "paratrack.db");
    keepDataPrivate(dataDir, `file:${db}`);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(db)).toBe(0o600);
    const sqlite = new Database(db);
    sqlite.pragma("journal_mode = WAL");
    sqlite.exec("create table t (x text); insert into t values ('secret env value')");
    expect(modeOf(`${db}-wal`) & 0o077).toBe(0);
    sqlite.close();
  });

  it("takes group and other permissions off an existing data directory and database", () => {
    const dataDir = path.join(root, "data");
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const db = path.join(dataDir, "paratrack.db");
    for (const file of [db, `${db}-wal`, `${db}.owner`]) {
      writeFileSync(file, "");
      chmodSync(file, 0o644);
    }
    const tightened = keepDataPrivate(dataDir, `file:${db}?connection_limit=1`);
    expect(modeOf(dataDir)).toBe(0o700);
    for (const file of [db, `${db}-wal`, `${db}.owner`]) expect(modeOf(file)).toBe(0o600);
    expect(tightened).toHaveLength(4);
    expect(keepDataPrivate(dataDir, `file:${db}`)).toEqual([]);
  });

  it("leaves a PostgreSQL database and an in-memory one alone", () => {
    const dataDir = path.join(root, "data");
    expect(keepDataPrivate(dataDir, "postgresql://u:p@localhost/paratrack")).toEqual([]);
    expect(keepDataPrivate(dataDir, "file::memory:")).toEqual([]);
    expect(modeOf(dataDir)).toBe(0o700);
  });

  it("refuses a data directory other users may write to, and leaves its mode alone (sticky and setgid too)", () => {
    for (const [mode, why] of [
      [
        0o1777,
        /^DATA_DIR .* is writable by other users \(mode 1777\): use a directory of your own, e\.g\. ~\/\.local\/share\/paratrack$/,
      ],
      [0o777, /is writable by other users \(mode 777\)/],
      [0o1755, /is a shared directory \(sticky bit, mode 1755\)/],
    ] as const) {
      const shared = mkdtempSync(path.join(root, "shared-"));
      chmodSync(shared, mode);
      expect(() => keepDataPrivate(shared, `file:${path.join(shared, "paratrack.db")}`)).toThrow(
        SharedDataDirError,
      );
      expect(() => keepDataPrivate(shared, "postgresql://u:p@localhost/paratrack")).toThrow(why);
      expect(fullModeOf(shared)).toBe(mode);
      expect(existsSync(path.join(shared, "paratrack.db"))).toBe(false);
    }
  });

  it("leaves a directory shared with its group as it is, with a warning; the database in it is still closed", () => {
    for (const mode of [0o2770, 0o775]) {
      const team = mkdtempSync(path.join(root, "team-"));
      chmodSync(team, mode);
      const warnings: string[] = [];
      const db = path.join(team, "paratrack.db");
      keepDataPrivate(team, `file:${db}`, (warning) => warnings.push(warning));
      expect(fullModeOf(team)).toBe(mode);
      expect(modeOf(db)).toBe(0o600);
      expect(warnings).toEqual([
        `DATA_DIR ${team} is shared with its group (mode ${mode.toString(8)}): its mode is left as it is, so the group's members may read what Paratrack keeps there (the plans' env values, the agents' logs); use a directory of your own, e.g. ~/.local/share/paratrack`,
      ]);
    }
  });

  it("makes a data directory it creates itself 700", () => {
    const dataDir = path.join(root, "a", "b", "data");
    keepDataPrivate(dataDir, "postgresql://u:p@localhost/paratrack");
    expect(fullModeOf(dataDir)).toBe(0o700);
  });
});
