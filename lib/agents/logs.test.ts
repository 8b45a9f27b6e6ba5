import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLogWriter, tailLog } from "./logs";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-logs-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const numbered = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `line ${from + i}`);

describe("openLogWriter", () => {
  it("creates the directory and appends lines", () => {
    const logPath = path.join(dir, "a", "b", "agent.log");
    const log = openLogWriter(logPath, 10_000);
    log.writeLines(["one", "two"]);
    log.writeLines(["three"]);
    log.close();
    expect(readFileSync(logPath, "utf8")).toBe("one\ntwo\nthree\n");
    expect(log.error).toBeNull();
  });

  it("reopens after close and appends to an existing file", () => {
    const logPath = path.join(dir, "agent.log");
    writeFileSync(logPath, "earlier\n");
    const log = openLogWriter(logPath, 10_000);
    log.close();
    log.writeLines(["later"]);
    log.close();
    expect(readFileSync(logPath, "utf8")).toBe("earlier\nlater\n");
  });

  it("rotates to .1 before passing the cap, within one batch too", () => {
    const logPath = path.join(dir, "agent.log");
    const log = openLogWriter(logPath, 1024);
    const lines = numbered(0, 300); // ~2.7 kB: two rotations
    log.writeLines(lines);
    log.close();
    expect(statSync(logPath).size).toBeLessThanOrEqual(1024);
    expect(statSync(`${logPath}.1`).size).toBeLessThanOrEqual(1024);
    expect(statSync(`${logPath}.1`).size).toBeGreaterThan(1000);
    const both = `${readFileSync(`${logPath}.1`, "utf8")}${readFileSync(logPath, "utf8")}`
      .trimEnd()
      .split("\n");
    expect(both).toEqual(lines.slice(lines.length - both.length));
  });

  it("truncates a single line longer than the cap", () => {
    const logPath = path.join(dir, "agent.log");
    const log = openLogWriter(logPath, 2048);
    log.writeLines(["x".repeat(10_000)]);
    log.close();
    const text = readFileSync(logPath, "utf8");
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048);
    expect(text).toMatch(/line truncated\]\n$/);
  });

  it("reports an unwritable path instead of throwing", () => {
    const blocker = path.join(dir, "file");
    writeFileSync(blocker, "");
    const log = openLogWriter(path.join(blocker, "agent.log"), 10_000);
    expect(() => log.writeLines(["lost"])).not.toThrow();
    expect(log.error).toMatch(/EEXIST|ENOTDIR/);
  });
});

describe("tailLog", () => {
  it("returns the last n lines", async () => {
    const logPath = path.join(dir, "agent.log");
    writeFileSync(logPath, `${numbered(0, 10).join("\n")}\n`);
    expect(await tailLog(logPath, 3)).toEqual(["line 7", "line 8", "line 9"]);
    expect(await tailLog(logPath, 50)).toEqual(numbered(0, 10));
    expect(await tailLog(logPath, 0)).toEqual([]);
  });

  it("keeps a last line without its newline", async () => {
    const logPath = path.join(dir, "agent.log");
    writeFileSync(logPath, "a\nb\npartial");
    expect(await tailLog(logPath, 2)).toEqual(["b", "partial"]);
  });

  it("reads backwards in chunks through a large file, multi-byte characters intact", async () => {
    const logPath = path.join(dir, "agent.log");
    const lines = Array.from({ length: 20_000 }, (_, i) => `${i} ünïcødé ✓ ${"y".repeat(i % 50)}`);
    writeFileSync(logPath, `${lines.join("\n")}\n`);
    expect(await tailLog(logPath, 5000)).toEqual(lines.slice(-5000));
  });

  it("continues into the rotated file when the current one is short", async () => {
    const logPath = path.join(dir, "agent.log");
    writeFileSync(`${logPath}.1`, `${numbered(0, 5).join("\n")}\n`);
    writeFileSync(logPath, `${numbered(5, 7).join("\n")}\n`);
    expect(await tailLog(logPath, 4)).toEqual(["line 3", "line 4", "line 5", "line 6"]);
    expect(await tailLog(logPath, 100)).toEqual(numbered(0, 7));
  });

  it("is empty for a missing log", async () => {
    expect(await tailLog(path.join(dir, "none.log"), 10)).toEqual([]);
  });
});
