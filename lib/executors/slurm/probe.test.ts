// The Slurm probe without a cluster: commands looked up on the given PATH, SLURM_CONF checked before any command
// runs (Slurm's tools would retry a missing file for a minute), partitions parsed from scontrol's records.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePartitions, probeSlurm } from "./probe";

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-probe-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("probeSlurm", () => {
  it("names the client commands missing from PATH and asks nothing then", async () => {
    const probe = await probeSlurm({ env: { PATH: dir } });
    expect(probe).toEqual({
      missingCommands: ["sbatch", "squeue", "scontrol", "sstat", "scancel"],
      config: { path: null, problem: null },
      controller: null,
      partitions: null,
    });
  });

  it("says SLURM_CONF names no file, or one it cannot read, before running a command", async () => {
    const started = Date.now();
    const probe = await probeSlurm({
      env: { PATH: process.env.PATH, SLURM_CONF: "/nonexistent/slurm.conf" },
    });
    expect(probe.config).toEqual({ path: "/nonexistent/slurm.conf", problem: "missing" });
    expect(probe.controller).toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await probeSlurm({ env: { PATH: dir, SLURM_CONF: dir } })).config.problem).toBe("not-a-file");
    const unreadable = path.join(dir, "slurm.conf");
    writeFileSync(unreadable, "ClusterName=x\n");
    chmodSync(unreadable, 0o000);
    // root reads any file: the check then rightly passes.
    const expected = process.getuid?.() === 0 ? null : "unreadable";
    expect((await probeSlurm({ env: { PATH: dir, SLURM_CONF: unreadable } })).config.problem).toBe(expected);
  });
});

describe("parsePartitions", () => {
  it("reads each partition's name, default flag and state", () => {
    const output = [
      "PartitionName=debug AllowGroups=ALL Default=YES QoS=N/A State=UP TotalCPUs=2 TRES=cpu=2,mem=23623M,node=1",
      "PartitionName=gpu AllowGroups=ALL Default=NO State=DRAIN TotalCPUs=8",
      "",
    ].join("\n");
    expect(parsePartitions(output)).toEqual([
      { name: "debug", isDefault: true, state: "UP" },
      { name: "gpu", isDefault: false, state: "DRAIN" },
    ]);
  });
});
