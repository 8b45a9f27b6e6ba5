import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import nodePath from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGit } from "./git-runner";
import { writeFakeGit } from "./test-repo";
import { checkGitVersion, compareVersions, MERGE_TREE_MIN_VERSION, parseGitVersion } from "./version";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(nodePath.join(os.tmpdir(), "paratrack-git-version-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("parseGitVersion", () => {
  it.each([
    ["git version 2.39.5", { major: 2, minor: 39, patch: 5 }],
    ["git version 2.39.3 (Apple Git-146)", { major: 2, minor: 39, patch: 3 }],
    ["git version 2.45.1.windows.1", { major: 2, minor: 45, patch: 1 }],
    ["git version 2.38", { major: 2, minor: 38, patch: 0 }],
    ["hub version 2.14.2", null],
  ])("%s", (text, expected) => {
    expect(parseGitVersion(text)).toEqual(expected);
  });
});

describe("checkGitVersion", () => {
  it("reads this machine's git", async () => {
    const text = execFileSync("git", ["--version"], { encoding: "utf8" }).trim();
    const version = parseGitVersion(text)!;
    const check = await checkGitVersion(createGit());
    expect(check.version).toEqual(version);
    expect(check.ok).toBe(compareVersions(version, MERGE_TREE_MIN_VERSION) >= 0);
  });

  it("says plainly when git is older than 2.38", async () => {
    const old = writeFakeGit(dir, 'echo "git version 2.34.1"');
    expect(await checkGitVersion(createGit({ binary: old }))).toEqual({
      ok: false,
      version: { major: 2, minor: 34, patch: 1 },
      text: "git version 2.34.1",
      problem:
        "git 2.34.1 is older than 2.38.0: conflict prediction (git merge-tree --write-tree) and worktree coordination need git 2.38.0 or newer; upgrade git",
    });
  });

  it("never throws: no git, or an answer it cannot read", async () => {
    const missing = await checkGitVersion(createGit({ binary: nodePath.join(dir, "nothing") }));
    expect(missing).toMatchObject({ ok: false, version: null });
    expect(missing.ok || missing.problem).toContain("not found");
    const odd = await checkGitVersion(createGit({ binary: writeFakeGit(dir, "echo hello") }));
    expect(odd).toMatchObject({ ok: false, problem: 'cannot read the git version from "hello"' });
  });
});
