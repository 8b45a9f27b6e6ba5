import { describe, expect, it } from "vitest";
import type { Plan } from "../types";
import { formatPlanIssues, validatePlan } from "./plan-validate";
import { type PreflightResult, summarisePreflight } from "./preflight";
import { checkSlurm, requestedPartitions, type SlurmProbe } from "./preflight-slurm";

function planOf(lines: string[]): Plan {
  const result = validatePlan(lines.join("\n"), {
    fileName: "p.yaml",
    baseDir: "/plans",
    effectiveTotalBytes: null,
  });
  if (!result.ok) throw new Error(formatPlanIssues(result.errors).join("\n"));
  return result.plan;
}

const brief = (results: PreflightResult[]) =>
  results.map((r) => `${r.ok ? "ok" : r.severity} ${r.check} ${r.track ?? "-"}: ${r.message}`);

const healthy: SlurmProbe = {
  missingCommands: [],
  config: { path: "/etc/slurm/cluster.conf", problem: null },
  controller: { ok: true, message: "Slurmctld(primary) at head is UP" },
  partitions: {
    ok: true,
    list: [
      { name: "debug", isDefault: true, state: "UP" },
      { name: "gpu", isDefault: false, state: "UP" },
      { name: "old", isDefault: false, state: "DOWN" },
      { name: "gone", isDefault: false, state: "INACTIVE" },
    ],
  },
};

const slurmPlan = planOf([
  "name: s",
  "executor: slurm",
  "tracks:",
  "  - { key: T1, command: a }",
  "  - { key: T2, command: b }",
]);

describe("checkSlurm", () => {
  it("says nothing for a plan whose tracks all run here", () => {
    const local = planOf(["name: l", "tracks:", "  - { key: A, command: a }"]);
    expect(checkSlurm(local, { ...healthy, missingCommands: ["sbatch"] })).toEqual([]);
  });

  it("passes a cluster that can take the jobs: commands, configuration, controller, the default partition", () => {
    const results = checkSlurm(slurmPlan, healthy);
    expect(brief(results)).toEqual([
      "ok slurm T1, T2: Slurm's commands found (sbatch, squeue, scontrol, sstat, scancel)",
      "ok slurm -: SLURM_CONF /etc/slurm/cluster.conf can be read",
      "ok slurm -: slurmctld answers (Slurmctld(primary) at head is UP)",
      "ok slurm T1, T2: the default partition debug exists and is up",
    ]);
    expect(summarisePreflight(results).ok).toBe(true);
  });

  it("fails when SLURM_CONF names a file that does not exist (the start is refused, not every track failed)", () => {
    const results = checkSlurm(slurmPlan, {
      ...healthy,
      config: { path: "/nonexistent/slurm.conf", problem: "missing" },
      controller: null,
      partitions: null,
    });
    expect(brief(results)).toContain(
      "error slurm -: SLURM_CONF names /nonexistent/slurm.conf, which does not exist: point it at the cluster's slurm.conf (or unset it for Slurm's default)",
    );
    expect(summarisePreflight(results)).toMatchObject({ ok: false, errors: 1 });
    expect(
      brief(checkSlurm(slurmPlan, { ...healthy, config: { path: "/etc/x", problem: "unreadable" } }))[1],
    ).toMatch(/this server cannot read/);
  });

  it("fails when Slurm's commands are missing or slurmctld does not answer", () => {
    const missing = checkSlurm(slurmPlan, {
      ...healthy,
      missingCommands: ["sbatch", "scontrol"],
      controller: null,
      partitions: null,
    });
    expect(brief(missing)[0]).toBe(
      "error slurm T1, T2: Slurm's client commands sbatch, scontrol are not on PATH: install them on this host (Debian: slurm-client) or run these tracks with executor: local",
    );
    const down = checkSlurm(slurmPlan, {
      ...healthy,
      config: { path: null, problem: null },
      controller: { ok: false, message: "Slurmctld(primary) at head is DOWN" },
      partitions: null,
    });
    expect(brief(down)).toEqual([
      "ok slurm T1, T2: Slurm's commands found (sbatch, squeue, scontrol, sstat, scancel)",
      "error slurm -: slurmctld does not answer, so no job could be submitted: Slurmctld(primary) at head is DOWN (SLURM_CONF is not set: Slurm's default configuration was used)",
    ]);
  });

  it("fails a partition the cluster does not have, naming those it has; warns of one that is down", () => {
    const plan = planOf([
      "name: p",
      "executor: slurm",
      "slurm: { partition: nosuch }",
      "tracks:",
      "  - { key: A, command: a }",
      "  - { key: B, command: b }",
      "  - { key: G, command: g, slurm: { partition: gpu } }",
      "  - { key: O, command: o, slurm: { partition: old } }",
      "  - { key: I, command: i, slurm: { partition: gone } }",
      "  - { key: L, command: l, executor: local }",
    ]);
    const results = checkSlurm(plan, healthy).filter((r) => !r.message.startsWith("Slurm's commands"));
    expect(brief(results).slice(2)).toEqual([
      "error slurm A, B: partition nosuch does not exist on this cluster (it has: debug, gpu, old, gone)",
      "ok slurm G: partition gpu exists and is up",
      "warning slurm O: partition old is DOWN: its jobs wait until an administrator sets it UP",
      "error slurm I: partition gone is INACTIVE: Slurm refuses jobs for it",
    ]);
  });

  it("fails when no partition is named and the cluster has no default", () => {
    const results = checkSlurm(slurmPlan, {
      ...healthy,
      partitions: { ok: true, list: [{ name: "gpu", isDefault: false, state: "UP" }] },
    });
    expect(brief(results).at(-1)).toBe(
      "error slurm T1, T2: no partition is named (slurm.partition) and the cluster has no default partition: name one of gpu",
    );
  });

  it("warns when the partitions cannot be read though slurmctld answers", () => {
    const results = checkSlurm(slurmPlan, {
      ...healthy,
      partitions: { ok: false, message: "Access denied" },
    });
    expect(brief(results).at(-1)).toBe(
      "warning slurm T1, T2: Slurm's partitions could not be read: Access denied",
    );
  });
});

describe("requestedPartitions", () => {
  const spec = (partition: string | null, extraArgs: string[] = []) => ({
    kind: "slurm" as const,
    partition,
    account: null,
    extraArgs,
  });

  it("takes slurm.partition, overridden by a later --partition or -p in extraArgs (as sbatch does)", () => {
    expect(requestedPartitions(spec(null))).toEqual([]);
    expect(requestedPartitions(spec("gpu"))).toEqual(["gpu"]);
    expect(requestedPartitions(spec("gpu", ["--partition=cpu"]))).toEqual(["cpu"]);
    expect(requestedPartitions(spec("gpu", ["--partition", "a,b"]))).toEqual(["a", "b"]);
    expect(requestedPartitions(spec(null, ["-p", "x", "--time=1:00"]))).toEqual(["x"]);
    expect(requestedPartitions(spec(null, ["-pshort"]))).toEqual(["short"]);
    expect(requestedPartitions({ kind: "local" })).toEqual([]);
  });
});
