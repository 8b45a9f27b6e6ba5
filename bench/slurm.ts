// Benchmarks the Slurm edge on a real one-node cluster (scripts/slurm/up.sh; brought up and down here if needed):
// (a) 20 track jobs submitted back to back: time from the first sbatch to all RUNNING; (b) a pause: time from
// `scontrol suspend` to SUSPENDED in scontrol, and to every process of the job stopped or frozen; (c) sstat polling:
// wall time and CPU (sstat itself + slurmd/slurmctld/slurmstepd) per call, and per track per minute at 5 s polls.
// The engine-level figure (plan start → all running, pause click → SUSPENDED) wraps these once the executor is
// wired; these are its floor.
// Usage: npm run bench:slurm -- [--tracks N] [--pauses N] [--sstat-rounds N]
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSlurmBatchJob } from "../lib/executors/slurm/batch-script";
import { createSlurmClient, type SlurmClient } from "../lib/executors/slurm/slurm-client";
import { ensureTestSlurmCluster } from "../lib/executors/slurm/test-cluster";

function intFlag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a positive integer`);
    process.exit(2);
  }
  return value;
}
const TRACKS = intFlag("tracks", 20);
const PAUSES = intFlag("pauses", 5);
const SSTAT_ROUNDS = intFlag("sstat-rounds", 3);
const POLL_SECONDS = 5;
const TICKS = 100; // USER_HZ on Linux

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const max = (xs: number[]) => Math.max(...xs);

/** CPU seconds (user + system) of a process, and of its waited-for children. */
function cpuSeconds(pid: number | "self"): { own: number; children: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
    .replace(/^.*\) /, "")
    .split(" ")
    .map(Number);
  // After the command: state is [0], utime [11], stime [12], cutime [13], cstime [14].
  return {
    own: ((fields[11] ?? 0) + (fields[12] ?? 0)) / TICKS,
    children: ((fields[13] ?? 0) + (fields[14] ?? 0)) / TICKS,
  };
}

/** slurmctld, slurmd and every slurmstepd: the daemons sstat makes work. */
function daemonPids(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return /^(slurmctld|slurmd|slurmstepd)$/.test(readFileSync(`/proc/${pid}/comm`, "utf8").trim());
      } catch {
        return false;
      }
    })
    .map(Number);
}
function daemonCpu(pids: number[]): number {
  return pids.reduce((sum, pid) => {
    try {
      return sum + cpuSeconds(pid).own;
    } catch {
      return sum;
    }
  }, 0);
}

function isStoppedOrFrozen(pid: number): boolean {
  try {
    const state = /State:\s+(\w)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    if (state === "T" || state === "D") return true;
    const freezer = /^\d+:freezer:(.+)$/m.exec(readFileSync(`/proc/${pid}/cgroup`, "utf8"))?.[1];
    const file = `/sys/fs/cgroup/freezer${freezer}/freezer.state`;
    return freezer !== undefined && existsSync(file) && readFileSync(file, "utf8").trim() === "FROZEN";
  } catch {
    return true;
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, pollMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(pollMs);
  }
  return false;
}

async function main() {
  const cluster = await ensureTestSlurmCluster();
  if (!cluster.available) {
    console.log(`bench:slurm skipped: ${cluster.reason}`);
    return;
  }
  const slurm: SlurmClient = createSlurmClient({ slurmConf: cluster.slurmConf });
  const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-bench-slurm-"));
  const runId = `bench${process.pid}`;
  const jobIds: string[] = [];
  try {
    console.log(
      `Slurm edge benchmark: ${TRACKS} tracks, one node (${os.cpus().length} CPUs), load ${os.loadavg()[0]?.toFixed(1)}`,
    );

    // (a) submit → all RUNNING
    const started = performance.now();
    const submitMs: number[] = [];
    for (let i = 0; i < TRACKS; i++) {
      const job = buildSlurmBatchJob({
        runId,
        trackKey: `t${i}`,
        outputDir: path.join(dir, `t${i}`),
        workdir: dir,
        env: {},
        agents: [{ name: "agent", command: "while :; do sleep 0.2; done", resumeCommand: null }],
        memBytes: 100 * 1024 * 1024,
        slurm: {},
      });
      const t = performance.now();
      jobIds.push(await slurm.submit(job));
      submitMs.push(performance.now() - t);
    }
    const submittedMs = performance.now() - started;
    const allRunning = await waitUntil(
      async () => {
        const jobs = await slurm.listJobs({ namePrefix: `paratrack-${runId}-` });
        return jobs.filter((j) => j.state === "RUNNING").length === TRACKS;
      },
      120_000,
      100,
    );
    const runningMs = performance.now() - started;
    console.log(
      `(a) ${TRACKS} jobs submitted in ${submittedMs.toFixed(0)} ms (sbatch median ${median(submitMs).toFixed(0)} ms, max ${max(submitMs).toFixed(0)} ms)`,
    );
    console.log(
      allRunning
        ? `    all RUNNING ${runningMs.toFixed(0)} ms after the first sbatch`
        : "    NOT all running after 120 s",
    );

    // (b) suspend → SUSPENDED → frozen, then resume
    const toState: number[] = [];
    const toFrozen: number[] = [];
    for (const jobId of jobIds.slice(0, PAUSES)) {
      const pids = await slurm.listPids(jobId);
      const t = performance.now();
      await slurm.suspend(jobId);
      await waitUntil(async () => (await slurm.showJob(jobId)).state === "SUSPENDED", 10_000, 20);
      toState.push(performance.now() - t);
      await waitUntil(async () => pids.every(isStoppedOrFrozen), 15_000, 20);
      toFrozen.push(performance.now() - t);
      await slurm.resume(jobId);
    }
    console.log(
      `(b) suspend → SUSPENDED in scontrol: median ${median(toState).toFixed(0)} ms, max ${max(toState).toFixed(0)} ms (${PAUSES} jobs)`,
    );
    console.log(
      `    suspend → every process stopped/frozen: median ${median(toFrozen).toFixed(0)} ms, max ${max(toFrozen).toFixed(0)} ms (SIGTSTP, then the cgroup freezer)`,
    );

    // (c) sstat cost
    await sleep(3000); // let every job's accounting gather a first sample
    const daemons = daemonPids();
    const before = { self: cpuSeconds("self"), daemons: daemonCpu(daemons) };
    const wallMs: number[] = [];
    for (let round = 0; round < SSTAT_ROUNDS; round++) {
      for (const jobId of jobIds) {
        const t = performance.now();
        await slurm.jobMemory(jobId);
        wallMs.push(performance.now() - t);
      }
    }
    const calls = wallMs.length;
    const after = { self: cpuSeconds("self"), daemons: daemonCpu(daemons) };
    const sstatCpu = (after.self.children - before.self.children) / calls;
    const daemonsCpu = (after.daemons - before.daemons) / calls;
    const perMinute = (60 / POLL_SECONDS) * (sstatCpu + daemonsCpu);
    console.log(
      `(c) sstat per call: wall median ${median(wallMs).toFixed(0)} ms, max ${max(wallMs).toFixed(0)} ms; CPU ${(sstatCpu * 1000).toFixed(1)} ms in sstat + ${(daemonsCpu * 1000).toFixed(1)} ms in the daemons (${calls} calls)`,
    );
    console.log(
      `    at one poll per ${POLL_SECONDS} s: ${(perMinute * 1000).toFixed(0)} ms CPU per track per minute (${((perMinute / 60) * 100).toFixed(2)} % of one core per track)`,
    );

    // (c') the same reading for every job in one sstat call
    const batchBefore = { self: cpuSeconds("self"), daemons: daemonCpu(daemons) };
    const batchWall: number[] = [];
    for (let round = 0; round < SSTAT_ROUNDS; round++) {
      const t = performance.now();
      const memory = await slurm.jobsMemory(jobIds);
      batchWall.push(performance.now() - t);
      if (memory.size !== jobIds.length)
        console.log(`    (batched sstat returned ${memory.size} of ${jobIds.length} jobs)`);
    }
    const batchAfter = { self: cpuSeconds("self"), daemons: daemonCpu(daemons) };
    const batchCpu =
      (batchAfter.self.children - batchBefore.self.children + batchAfter.daemons - batchBefore.daemons) /
      SSTAT_ROUNDS;
    const batchPerTrackMinute = ((60 / POLL_SECONDS) * batchCpu) / jobIds.length;
    console.log(
      `(c') one sstat for all ${jobIds.length} jobs: wall median ${median(batchWall).toFixed(0)} ms; CPU ${(batchCpu * 1000).toFixed(1)} ms per call → ${(batchPerTrackMinute * 1000).toFixed(0)} ms CPU per track per minute at 5 s polls`,
    );
  } finally {
    for (const jobId of jobIds) await slurm.cancel(jobId).catch(() => {});
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
