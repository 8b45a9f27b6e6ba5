import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../..");
// The project's own tsx binary: what `npx tsx` runs, without npx's start-up cost.
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
// Each run starts a real process that compiles TypeScript; on a loaded 2-core machine that takes seconds.
const SLOW = { timeout: 120_000 };

async function paratrack(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ["bin/paratrack.ts", ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("paratrack validate", SLOW, () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "paratrack-validate-"));
    writeFileSync(
      path.join(dir, "good.yaml"),
      [
        "name: good",
        "tracks:",
        "  - key: a",
        "    ram: 100MB",
        "    command: echo a",
        "  - key: b",
        "    command: echo b",
        "",
      ].join("\n"),
    );
    writeFileSync(
      path.join(dir, "bad.yaml"),
      [
        "name: bad",
        "tracks:",
        "  - key: a",
        "    ram: 3 bananas",
        "    command: echo a",
        "    dependsOn: [zz]",
        "",
      ].join("\n"),
    );
    writeFileSync(
      path.join(dir, "big.yaml"),
      ["name: big", "tracks:", "  - key: a", "    ram: 30GB", "    command: x", ""].join("\n"),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exits 0 on a valid plan, printing its warnings and a summary", async () => {
    const file = path.join(dir, "good.yaml");
    const result = await paratrack("validate", file);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${file}:6:5 warning tracks[1]: track "b" has no RAM estimate`);
    expect(result.stdout.trim().split("\n").at(-1)).toBe(`${file}: valid, 2 tracks, 1 warning`);
  });

  it("exits 1 on an invalid plan, with file:line:col for every error", async () => {
    const file = path.join(dir, "bad.yaml");
    const result = await paratrack("validate", file);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${file}:4:10 error tracks[0].ram: expected a size`);
    expect(result.stdout).toContain(`${file}:6:17 error tracks[0].dependsOn[0]: unknown track "zz"`);
    expect(result.stdout.trim().split("\n").at(-1)).toBe(`${file}: invalid, 2 errors, 0 warnings`);
  });

  it("checks RAM estimates against --ram-total", async () => {
    const file = path.join(dir, "big.yaml");
    const small = await paratrack("validate", file, "--ram-total", "16GB");
    expect(small.code).toBe(1);
    expect(small.stdout).toContain(
      `${file}:4:10 error tracks[0].ram: RAM estimate 30.0 GB exceeds the effective RAM total (16.0 GB)`,
    );
    expect((await paratrack("validate", file, "--ram-total", "64GB")).code).toBe(0);
  });

  it("refuses a --ram-total of 0 as a usage error (exit 2), not a plan whose every estimate is too large", async () => {
    const zero = await paratrack("validate", path.join(dir, "good.yaml"), "--ram-total", "0GB");
    expect(zero.stdout).toBe("");
    expect(zero.stderr.trim()).toBe('--ram-total: must be more than 0, got "0GB"');
    expect(zero.code).toBe(2);
  });

  it("with --json, says a bad --ram-total in JSON (exit 2), as it does an unreadable file", async () => {
    const result = await paratrack("validate", "--json", "--ram-total", "abc", path.join(dir, "good.yaml"));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      readable: true,
      error: '--ram-total: must be a size such as "8GB", "512MiB" or "800MB", got "abc"',
    });
  });

  it("exits 2 when the file cannot be read or no file is given", async () => {
    const missing = await paratrack("validate", path.join(dir, "missing.yaml"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read");
    expect(missing.stderr).toContain("no such file (ENOENT)");
    const json = await paratrack("validate", path.join(dir, "missing.yaml"), "--json");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      readable: false,
      error: `cannot read plan file ${path.join(dir, "missing.yaml")}: no such file (ENOENT)`,
    });
    expect((await paratrack("validate")).code).toBe(2);
  });
});

describe("paratrack schema", SLOW, () => {
  it("prints the plan file's JSON Schema", async () => {
    const result = await paratrack("schema");
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { $schema: string; properties: Record<string, unknown> };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(Object.keys(schema.properties)).toContain("tracks");
  });

  it("says why it cannot write the file, in one line without a stack trace (exit 2)", async () => {
    const result = await paratrack("schema", "-o", "/nonexistent-paratrack-dir/plan.schema.json");
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      "paratrack: ENOENT: no such file or directory, open '/nonexistent-paratrack-dir/plan.schema.json'",
    );
  });
});
