import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exitFilePathFor, readExitFile } from "./exit-file";

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-exit-"));
  file = exitFilePathFor(path.join(dir, "a.log"));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("readExitFile", () => {
  it("reads the shim's record", () => {
    writeFileSync(
      file,
      '{"code":null,"signal":"SIGKILL","endedAt":"2026-12-04T21:05:01.713Z","pid":19534,"startTicks":113899,"error":null}\n',
    );
    expect(readExitFile(file)).toEqual({
      kind: "recorded",
      record: {
        code: null,
        signal: "SIGKILL",
        endedAt: "2026-12-04T21:05:01.713Z",
        pid: 19534,
        startTicks: 113899,
        error: null,
      },
    });
  });

  it.each([
    ["", /is empty/],
    ["{", /is corrupt: not JSON/],
    ['{"code":"1","signal":null,"endedAt":"2026-12-04T21:05:01.713Z"}', /is corrupt: code: /],
    ['{"code":1,"signal":null,"endedAt":"yesterday"}', /is corrupt: endedAt: /],
    [
      '{"code":1,"signal":"SIGFOO","endedAt":"2026-12-04T21:05:01.713Z"}',
      /is corrupt: signal: not a signal name/,
    ],
  ])("calls %j corrupt, with the reason", (text, reason) => {
    writeFileSync(file, text);
    const read = readExitFile(file);
    expect(read.kind).toBe("corrupt");
    expect(read.kind === "corrupt" && read.reason).toMatch(reason);
  });

  it("tells a missing file from an unreadable one", () => {
    expect(readExitFile(file)).toEqual({ kind: "missing" });
    expect(readExitFile(dir)).toMatchObject({
      kind: "corrupt",
      reason: expect.stringMatching(/cannot be read \(EISDIR\)/),
    });
  });
});
