import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import nodePath from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderHandoffDocument } from "../domain/coordination/handoffs";
import { findArtifacts, sha256File, transferArtifacts, writeHandoffDocument } from "./transfer-artifacts";

let dir: string;
let from: string;
let to: string;

function write(root: string, path: string, text: string | Buffer): void {
  mkdirSync(nodePath.dirname(nodePath.join(root, path)), { recursive: true });
  writeFileSync(nodePath.join(root, path), text);
}

/** sha256 as the coreutils compute it, to check ours against an independent tool. */
function sha256sum(file: string): string {
  return execFileSync("sha256sum", [file], { encoding: "utf8" }).split(" ")[0]!;
}

beforeEach(() => {
  dir = mkdtempSync(nodePath.join(os.tmpdir(), "paratrack-handoff-"));
  from = nodePath.join(dir, "api");
  to = nodePath.join(dir, "web");
  write(from, "api/openapi.yaml", "openapi: 3.1.0\n");
  write(from, "dist/client.js", "export {};\n");
  write(from, "dist/client.js.map", "{}\n");
  write(from, "dist/deep/types.d.ts", "export type X = 1;\n");
  write(from, "logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
  write(from, ".git/HEAD", "ref: refs/heads/main\n");
  write(from, "node_modules/x/index.js", "x\n");
  mkdirSync(to, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("findArtifacts", () => {
  it("matches globs and literal paths (a directory means all under it), skips .git and exclusions", async () => {
    expect(await findArtifacts(from, ["api/openapi.yaml", "dist/**", "!**/*.map", "docs/**"])).toEqual({
      files: ["api/openapi.yaml", "dist/client.js", "dist/deep/types.d.ts"],
      unmatchedGlobs: ["docs/**"],
    });
    expect((await findArtifacts(from, ["dist"])).files).toEqual([
      "dist/client.js",
      "dist/client.js.map",
      "dist/deep/types.d.ts",
    ]);
    expect((await findArtifacts(from, ["**/HEAD", "**/index.js"])).files).toEqual([]);
  });

  it("refuses globs that leave the worktree", async () => {
    await expect(findArtifacts(from, ["../web/**"])).rejects.toThrow(
      'artifact glob "../web/**" must stay inside',
    );
    await expect(findArtifacts(from, ["/etc/passwd"])).rejects.toThrow("must stay inside");
  });

  it("does not follow symbolic links", async () => {
    symlinkSync("/etc", nodePath.join(from, "dist", "etc-link"));
    expect((await findArtifacts(from, ["dist/**"])).files).not.toContain("dist/etc-link");
  });
});

describe("transferArtifacts", () => {
  it("copies artifacts into the receiver's worktree with correct checksums, and the document lists them", async () => {
    const result = await transferArtifacts({
      fromKey: "api",
      fromRoot: from,
      toRoot: to,
      globs: ["api/*.yaml", "logo.png"],
    });
    expect(result.unmatchedGlobs).toEqual([]);
    expect(result.artifacts).toEqual([
      {
        path: "api/openapi.yaml",
        bytes: 15,
        sha256: sha256sum(nodePath.join(from, "api/openapi.yaml")),
        outcome: "copied",
        incomingPath: null,
      },
      {
        path: "logo.png",
        bytes: 7,
        sha256: sha256sum(nodePath.join(from, "logo.png")),
        outcome: "copied",
        incomingPath: null,
      },
    ]);
    expect(readFileSync(nodePath.join(to, "api/openapi.yaml"), "utf8")).toBe("openapi: 3.1.0\n");
    expect(sha256sum(nodePath.join(to, "logo.png"))).toBe(result.artifacts[1]!.sha256);

    const docPath = nodePath.join(to, ".paratrack/handoffs/api.md");
    await writeHandoffDocument(
      docPath,
      renderHandoffDocument({
        from: { key: "api", name: "API" },
        to: { key: "web", name: "Web" },
        at: "2025-10-07T16:00:00.000Z",
        branch: null,
        deliverables: ["spec"],
        artifacts: result.artifacts,
        unmatchedGlobs: result.unmatchedGlobs,
        tests: { command: "npm test", outcome: "passed", summary: null },
        openBlockers: [],
        lessons: [],
        acknowledge: "auto",
      }),
    );
    const doc = readFileSync(docPath, "utf8");
    expect(doc).toContain(
      `| \`api/openapi.yaml\` | 15 | \`${sha256sum(nodePath.join(to, "api/openapi.yaml"))}\` | copied |`,
    );
  });

  it("never overwrites a different file of the receiver; identical ones are left as they are", async () => {
    write(to, "api/openapi.yaml", "openapi: 3.0.0 # the receiver's own\n");
    write(to, "dist/client.js", "export {};\n");
    const result = await transferArtifacts({
      fromKey: "api",
      fromRoot: from,
      toRoot: to,
      globs: ["api/**", "dist/*.js"],
    });
    expect(result.artifacts.map((a) => [a.path, a.outcome, a.incomingPath])).toEqual([
      ["api/openapi.yaml", "kept-receiver-version", ".paratrack/handoffs/api/api/openapi.yaml"],
      ["dist/client.js", "identical", null],
    ]);
    expect(readFileSync(nodePath.join(to, "api/openapi.yaml"), "utf8")).toBe(
      "openapi: 3.0.0 # the receiver's own\n",
    );
    expect(readFileSync(nodePath.join(to, ".paratrack/handoffs/api/api/openapi.yaml"), "utf8")).toBe(
      "openapi: 3.1.0\n",
    );
    // Running the handoff again changes nothing.
    const again = await transferArtifacts({
      fromKey: "api",
      fromRoot: from,
      toRoot: to,
      globs: ["api/**", "dist/*.js"],
    });
    expect(again.artifacts).toEqual(result.artifacts);
  });

  it("tracks sharing one tree need no copy", async () => {
    const result = await transferArtifacts({
      fromKey: "api",
      fromRoot: from,
      toRoot: `${from}/`,
      globs: ["api/**"],
    });
    expect(result.artifacts.map((a) => a.outcome)).toEqual(["shared-tree"]);
  });

  it("hashes like sha256sum", async () => {
    const big = nodePath.join(dir, "big.bin");
    writeFileSync(big, Buffer.alloc(3 * 1024 * 1024, 7));
    expect(await sha256File(big)).toBe(sha256sum(big));
  });
});
