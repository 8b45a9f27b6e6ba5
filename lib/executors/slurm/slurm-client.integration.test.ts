// Against a real one-node Slurm cluster (scripts/slurm/up.sh): submit, watch, suspend, resume, measure, OOM,
// rejections, requeue with the resume command, cancel, node drain, and the errors of an unreachable cluster.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildSlurmBatchJob,
  type SlurmAgent,
  type SlurmTrackJob,
  slurmAgentFiles,
  slurmJobName,
} from "./batch-script";
import { SlurmError } from "./errors";
import { describeSlurmJobState } from "./job-state";
import type { SlurmJob } from "./jobs";
import { createSlurmClient, type SlurmClient } from "./slurm-client";
import { ensureTestSlurmCluster } from "./test-cluster";

const cluster = await ensureTestSlurmCluster();
if (!cluster.available) console.warn(`Slurm integration tests skipped: ${cluster.reason}`);

const MIB = 1024 * 1024;
const HOLD_MEMORY = (mib: number) =>
  `node -e "const b=Buffer.alloc(${mib}*1024*1024,1); console.log('holding', b.length); setInterval(()=>{}, 1000)"`;

/** State T (SIGTSTP) or D, or in a cgroup-v1 freezer that reads FROZEN (a frozen sleeper may still show S). */
function isStoppedOrFrozen(pid: number): boolean {
  try {
    return readStoppedOrFrozen(pid);
  } catch {
    return true; // exited meanwhile: nothing of it runs
  }
}

function readStoppedOrFrozen(pid: number): boolean {
  const state = /State:\s+(\w)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (state === "T" || state === "D") return true;
  const freezer = /^\d+:freezer:(.+)$/m.exec(readFileSync(`/proc/${pid}/cgroup`, "utf8"))?.[1];
  const file = `/sys/fs/cgroup/freezer${freezer}/freezer.state`;
  return freezer !== undefined && existsSync(file) && readFileSync(file, "utf8").trim() === "FROZEN";
}

function describeProcess(pid: number): string {
  const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "(gone)");
  return `pid ${pid}: ${read(`/proc/${pid}/cmdline`).replaceAll("\0", " ")} ${/State:.*/.exec(read(`/proc/${pid}/status`))?.[0]} ${read(`/proc/${pid}/cgroup`).replaceAll("\n", " ")}`;
}

describe.skipIf(!cluster.available)("Slurm client on a real cluster", () => {
  let slurm: SlurmClient;
  let dir: string;
  const runId = `t${process.pid}`;
  const submitted: string[] = [];

  beforeAll(() => {
    if (!cluster.available) return;
    slurm = createSlurmClient({ slurmConf: cluster.slurmConf });
    dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-slurm-test-"));
  });
  afterAll(async () => {
    for (const jobId of submitted) await slurm.cancel(jobId).catch(() => {});
    if (cluster.available) cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function track(key: string, agents: SlurmAgent[], extra: Partial<SlurmTrackJob> = {}): SlurmTrackJob {
    return {
      runId,
      trackKey: key,
      outputDir: path.join(dir, key),
      workdir: dir,
      env: { TRACK_NOTE: 'it\'s "quoted" $HOME' },
      agents,
      memBytes: 128 * MIB,
      slurm: {},
      ...extra,
    };
  }

  async function submit(job: SlurmTrackJob): Promise<string> {
    const jobId = await slurm.submit(buildSlurmBatchJob(job));
    submitted.push(jobId);
    return jobId;
  }

  async function waitForJob(
    jobId: string,
    done: (job: SlurmJob) => boolean,
    timeoutMs = 60_000,
  ): Promise<SlurmJob> {
    const deadline = Date.now() + timeoutMs;
    let job = await slurm.showJob(jobId);
    while (!done(job)) {
      if (Date.now() > deadline)
        throw new Error(`job ${jobId} still ${job.state} (${job.reason}) after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      job = await slurm.showJob(jobId);
    }
    return job;
  }

  async function waitForFile(file: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const content = existsSync(file) ? readFileSync(file, "utf8") : "";
      if (pattern.test(content)) return content;
      if (Date.now() > deadline)
        throw new Error(`${file} did not match ${pattern} within ${timeoutMs} ms: ${content}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it("runs a track's agents in one job, each with its output and exit files, and completes", async () => {
    const job = track("two-agents", [
      {
        name: "writer",
        command: 'echo "out $PARATRACK_TRACK/$PARATRACK_AGENT $TRACK_NOTE"; echo err >&2; sleep 2',
        resumeCommand: null,
      },
      { name: "failer", command: "echo second; exit 3", resumeCommand: null },
    ]);
    const jobId = await submit(job);
    const running = await waitForJob(jobId, (j) => j.state !== "PENDING");
    expect(["RUNNING", "COMPLETING", "FAILED"]).toContain(running.state);
    expect(running.name).toBe(slurmJobName(runId, "two-agents"));
    expect(running.memoryBytes).toBe(128 * MIB);
    expect((await slurm.listJobs({ namePrefix: `paratrack-${runId}-two` })).map((e) => e.jobId)).toContain(
      jobId,
    );

    const ended = await waitForJob(jobId, (j) => describeSlurmJobState(j.state).phase === "finished");
    // One agent exited 3: the job fails, and each agent's own status is in its exit file.
    expect(ended.state).toBe("FAILED");
    expect(ended.exitCode).toEqual({ status: 1, signal: 0 });
    const writer = slurmAgentFiles(job.outputDir, "writer", 0);
    const failer = slurmAgentFiles(job.outputDir, "failer", 0);
    expect(readFileSync(writer.stdout, "utf8")).toBe(`out two-agents/writer it's "quoted" $HOME\n`);
    expect(readFileSync(writer.stderr, "utf8")).toBe("err\n");
    expect(readFileSync(writer.exit, "utf8").trim()).toBe("0");
    expect(readFileSync(failer.exit, "utf8").trim()).toBe("3");
  });

  it("suspends (SUSPENDED, processes frozen, memory still allocated) and resumes (RUNNING, progress again)", async () => {
    const counter = path.join(dir, "counter.txt");
    const jobId = await submit(
      track("suspend", [
        {
          name: "ticker",
          command: `i=0; while true; do i=$((i+1)); echo $i > ${counter}; sleep 0.1; done`,
          resumeCommand: null,
        },
      ]),
    );
    await waitForJob(jobId, (j) => j.state === "RUNNING");
    await waitForFile(counter, /\d/);

    await slurm.suspend(jobId);
    const suspended = await waitForJob(jobId, (j) => j.state === "SUSPENDED", 10_000);
    expect(describeSlurmJobState(suspended.state)).toMatchObject({
      phase: "suspended",
      trackStatus: "paused",
    });
    // Slurm says SUSPENDED at once; slurmd sends SIGTSTP, then freezes the cgroup a couple of seconds later.
    const alivePids = async () =>
      (await slurm.listPids(jobId)).filter((pid) => existsSync(`/proc/${pid}/status`));
    let pids = await alivePids();
    const frozenBy = Date.now() + 15_000;
    while (!pids.every(isStoppedOrFrozen) && Date.now() < frozenBy) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      pids = await alivePids();
    }
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) expect(isStoppedOrFrozen(pid), describeProcess(pid)).toBe(true);
    const frozenAt = readFileSync(counter, "utf8");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(readFileSync(counter, "utf8")).toBe(frozenAt);
    const node = (await slurm.showNodes()).find((n) => n.name === "localhost");
    expect(node?.allocatedBytes).toBeGreaterThanOrEqual(128 * MIB); // suspend keeps the reservation

    await slurm.resume(jobId);
    await waitForJob(jobId, (j) => j.state === "RUNNING", 10_000);
    await waitForFile(counter, new RegExp(`^(?!${frozenAt.trim()}\\n$)\\d+`), 10_000);
    await slurm.cancel(jobId);
  });

  it("reads a running job's memory from sstat", async () => {
    const jobId = await submit(
      track("memory", [{ name: "holder", command: HOLD_MEMORY(150), resumeCommand: null }], {
        memBytes: 512 * MIB,
      }),
    );
    await waitForJob(jobId, (j) => j.state === "RUNNING");
    const deadline = Date.now() + 30_000;
    let maxRss = 0;
    while (Date.now() < deadline && maxRss < 100 * MIB) {
      const memory = await slurm.jobMemory(jobId);
      maxRss = memory.maxRssBytes;
      if (maxRss < 100 * MIB) await new Promise((resolve) => setTimeout(resolve, 1000));
      else expect(memory.steps.map((s) => s.stepId)).toContain(`${jobId}.batch`);
    }
    expect(maxRss).toBeGreaterThan(100 * MIB);
    expect(maxRss).toBeLessThan(512 * MIB);
    const batched = await slurm.jobsMemory([jobId, "99999999"]);
    expect([...batched.keys()]).toEqual([jobId]);
    expect(batched.get(jobId)?.maxRssBytes).toBeGreaterThan(100 * MIB);
    await slurm.cancel(jobId);
    const cancelled = await waitForJob(jobId, (j) => j.state === "CANCELLED");
    expect(describeSlurmJobState(cancelled.state)).toMatchObject({
      trackStatus: "stopped",
      outcome: "cancelled",
    });
  });

  it("reports a job over its --mem as OUT_OF_MEMORY, not as a crash", async () => {
    const jobId = await submit(
      track("oom", [{ name: "hog", command: HOLD_MEMORY(400), resumeCommand: null }], { memBytes: 64 * MIB }),
    );
    const ended = await waitForJob(jobId, (j) => describeSlurmJobState(j.state).phase === "finished");
    expect(ended.state).toBe("OUT_OF_MEMORY");
    expect(ended.reason).toBe("OutOfMemory");
    expect(describeSlurmJobState(ended.state)).toMatchObject({
      trackStatus: "failed",
      outcome: "out-of-memory",
    });
  });

  it("gives Slurm's own message when it rejects a job", async () => {
    const agents = [{ name: "a", command: "true", resumeCommand: null }];
    const badPartition = submit(
      track("bad-partition", agents, { slurm: { partition: "no-such-partition" } }),
    );
    await expect(badPartition).rejects.toMatchObject({
      name: "SlurmError",
      kind: "rejected",
      message: expect.stringMatching(/invalid partition/i),
    });
    const tooBig = submit(track("too-big", agents, { memBytes: 4096 * 1024 * MIB }));
    await expect(tooBig).rejects.toMatchObject({
      kind: "rejected",
      message: expect.stringMatching(
        /Memory specification can not be satisfied|node configuration is not available/,
      ),
    });
    await expect(slurm.showJob("99999999")).rejects.toMatchObject({ kind: "unknown-job" });
  });

  it("requeues a running job, which starts again with the resume command", async () => {
    const job = track("requeue", [
      { name: "agent", command: "echo fresh; sleep 300", resumeCommand: "echo resumed; sleep 300" },
    ]);
    const jobId = await submit(job);
    await waitForJob(jobId, (j) => j.state === "RUNNING");
    await waitForFile(slurmAgentFiles(job.outputDir, "agent", 0).stdout, /fresh/);

    await slurm.requeue(jobId, { startNow: true });
    const again = await waitForJob(jobId, (j) => j.state === "RUNNING" && j.restarts === 1, 60_000);
    expect(again.restarts).toBe(1);
    expect(await waitForFile(slurmAgentFiles(job.outputDir, "agent", 1).stdout, /resumed/)).toBe("resumed\n");
    // The first attempt's agent was ended by the requeue and its end recorded (143 = SIGTERM).
    expect(readFileSync(slurmAgentFiles(job.outputDir, "agent", 0).exit, "utf8").trim()).toMatch(
      /^(143|137)$/,
    );

    await slurm.cancel(jobId);
    await waitForJob(jobId, (j) => j.state === "CANCELLED");
    await waitForFile(slurmAgentFiles(job.outputDir, "agent", 1).exit, /^143\n$/);
  }, 120_000);

  it("reads node memory, and a drained node as unavailable with its reason", async () => {
    const [node] = await slurm.showNodes();
    expect(node).toMatchObject({ name: "localhost", isAvailable: true });
    expect(node?.realMemoryBytes).toBeGreaterThan(1024 * MIB);
    expect(node?.freeBytes).toBeGreaterThan(0);
    const run = (args: string[]) =>
      import("./cli").then(({ runSlurm }) =>
        runSlurm("scontrol", args, { slurmConf: cluster.available ? cluster.slurmConf : null }),
      );
    await run(["update", "NodeName=localhost", "State=DRAIN", "Reason=paratrack test drain"]);
    try {
      const [drained] = await slurm.showNodes();
      expect(drained).toMatchObject({
        isAvailable: false,
        reason: expect.stringContaining("paratrack test drain"),
      });
      expect(drained?.flags).toContain("DRAIN");
    } finally {
      await run(["update", "NodeName=localhost", "State=RESUME"]);
    }
    const deadline = Date.now() + 20_000;
    while (!(await slurm.showNodes())[0]?.isAvailable && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect((await slurm.showNodes())[0]?.isAvailable).toBe(true);
  });

  it("names the cause when Slurm is not installed, not configured, not reachable or munge is down", async () => {
    if (!cluster.available) return;
    const notInstalled = createSlurmClient({ slurmConf: cluster.slurmConf, env: { PATH: "/nonexistent" } });
    await expect(notInstalled.listJobs()).rejects.toMatchObject({ kind: "not-installed" });

    const notConfigured = createSlurmClient({ slurmConf: path.join(dir, "missing.conf") });
    await expect(notConfigured.listJobs()).rejects.toMatchObject({
      kind: "not-configured",
      message: expect.stringContaining("missing.conf, which does not exist"),
    });
    await expect(notConfigured.ping()).resolves.toMatchObject({ ok: false, error: expect.any(SlurmError) });

    const conf = readFileSync(cluster.slurmConf, "utf8");
    const deadPort = path.join(dir, "dead-port.conf");
    writeFileSync(deadPort, conf.replace(/^SlurmctldPort=\d+$/m, "SlurmctldPort=1"));
    copyFileSync(path.join(path.dirname(cluster.slurmConf), "cgroup.conf"), path.join(dir, "cgroup.conf"));
    const quickDeadPort = path.join(dir, "dead-port-quick.conf");
    writeFileSync(quickDeadPort, `${readFileSync(deadPort, "utf8")}MessageTimeout=2\n`);
    const unreachable = await createSlurmClient({ slurmConf: quickDeadPort }).ping();
    expect(unreachable).toMatchObject({ ok: false, error: { kind: "unreachable" } });
    const listDead = createSlurmClient({ slurmConf: deadPort, timeoutMs: 60_000 }).listJobs();
    await expect(listDead).rejects.toMatchObject({ kind: "unreachable" });

    const noMunge = path.join(dir, "no-munge.conf");
    writeFileSync(noMunge, conf.replace(/socket=[^,\n]+/, `socket=${path.join(dir, "no-munge.socket")}`));
    await expect(createSlurmClient({ slurmConf: noMunge }).listJobs()).rejects.toMatchObject({
      kind: "auth",
    });
  }, 180_000);
});
