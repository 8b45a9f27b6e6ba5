// For tests: a real Slurm cluster, the one SLURM_CONF names or one brought up by scripts/slurm/up.sh (and taken
// down again by stop() only if this process brought it up). Unavailable, with the script's reason, only where
// Slurm cannot be installed (exit 3) or PARATRACK_SLURM_TESTS=off.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { createSlurmClient } from "./slurm-client";

export type TestSlurmCluster =
  | { available: true; slurmConf: string; startedHere: boolean; stop(): void }
  | { available: false; reason: string };

const SCRIPTS = path.resolve(__dirname, "../../../scripts/slurm");
const SKIPPED = 3;

export async function ensureTestSlurmCluster(): Promise<TestSlurmCluster> {
  if (process.env.PARATRACK_SLURM_TESTS === "off") {
    return { available: false, reason: "PARATRACK_SLURM_TESTS=off" };
  }
  const given = process.env.SLURM_CONF;
  if (given) {
    const ping = await createSlurmClient({ slurmConf: given, timeoutMs: 20_000 }).ping();
    if (ping.ok) return { available: true, slurmConf: given, startedHere: false, stop: () => {} };
  }
  const up = spawnSync("bash", [path.join(SCRIPTS, "up.sh")], { encoding: "utf8", timeout: 600_000 });
  if (up.status === SKIPPED) return { available: false, reason: up.stderr.trim() };
  const slurmConf = /export SLURM_CONF=(\S+)/.exec(up.stdout)?.[1];
  if (up.status !== 0 || !slurmConf) {
    throw new Error(
      `scripts/slurm/up.sh failed (exit ${up.status}):\n${up.stderr}${up.error ? String(up.error) : ""}`,
    );
  }
  const startedHere = !up.stderr.includes("already up");
  return {
    available: true,
    slurmConf,
    startedHere,
    stop: () => {
      if (startedHere)
        spawnSync("bash", [path.join(SCRIPTS, "down.sh")], { stdio: "inherit", timeout: 120_000 });
    },
  };
}
