// `paratrack check` on a plan whose tracks run on Slurm, with SLURM_CONF naming no file: the check fails (exit 1)
// saying so, where it used to pass and let the start fail every Slurm track at once.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../..");
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
const dir = mkdtempSync(path.join(tmpdir(), "paratrack-check-slurm-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("fails the check of a Slurm plan when SLURM_CONF names no file", { timeout: 120_000 }, async () => {
  const plan = path.join(dir, "slurm.yaml");
  writeFileSync(
    plan,
    ["name: s", "executor: slurm", "tracks:", "  - { key: T1, command: 'true' }", ""].join("\n"),
  );
  const outcome = await run(tsx, ["bin/paratrack.ts", "check", plan, "--data-dir", path.join(dir, "data")], {
    cwd: repoRoot,
    env: { ...process.env, SLURM_CONF: "/nonexistent/slurm.conf" },
    timeout: 100_000,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? "" }),
  );
  expect(outcome.code).toBe(1);
  expect(outcome.stdout).toMatch(
    /^FAIL slurm +SLURM_CONF names \/nonexistent\/slurm\.conf, which does not exist/m,
  );
  expect(outcome.stdout).not.toMatch(/\b0 failed/);
});
