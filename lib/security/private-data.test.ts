// The data directory and the SQLite files on real disk, opened by real SQLite: nobody but this user may read them.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keepDataPrivate } from "./private-data";

const modeOf = (file: string) => statSync(file).mode & 0o777;

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
});
