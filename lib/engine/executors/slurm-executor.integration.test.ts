// The engine with the Slurm executor on a real one-node cluster (scripts/slurm/up.sh): a 3-track plan completes
// as jobs with their ::progress lines read, the lead's pause and resume are scontrol suspend/resume (SUSPENDED then
// RUNNING), a job over its --mem is out of memory (not a crash), a restart is scontrol requeue with the agent's
// resume command, a job Slurm refuses fails the track with Slurm's message, and a restarted server adopts the live
// job (found by its name) instead of treating it as interrupted. Skips (with the reason) only where
// Slurm cannot be installed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { slurmAgentFiles } from "../../executors/slurm/batch-script";
import { createSlurmClient, type SlurmClient } from "../../executors/slurm/slurm-client";
import { ensureTestSlurmCluster } from "../../executors/slurm/test-cluster";
import { createHarness, type Harness } from "../run/harness";
import { createSlurmExecutor, type SlurmExecutor } from "./slurm-executor";

const cluster = await ensureTestSlurmCluster();
if (!cluster.available) console.warn(`Slurm executor tests skipped: ${cluster.reason}`);

const header = (name: string) => `name: ${name}
executor: slurm
ram:
  settleSeconds: 1
tracks:
`;

/** Waits in real time (jobs run on Slurm's clock), checking every 200 ms. */
async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs / 1000} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!cluster.available)("the Slurm executor in the engine, on a real cluster", () => {
  let client: SlurmClient;
  let executor: SlurmExecutor | null = null;
  let h: Harness | null = null;

  beforeAll(() => {
    if (!cluster.available) return;
    client = createSlurmClient({ slurmConf: cluster.slurmConf });
  });
  afterEach(async () => {
    await h?.dispose();
    executor?.close();
    h = null;
    executor = null;
  });
  const dirs: string[] = [];
  afterAll(() => {
    if (cluster.available) cluster.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function start(yaml: string): Promise<Harness> {
    // Not /dev/shm: the jobs' scripts and logs live in the data directory, which the nodes must see.
    const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-slurm-exec-"));
    dirs.push(dir);
    executor = createSlurmExecutor({ client, dataDir: dir, pollMs: 500 });
    h = await createHarness({ dir, slurm: executor });
    await h.start(yaml);
    return h;
  }

  const jobOf = (key: string) => {
    const jobId = h?.track(key).slurm?.jobId;
    if (!jobId) throw new Error(`track ${key} has no Slurm job`);
    return jobId;
  };

  it("runs a 3-track plan as Slurm jobs to completion, with their progress lines", async () => {
    const harness = await start(`${header("three")}
  - key: a
    ram: 64MB
    command: "echo '::progress 40'; sleep 1; echo work done"
  - key: b
    ram: 64MB
    command: "echo '::progress 70'; sleep 1"
  - key: c
    ram: 64MB
    dependsOn: [a]
    command: "echo \\"::progress 50\\"; echo \\"node $SLURM_JOB_ID\\""
`);
    await eventually(
      () => Object.values(harness.statuses()).every((s) => s === "completed"),
      `all tracks completed (${JSON.stringify(harness.statuses())})`,
      120_000,
    );
    const ids = ["a", "b", "c"].map(jobOf);
    expect(new Set(ids).size).toBe(3);
    for (const key of ["a", "b", "c"]) {
      const view = harness.track(key);
      expect(view.slurm?.state).toBe("COMPLETED");
      expect(view.slurm?.memBytes).toBe(64 * 1e6);
      const job = await client.showJob(jobOf(key));
      expect(job.name).toBe(`paratrack-${view.runId}-${key}`);
      expect(job.state).toBe("COMPLETED");
    }
    // The agents' ::progress lines reached the engine as for local agents: the tracks were pushed with them.
    const pushed = harness.emitter.sent
      .filter((s) => s.event === "track:updated")
      .map((s) => s.payload as { key: string; progress: number });
    expect(pushed.some((t) => t.key === "a" && t.progress === 40)).toBe(true);
    expect(pushed.some((t) => t.key === "b" && t.progress === 70)).toBe(true);
    expect(pushed.some((t) => t.key === "c" && t.progress === 50)).toBe(true);
    const log = readFileSync(harness.controller.agentSlots("c")[0]!.handle!.logPath, "utf8");
    expect(log).toMatch(new RegExp(`^\\S+Z out node ${jobOf("c")}$`, "m"));
  }, 180_000);

  it("pauses with scontrol suspend and resumes with scontrol resume; stop is scancel", async () => {
    const harness = await start(`${header("suspend")}
  - key: s
    ram: 256MB
    command: "node -e \\"const b=Buffer.alloc(100*1024*1024,1); setInterval(()=>b[0]++, 1000)\\""
`);
    await eventually(async () => harness.track("s").slurm?.state === "RUNNING", "job running");
    // Its memory comes from sstat (the job's batch step), not this machine's /proc.
    await eventually(async () => {
      await harness.tick();
      return harness.track("s").currentBytes > 80 * 1024 * 1024;
    }, "the job's memory from sstat");
    expect(harness.track("s").memoryMethod).toBe("rss");
    const jobId = jobOf("s");
    await harness.controller.leadAction("s", "pause");
    expect(harness.track("s").status).toBe("paused");
    expect((await client.showJob(jobId)).state).toBe("SUSPENDED");
    expect(harness.track("s").slurm?.state).toBe("SUSPENDED");
    expect(harness.events().some((e) => e.message.includes("its memory stays reserved on the node"))).toBe(
      true,
    );
    await harness.controller.leadAction("s", "resume");
    expect(harness.track("s").status).toBe("running");
    expect((await client.showJob(jobId)).state).toBe("RUNNING");
    await harness.controller.leadAction("s", "stop");
    expect(harness.track("s").status).toBe("stopped");
    expect((await client.showJob(jobId)).state).toBe("CANCELLED");
  }, 120_000);

  it("reports a job over its --mem as out of memory, not as a crash", async () => {
    const harness = await start(`${header("oom")}
  - key: big
    ram: 64MB
    command: "node -e \\"const a=[]; for(;;){ a.push(Buffer.alloc(16*1024*1024,1)); }\\""
`);
    await eventually(() => harness.track("big").status === "failed", "track failed", 90_000);
    const view = harness.track("big");
    expect(view.exitSummary).toMatch(/out of memory: Slurm killed job \d+ over its --mem of 62 MiB/);
    expect(view.slurm?.state).toBe("OUT_OF_MEMORY");
  }, 120_000);

  it("restarts with scontrol requeue: the same job runs the agent's resume command with its session", async () => {
    const harness = await start(`${header("requeue")}
  - key: r
    ram: 64MB
    agents:
      - name: coder
        command: "echo '::session sess-42'; echo first; while true; do sleep 1; done"
        resume: "echo resumed {session} at restart $SLURM_RESTART_COUNT; while true; do sleep 1; done"
`);
    await eventually(async () => harness.track("r").slurm?.state === "RUNNING", "job running");
    const jobId = jobOf("r");
    const dir = harness.controller.agentSlots("r")[0]!.handle!.logPath.replace(/\/[^/]+$/, "");
    // The job runs before its output file exists (slurmd creates it as the step starts).
    await eventually(() => {
      try {
        return readFileSync(slurmAgentFiles(dir, "coder", 0).stdout, "utf8").includes("first");
      } catch {
        return false;
      }
    }, "first attempt's output");
    await eventually(
      () => harness.controller.agentSlots("r")[0]?.sessionId === "sess-42",
      "the session id read from the agent's line",
    );
    await harness.controller.leadAction("r", "restart");
    expect(harness.track("r").attempts).toBe(2);
    expect(jobOf("r")).toBe(jobId);
    await eventually(async () => (await client.showJob(jobId)).state === "RUNNING", "requeued job running");
    expect((await client.showJob(jobId)).restarts).toBe(1);
    await eventually(() => {
      try {
        return readFileSync(slurmAgentFiles(dir, "coder", 1).stdout, "utf8").includes(
          "resumed sess-42 at restart 1",
        );
      } catch {
        return false;
      }
    }, "the resume command ran after the requeue");
    expect(harness.controller.agentSlots("r")[0]?.mode).toBe("resume");
    await harness.controller.leadAction("r", "stop");
  }, 120_000);

  it("a restarted server adopts the live job by its name and reads its log on from the stored cursor", async () => {
    const flags = mkdtempSync(path.join(os.tmpdir(), "paratrack-slurm-flag-"));
    dirs.push(flags);
    const go = path.join(flags, "go");
    const first = await start(`${header("adopt")}
  - key: j
    ram: 64MB
    command: "echo '::progress 10'; echo before; while [ ! -e ${go} ]; do sleep 0.2; done; echo '::progress 60'; echo after; while true; do sleep 1; done"
`);
    await eventually(() => first.track("j").progress === 10, "the first line read");
    const jobId = jobOf("j");
    // Its read position is stored (written a moment after the line, as for local agents).
    await eventually(async () => {
      const id = first.controller.agentSlots("j")[0]?.id ?? "";
      const row = await first.db.agent.findUnique({ where: { id } });
      return (row?.logCursor ?? null) !== null;
    }, "the log cursor stored");

    // The server goes away (as a kill -9 would: its loops and log readers stop; the job lives on in Slurm).
    await first.controller.halt();
    for (const slot of first.controller.agentSlots("j")) await slot.handle?.detach();
    executor?.close();
    await first.db.$disconnect();
    h = null;
    const stdout = first.controller.agentSlots("j")[0]!.handle!.logPath;
    writeFileSync(go, ""); // the agent goes on while no server watches it
    await eventually(() => readFileSync(stdout, "utf8").includes("after"), "the agent's line while down");

    executor = createSlurmExecutor({ client, dataDir: first.dir, pollMs: 500 });
    const second = await createHarness({ dir: first.dir, slurm: executor });
    h = second;
    const summary = await second.controller.recoverAfterRestart();
    expect(summary).toMatchObject({ reattached: 1, interrupted: 0, endedWhileDown: 0 });
    expect(second.track("j").status).toBe("running");
    expect(second.track("j").slurm?.jobId).toBe(jobId);
    // The lines written while it was down are read on from the stored cursor (not from the log's end, not twice).
    await eventually(() => second.track("j").progress === 60, "the line written while down read");
    const lines = second.emitter.sent
      .filter((sent) => sent.event === "log:line")
      .map((sent) => (sent.payload as { line: string }).line);
    expect(lines).toContain("after");
    expect(lines).not.toContain("before");
    expect((await client.showJob(jobId)).state).toBe("RUNNING");

    // The adopted job obeys the new server: pause is scontrol suspend, stop is scancel.
    await second.controller.leadAction("j", "pause");
    expect((await client.showJob(jobId)).state).toBe("SUSPENDED");
    await second.controller.leadAction("j", "stop");
    expect(second.track("j").status).toBe("stopped");
    expect((await client.showJob(jobId)).state).toBe("CANCELLED");
  }, 120_000);

  it("a restarted server puts an adopted job back in the track's stored state (running: resumed)", async () => {
    const first = await start(`${header("match")}
  - key: m
    ram: 64MB
    command: "while true; do sleep 1; done"
`);
    await eventually(async () => first.track("m").slurm?.state === "RUNNING", "job running");
    const jobId = jobOf("m");
    await first.controller.halt();
    for (const slot of first.controller.agentSlots("m")) await slot.handle?.detach();
    executor?.close();
    await first.db.$disconnect();
    h = null;
    // Suspended while no server watched (as when a server dies between a suspend and storing it): stored running.
    await client.suspend(jobId);
    await eventually(async () => (await client.showJob(jobId)).state === "SUSPENDED", "job suspended");

    executor = createSlurmExecutor({ client, dataDir: first.dir, pollMs: 500 });
    const second = await createHarness({ dir: first.dir, slurm: executor });
    h = second;
    expect(await second.controller.recoverAfterRestart()).toMatchObject({ reattached: 1, interrupted: 0 });
    expect(second.track("m").status).toBe("running");
    expect((await client.showJob(jobId)).state).toBe("RUNNING");
    expect(second.track("m").slurm?.state).toBe("RUNNING");
    await second.controller.leadAction("m", "stop");
  }, 90_000);

  it("a restarted server marks a track interrupted, saying why, when Slurm no longer knows its job", async () => {
    const first = await start(`${header("gone")}
  - key: g
    ram: 64MB
    command: "while true; do sleep 1; done"
`);
    await eventually(async () => first.track("g").slurm?.state === "RUNNING", "job running");
    const jobId = jobOf("g");
    await first.controller.halt();
    for (const slot of first.controller.agentSlots("g")) await slot.handle?.detach();
    executor?.close();
    await first.db.$disconnect();
    h = null;
    await client.cancel(jobId);
    // Slurm forgets an ended job after MinJobAge (300 s): a queue read as empty stands for that moment.
    executor = createSlurmExecutor({
      client: { ...client, listJobs: async () => [] },
      dataDir: first.dir,
      pollMs: 500,
    });
    const second = await createHarness({ dir: first.dir, slurm: executor });
    h = second;
    const summary = await second.controller.recoverAfterRestart();
    expect(summary).toMatchObject({ reattached: 0, interrupted: 1 });
    await eventually(() => second.track("g").status !== "running", "the track no longer running");
    expect(second.events().some((e) => e.message.includes(`Slurm no longer knows its job paratrack-`))).toBe(
      true,
    );
  }, 90_000);

  it("fails a track Slurm refuses with Slurm's own message", async () => {
    const harness = await start(`${header("refused")}
  - key: x
    ram: 64MB
    slurm:
      partition: no-such-partition
    command: "true"
`);
    await eventually(() => harness.track("x").status === "failed", "track failed");
    expect(harness.track("x").exitSummary).toMatch(/Slurm refused the job: .*[Ii]nvalid partition/);
  }, 60_000);
});
