// Pre-flight of a plan whose tracks run on Slurm: Slurm is checked (the probe), and a Slurm the jobs cannot reach
// is a failed check, so the start is refused instead of failing every Slurm track at once. A plan that runs only
// here never asks Slurm.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatPlanIssues, validatePlan } from "../domain/plan/plan-validate";
import { summarisePreflight } from "../domain/plan/preflight";
import type { SlurmProbe } from "../domain/plan/preflight-slurm";
import { runPreflight } from "./run-preflight";

const dir = mkdtempSync(path.join(tmpdir(), "paratrack-preflight-slurm-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function planOf(lines: string[]) {
  const result = validatePlan(lines.join("\n"), {
    fileName: "p.yaml",
    baseDir: dir,
    effectiveTotalBytes: null,
  });
  if (!result.ok) throw new Error(formatPlanIssues(result.errors).join("\n"));
  return result.plan;
}

const slurmPlan = planOf([
  "name: s",
  "executor: slurm",
  "tracks:",
  "  - { key: T1, command: 'true' }",
  "  - { key: T2, command: 'true' }",
]);

describe("runPreflight with Slurm tracks", () => {
  it("fails when SLURM_CONF names a file that does not exist", async () => {
    const results = await runPreflight(slurmPlan, {
      env: { PATH: process.env.PATH, SLURM_CONF: "/nonexistent/slurm.conf" },
      ollama: null,
      memory: null,
    });
    expect(results).toContainEqual({
      check: "slurm",
      track: null,
      ok: false,
      severity: "error",
      message:
        "SLURM_CONF names /nonexistent/slurm.conf, which does not exist: point it at the cluster's slurm.conf (or unset it for Slurm's default)",
    });
    expect(summarisePreflight(results).ok).toBe(false);
  });

  it("asks the probe only when a track runs on Slurm, and fails a partition the cluster lacks", async () => {
    const asked: string[] = [];
    const probe = async (env: Record<string, string | undefined>): Promise<SlurmProbe> => {
      asked.push(env.SLURM_CONF ?? "");
      return {
        missingCommands: [],
        config: { path: env.SLURM_CONF ?? null, problem: null },
        controller: { ok: true, message: "UP" },
        partitions: { ok: true, list: [{ name: "debug", isDefault: true, state: "UP" }] },
      };
    };
    const env = { PATH: process.env.PATH, SLURM_CONF: "/etc/slurm/slurm.conf" };
    const local = planOf(["name: l", "tracks:", "  - { key: A, command: 'true' }"]);
    const localResults = await runPreflight(local, { env, ollama: null, memory: null, probeSlurm: probe });
    expect(localResults.some((r) => r.check === "slurm")).toBe(false);
    expect(asked).toEqual([]);

    const onNoSuch = planOf([
      "name: p",
      "executor: slurm",
      "slurm: { partition: nosuch }",
      "tracks:",
      "  - { key: T1, command: 'true' }",
    ]);
    const results = await runPreflight(onNoSuch, { env, ollama: null, memory: null, probeSlurm: probe });
    expect(asked).toEqual(["/etc/slurm/slurm.conf"]);
    expect(results.filter((r) => r.check === "slurm" && !r.ok)).toEqual([
      {
        check: "slurm",
        track: "T1",
        ok: false,
        severity: "error",
        message: "partition nosuch does not exist on this cluster (it has: debug)",
      },
    ]);
  });
});
