// The owner file against real processes: a live second Paratrack is refused, a dead one's file is taken over.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimDatabase, DatabaseInUseError, ownerFilePath } from "./owner-lock";

let dir: string;
let url: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "pt-owner-"));
  url = `file:${path.join(dir, "paratrack.db")}`;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("claimDatabase", () => {
  it("writes our PID beside the SQLite file and removes it on release", () => {
    const release = claimDatabase(url, dir);
    const file = ownerFilePath(url, dir);
    expect(file).toBe(path.join(dir, "paratrack.db.owner"));
    expect(readFileSync(file, "utf8").split(" ")[0]).toBe(String(process.pid));
    release();
    expect(existsSync(file)).toBe(false);
  });

  it("refuses a database a live Node process owns, naming it", async () => {
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => other.once("spawn", resolve));
      writeFileSync(ownerFilePath(url, dir), `${other.pid}\n`);
      expect(() => claimDatabase(url, dir)).toThrow(DatabaseInUseError);
      expect(() => claimDatabase(url, dir)).toThrow(`pid ${other.pid}`);
    } finally {
      other.kill("SIGKILL");
    }
  });

  it("takes over the file of a process that has died", async () => {
    const other = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await new Promise((resolve) => other.once("exit", resolve));
    writeFileSync(ownerFilePath(url, dir), `${other.pid}\n`);
    const release = claimDatabase(url, dir);
    expect(readFileSync(ownerFilePath(url, dir), "utf8").split(" ")[0]).toBe(String(process.pid));
    release();
  });

  it("takes over the file of a dead owner whose PID another Node process has since been given", async () => {
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => other.once("spawn", resolve));
      // The pid is a live Node process, but it started at another time than the recorded owner did.
      const ticks = Number(readFileSync(`/proc/${other.pid}/stat`, "utf8").split(") ")[1]!.split(" ")[19]);
      writeFileSync(ownerFilePath(url, dir), `${other.pid} ${ticks - 1}\n`);
      const release = claimDatabase(url, dir);
      expect(readFileSync(ownerFilePath(url, dir), "utf8").split(" ")[0]).toBe(String(process.pid));
      release();
      // With its own start time it is the owner.
      writeFileSync(ownerFilePath(url, dir), `${other.pid} ${ticks}\n`);
      expect(() => claimDatabase(url, dir)).toThrow(`pid ${other.pid}`);
    } finally {
      other.kill("SIGKILL");
    }
  });

  it("does not take a live process that is not Node (a reused PID) for an owner", async () => {
    const sleeper = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => sleeper.once("spawn", resolve));
      writeFileSync(ownerFilePath(url, dir), `${sleeper.pid}\n`);
      expect(() => claimDatabase(url, dir)()).not.toThrow();
    } finally {
      sleeper.kill("SIGKILL");
    }
  });

  it("keeps the owner file of a PostgreSQL database in the data directory", () => {
    expect(ownerFilePath("postgresql://u@h/db", dir)).toBe(path.join(dir, "paratrack.owner"));
  });
});
