import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseLogLine } from "./log-line";
import { appendLogNote, readWholeLogs, tailLog } from "./logs";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-logs-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const numbered = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `line ${from + i}`);

describe("appendLogNote", () => {
  it("creates the directory and appends one system line per note, newlines flattened", () => {
    const logPath = path.join(dir, "a", "b", "agent.log");
    expect(appendLogNote(logPath, "[paratrack] one", new Date("2026-01-02T03:04:05.678Z"))).toBeNull();
    expect(appendLogNote(logPath, "two\nlines")).toBeNull();
    const lines = readFileSync(logPath, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("2026-01-02T03:04:05.678Z sys [paratrack] one");
    expect(parseLogLine(lines[1]!)).toMatchObject({ stream: "system", line: "two lines" });
  });

  it("reports an unwritable path instead of throwing", () => {
    const blocker = path.join(dir, "file");
    writeFileSync(blocker, "");
    expect(appendLogNote(path.join(blocker, "agent.log"), "lost")).toMatch(/EEXIST|ENOTDIR/);
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

describe("readWholeLogs", () => {
  const read = (parts: Parameters<typeof readWholeLogs>[0]) => new Response(readWholeLogs(parts)).text();

  it("hands over the rotated part first, then the log, whole (beyond one read's chunk)", async () => {
    const logPath = path.join(dir, "a.log");
    const older = numbered(0, 20_000).join("\n");
    writeFileSync(`${logPath}.1`, `${older}\n`);
    writeFileSync(logPath, "line 20000\nline 20001\n");
    const text = await read([{ path: logPath, heading: null }]);
    expect(text).toBe(`${older}\nline 20000\nline 20001\n`);
    expect(text.length).toBeGreaterThan(64 * 1024);
  });

  it("joins several logs under their headings and says when one has no file", async () => {
    const a = path.join(dir, "a.log");
    writeFileSync(a, "from a\n");
    const missing = path.join(dir, "b.log");
    expect(
      await read([
        { path: a, heading: "agent a" },
        { path: missing, heading: "agent b" },
      ]),
    ).toBe(`==> agent a <==\nfrom a\n==> agent b <==\n(no log file at ${missing})\n`);
  });
});
