// The Slurm probe and the pre-flight checks on a real one-node cluster (scripts/slurm/up.sh): a healthy cluster
// passes with its default partition, a partition it does not have fails the check, and a controller that does not
// answer fails it within the probe's timeout. Skips (with the reason) only where Slurm cannot be installed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatPlanIssues, validatePlan } from "../../domain/plan/plan-validate";
import { summarisePreflight } from "../../domain/plan/preflight";
import { runPreflight } from "../../preflight/run-preflight";
import { probeSlurm } from "./probe";
import { ensureTestSlurmCluster } from "./test-cluster";

const cluster = await ensureTestSlurmCluster();
if (!cluster.available) console.warn(`Slurm probe tests skipped: ${cluster.reason}`);

describe.skipIf(!cluster.available)("the Slurm probe, on a real cluster", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-probe-cluster-"));
  const slurmConf = cluster.available ? cluster.slurmConf : "";
  afterAll(() => {
    if (cluster.available) cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const planWith = (slurmLine: string) => {
    const result = validatePlan(
      ["name: s", "executor: slurm", slurmLine, "tracks:", "  - { key: T1, command: 'true' }"].join("\n"),
      { fileName: "p.yaml", baseDir: dir, effectiveTotalBytes: null },
    );
    if (!result.ok) throw new Error(formatPlanIssues(result.errors).join("\n"));
    return result.plan;
  };
  const slurmResults = async (slurmLine: string, env: Record<string, string | undefined>) =>
    (await runPreflight(planWith(slurmLine), { env, ollama: null, memory: null })).filter(
      (r) => r.check === "slurm",
    );

  it("finds the commands, the configuration, the controller and the partitions", async () => {
    const probe = await probeSlurm({ env: { PATH: process.env.PATH, SLURM_CONF: slurmConf } });
    expect(probe.missingCommands).toEqual([]);
    expect(probe.config).toEqual({ path: slurmConf, problem: null });
    expect(probe.controller).toMatchObject({ ok: true, message: expect.stringMatching(/is UP/) });
    expect(probe.partitions).toEqual({ ok: true, list: [{ name: "debug", isDefault: true, state: "UP" }] });
  });

  it("passes a plan on the cluster's default partition and fails one on a partition it does not have", async () => {
    const env = { PATH: process.env.PATH, SLURM_CONF: slurmConf };
    const good = await slurmResults("", env);
    expect(summarisePreflight(good)).toMatchObject({ ok: true, errors: 0 });
    expect(good.at(-1)?.message).toBe("the default partition debug exists and is up");
    const bad = await slurmResults("slurm: { partition: nosuch }", env);
    expect(summarisePreflight(bad).ok).toBe(false);
    expect(bad.at(-1)).toMatchObject({
      ok: false,
      severity: "error",
      track: "T1",
      message: "partition nosuch does not exist on this cluster (it has: debug)",
    });
  }, 60_000);

  it("fails when slurmctld does not answer, within the probe's timeout", async () => {
    // The same cluster's configuration with a port nobody listens on.
    const dead = path.join(dir, "dead.conf");
    writeFileSync(dead, readFileSync(slurmConf, "utf8").replace(/^SlurmctldPort=.*$/m, "SlurmctldPort=1"));
    const started = Date.now();
    const results = await slurmResults("", { PATH: process.env.PATH, SLURM_CONF: dead });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(results.find((r) => !r.ok)).toMatchObject({
      severity: "error",
      message: expect.stringMatching(/^slurmctld does not answer, so no job could be submitted: .*DOWN/),
    });
  }, 60_000);
});
