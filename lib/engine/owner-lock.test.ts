// The owner file against real processes: a live second Paratrack is refused, a dead one's file is taken over.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
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

  it("lets one of several processes starting at once after a crash take the database over, and refuses the rest", async () => {
    const dead = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await new Promise((resolve) => dead.once("exit", resolve));
    const child = `
      import { claimDatabase } from ${JSON.stringify(path.resolve(__dirname, "owner-lock.ts"))};
      const [url, dir, startAt] = process.argv.slice(2);
      while (Date.now() < Number(startAt)) {}
      try { claimDatabase(url, dir); console.log("claimed"); setTimeout(() => {}, 1500); }
      catch (error) { console.log(error.name + ": " + error.message); }`;
    writeFileSync(path.join(dir, "child.mts"), child);
    for (let round = 0; round < 3; round++) {
      rmSync(ownerFilePath(url, dir), { force: true });
      writeFileSync(ownerFilePath(url, dir), `${dead.pid}\n`);
      // Every child spins until the same instant, then claims.
      const startAt = Date.now() + 3000;
      const answers = await Promise.all(
        Array.from(
          { length: 4 },
          () =>
            new Promise<string>((resolve) => {
              const claimant = spawn(
                process.execPath,
                ["--import", "tsx", path.join(dir, "child.mts"), url, dir, String(startAt)],
                { cwd: path.resolve(__dirname, "../.."), stdio: ["ignore", "pipe", "pipe"] },
              );
              let out = "";
              claimant.stdout.on("data", (chunk) => (out += chunk));
              claimant.stderr.on("data", (chunk) => (out += chunk));
              claimant.on("exit", () => resolve(out.trim()));
            }),
        ),
      );
      expect(
        answers.filter((answer) => answer === "claimed"),
        answers.join("\n"),
      ).toHaveLength(1);
      for (const answer of answers.filter((a) => a !== "claimed"))
        expect(answer).toMatch(
          /^DatabaseInUseError: (the database is in use|another Paratrack process is taking)/,
        );
      expect(existsSync(`${ownerFilePath(url, dir)}.takeover`)).toBe(false);
    }
  }, 60_000);

  it("removes a takeover turn a crashed process left, and takes the database over", async () => {
    const dead = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await new Promise((resolve) => dead.once("exit", resolve));
    writeFileSync(ownerFilePath(url, dir), `${dead.pid}\n`);
    const turn = `${ownerFilePath(url, dir)}.takeover`;
    mkdirSync(turn);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(turn, minuteAgo, minuteAgo);
    const release = claimDatabase(url, dir);
    expect(readFileSync(ownerFilePath(url, dir), "utf8").split(" ")[0]).toBe(String(process.pid));
    expect(existsSync(turn)).toBe(false);
    release();
  });
});
