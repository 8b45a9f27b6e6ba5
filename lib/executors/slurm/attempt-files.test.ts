import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nextAttemptBase, readNextAttemptBase } from "./attempt-files";

describe("nextAttemptBase", () => {
  it("is the engine's attempt less one: attempt 2 of a track writes <agent>.1.*", () => {
    expect(nextAttemptBase(1, [], ["coder"])).toBe(0);
    expect(nextAttemptBase(2, ["coder.0.out", "coder.0.exit", "job-41.out"], ["coder"])).toBe(1);
    expect(nextAttemptBase(null, [], ["coder"])).toBe(0);
  });

  it("starts past every attempt an earlier job of the track wrote, when that is further", () => {
    // An earlier job that Slurm itself requeued twice wrote .0, .1 and .2 within the engine's attempt 1.
    const files = ["coder.0.out", "coder.1.out", "coder.2.out", "coder.2.exit.tmp", "coder.resume"];
    expect(nextAttemptBase(2, files, ["coder"])).toBe(3);
    // Another agent's files count too (they share the attempt), unrelated files do not.
    expect(nextAttemptBase(1, ["helper.4.err", "coder.x.out", "coderx.9.out"], ["coder", "helper"])).toBe(5);
    // An agent named like a prefix of another ("a" and "a.b") reads only its own files.
    expect(nextAttemptBase(1, ["a.b.6.out"], ["a"])).toBe(0);
    expect(nextAttemptBase(1, ["a.b.6.out"], ["a", "a.b"])).toBe(7);
  });

  it("reads the track's directory, which may not exist yet", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-attempts-"));
    try {
      expect(await readNextAttemptBase(path.join(dir, "none"), 3, ["a"])).toBe(2);
      mkdirSync(path.join(dir, "t"));
      writeFileSync(path.join(dir, "t", "a.5.out"), "");
      expect(await readNextAttemptBase(path.join(dir, "t"), 3, ["a"])).toBe(6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
