// The pre-flight checks in front of a real start of a plan whose tracks run on Slurm: with SLURM_CONF naming no
// file the start is refused (409, no run) with the reason, where it used to start and fail every Slurm track at once.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { isEngineError } from "./errors";
import { createRealEngine, type RealEngine } from "./real-engine";

let current: RealEngine | null = null;
let dir = "";
const slurmConfBefore = process.env.SLURM_CONF;

afterEach(async () => {
  await current?.close();
  current = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (slurmConfBefore === undefined) delete process.env.SLURM_CONF;
  else process.env.SLURM_CONF = slurmConfBefore;
});

it("refuses to start a Slurm plan when SLURM_CONF names no file", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-preflight-slurm-"));
  current = createRealEngine({ dataDir: dir });
  const { engine } = current;
  await engine.start();
  process.env.SLURM_CONF = "/nonexistent/slurm.conf";
  const input = {
    source:
      "name: s\nexecutor: slurm\ntracks:\n  - { key: T1, ram: 64MB, command: 'true' }\n  - { key: T2, ram: 64MB, command: 'true' }\n",
    fileName: "slurm.yaml",
    baseDir: dir,
    planPath: null,
  };
  const report = await engine.runs.preflight(input);
  expect(report.ok).toBe(false);
  expect(
    report.results.filter((r) => !r.ok && r.severity === "error").map((r) => [r.check, r.message]),
  ).toContainEqual([
    "slurm",
    "SLURM_CONF names /nonexistent/slurm.conf, which does not exist: point it at the cluster's slurm.conf (or unset it for Slurm's default)",
  ]);
  const refused = await engine.runs.startRun(input).catch((error: unknown) => error);
  expect(isEngineError(refused) && refused.status).toBe(409);
  expect(engine.runs.activeRun()).toBeNull();
}, 60_000);
