import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OllamaStandIn, startOllamaStandIn } from "../../test/support/ollama-stand-in";
import { startStrayAgent } from "../../test/support/stray-agent";

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../..");
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
// Each run starts a real process that compiles TypeScript; on a loaded 2-core machine that takes seconds.
const SLOW = { timeout: 120_000 };
/** The data directory the checks look at unless a test says otherwise: empty, never the repository's ./data. */
let emptyDataDir = "";

async function paratrack(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ["bin/paratrack.ts", ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: emptyDataDir, ...env },
      // A check that hangs (it did on a FIFO) is ended, not left behind.
      timeout: 100_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("paratrack check", SLOW, () => {
  let dir = "";
  let standIn: OllamaStandIn;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "paratrack-check-"));
    emptyDataDir = path.join(dir, "empty-data");
    standIn = await startOllamaStandIn({ installed: [{ name: "llama3:latest", sizeBytes: 5e9 }] });
    writeFileSync(
      path.join(dir, "good.yaml"),
      [
        "name: good",
        "tracks:",
        "  - key: a",
        "    model: llama3",
        "    requiresEnv: [CHECK_TEST_TOKEN]",
        "    command: node -e 'process.exit(0)'",
        "",
      ].join("\n"),
    );
    writeFileSync(
      path.join(dir, "bad.yaml"),
      [
        "name: bad",
        "tracks:",
        "  - key: a",
        "    requiresEnv: [CHECK_TEST_MISSING]",
        "    command: surely-not-installed-agent --go",
        "",
      ].join("\n"),
    );
  });
  afterAll(async () => {
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("exits 0 when every check passes, without printing secret values", async () => {
    const result = await paratrack(
      { CHECK_TEST_TOKEN: "tok-very-secret", OLLAMA_HOST: standIn.host },
      "check",
      path.join(dir, "good.yaml"),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("ok   env     a  CHECK_TEST_TOKEN is set");
    expect(result.stdout).toContain("ok   model   a  local model llama3 is installed");
    expect(result.stdout).not.toContain("tok-very-secret");
    expect(result.stdout.trim().split("\n").at(-1)).toBe(
      `${path.join(dir, "good.yaml")}: 0 failed, 0 warnings, 0 notes, 4 passed`,
    );
  });

  it("exits 1 when a check fails, and prints JSON with --json", async () => {
    const result = await paratrack({}, "check", path.join(dir, "bad.yaml"), "--json");
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as {
      ok: boolean;
      results: { check: string; ok: boolean; message: string }[];
    };
    expect(output.ok).toBe(false);
    expect(output.results.filter((r) => !r.ok).map((r) => [r.check, r.message])).toEqual([
      ["program", "a: surely-not-installed-agent is not on PATH"],
      ["env", "CHECK_TEST_MISSING is not set (the track needs it)"],
    ]);
  });

  it("exits 2 when the plan cannot be read, 1 when it is invalid", async () => {
    expect((await paratrack({}, "check", path.join(dir, "missing.yaml"))).code).toBe(2);
    writeFileSync(path.join(dir, "invalid.yaml"), "name: x\ntracks: []\n");
    const invalid = await paratrack({}, "check", path.join(dir, "invalid.yaml"));
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain("invalid plan, not checked");
  });

  it("prints JSON with --json when the plan cannot be read or is invalid, as validate does", async () => {
    const missing = await paratrack({}, "check", path.join(dir, "missing.yaml"), "--json");
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, readable: false });
    writeFileSync(path.join(dir, "invalid-json.yaml"), "name: x\ntracks: []\n");
    const invalid = await paratrack({}, "check", path.join(dir, "invalid-json.yaml"), "--json");
    expect(invalid.code).toBe(1);
    const output = JSON.parse(invalid.stdout) as { ok: boolean; valid: boolean; errors: { path: string }[] };
    expect(output).toMatchObject({ ok: false, valid: false });
    expect(output.errors.map((e) => e.path)).toEqual(["tracks"]);
  });

  it("reads plans like validate does: a FIFO is refused at once (it hung), so is a file that is not UTF-8", async () => {
    const fifo = path.join(dir, "fifo.yaml");
    execFileSync("mkfifo", [fifo]);
    const fromFifo = await paratrack({}, "check", fifo);
    expect(fromFifo.code).toBe(2);
    expect(fromFifo.stderr).toContain("is not a regular file (a FIFO)");
    const latin1 = path.join(dir, "latin1.yaml");
    writeFileSync(latin1, Buffer.from("name: caf\xe9\ntracks:\n  - key: a\n    command: x\n", "latin1"));
    const fromLatin1 = await paratrack({}, "check", latin1);
    expect(fromLatin1.code).toBe(2);
    expect(fromLatin1.stderr).toContain(`${latin1}:1:10: not UTF-8 text`);
  });

  it("warns of agents running from the data directory that its database does not know, without creating one", async () => {
    // An agent a server started, whose database is gone (the data directory was restored without it, say).
    const dataDir = path.join(dir, "data");
    const { agent: stray, logPath: strayLog, shimPid } = await startStrayAgent(dataDir);
    try {
      const env = { CHECK_TEST_TOKEN: "tok", OLLAMA_HOST: standIn.host };
      const good = path.join(dir, "good.yaml");
      const result = await paratrack(env, "check", good, "--data-dir", dataDir, "--json");
      expect(result.code).toBe(0); // a warning: worth reading, it does not block
      const output = JSON.parse(result.stdout) as { results: { check: string }[] };
      expect(output.results.filter((r) => r.check === "agents")).toEqual([
        {
          check: "agents",
          track: null,
          ok: false,
          severity: "warning",
          message: expect.stringContaining(
            `run from this data directory without a record in the database, so Paratrack neither watches nor stops them (was the database emptied or replaced while they ran?): paratrack-shim pid ${shimPid} (log ${strayLog})`,
          ),
        },
      ]);
      expect(existsSync(path.join(dataDir, "paratrack.db"))).toBe(false);

      // DATA_DIR is read as the server reads it; the text output says it too.
      const text = await paratrack({ ...env, DATA_DIR: dataDir }, "check", good);
      expect(text.stdout).toMatch(/warn +agents +1 agent\(s\) run from this data directory/);
      expect(text.stdout.trim().split("\n").at(-1)).toBe(`${good}: 0 failed, 1 warning, 0 notes, 4 passed`);
    } finally {
      await stray.stop(1_000);
    }
    // Without it, nothing to say.
    const after = await paratrack({}, "check", path.join(dir, "bad.yaml"), "--data-dir", dataDir, "--json");
    const results = (JSON.parse(after.stdout) as { results: { check: string }[] }).results;
    expect(results.filter((r) => r.check === "agents")).toEqual([]);
  });
});
