// A Slurm track's attempts on a real one-node cluster (scripts/slurm/up.sh): a track restarted after its job ended
// is a new job that writes its own <agent>.<attempt> files (not attempt 1's, whose exit status stays with attempt 1),
// and a job that ended while no server ran is counted as ended while Paratrack was down, not as re-attached.
// Skips (with the reason) only where Slurm cannot be installed.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { slurmAgentFiles } from "../../executors/slurm/batch-script";
import { createSlurmClient, type SlurmClient } from "../../executors/slurm/slurm-client";
import { ensureTestSlurmCluster } from "../../executors/slurm/test-cluster";
import { createHarness, type Harness } from "../run/harness";
import { createSlurmExecutor, type SlurmExecutor } from "./slurm-executor";

const cluster = await ensureTestSlurmCluster();
if (!cluster.available) console.warn(`Slurm attempt tests skipped: ${cluster.reason}`);

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

const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");

describe.skipIf(!cluster.available)("a Slurm track's attempts, on a real cluster", () => {
  let client: SlurmClient;
  let executor: SlurmExecutor | null = null;
  let h: Harness | null = null;
  const dirs: string[] = [];

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
  afterAll(() => {
    if (cluster.available) cluster.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function start(yaml: string): Promise<Harness> {
    // Not /dev/shm: the jobs' scripts and logs live in the data directory, which the nodes must see.
    const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-slurm-attempts-"));
    dirs.push(dir);
    executor = createSlurmExecutor({ client, dataDir: dir, pollMs: 500 });
    h = await createHarness({ dir, slurm: executor });
    await h.start(yaml);
    return h;
  }

  const jobOf = (harness: Harness, key: string) => {
    const jobId = harness.track(key).slurm?.jobId;
    if (!jobId) throw new Error(`track ${key} has no Slurm job`);
    return jobId;
  };

  it("a track restarted after its job ended is a new job writing attempt 2's own files", async () => {
    const harness = await start(`${header("restart-ended")}
  - key: T1
    ram: 64MB
    agents:
      - name: T1
        command: "echo '::session s-1'; echo first; while true; do sleep 1; done"
        resume: "echo resumed {session}; while true; do sleep 1; done"
  - key: T2
    ram: 64MB
    command: "sleep 1"
`);
    const slot = () => {
      const first = harness.controller.agentSlots("T1")[0];
      if (!first) throw new Error("T1 has no agent yet");
      return first;
    };
    const log = () => harness.controller.agentSlots("T1")[0]?.handle?.logPath ?? "";
    await eventually(() => read(log()).includes("first"), "attempt 1's output");
    await eventually(() => slot().sessionId === "s-1", "the session read");
    const firstJob = jobOf(harness, "T1");
    const dir = path.dirname(slot().handle!.logPath);
    const one = slurmAgentFiles(dir, "T1", 0);
    const two = slurmAgentFiles(dir, "T1", 1);
    expect(slot().handle!.logPath).toBe(one.stdout);

    await harness.controller.leadAction("T1", "stop");
    expect(harness.track("T1").status).toBe("stopped");
    await eventually(() => read(one.exit) !== "", "attempt 1's exit status");

    await harness.controller.leadAction("T1", "restart");
    expect(harness.track("T1").attempts).toBe(2);
    // Its job had ended: the restart is a new job (not a requeue), which writes the next attempt's files.
    expect(jobOf(harness, "T1")).not.toBe(firstJob);
    expect(slot().handle!.logPath).toBe(two.stdout);
    expect(slot().handle!.exitPath).toBe(two.exit);
    await eventually(() => read(two.stdout).includes("resumed s-1"), "attempt 2's output in its own file");
    expect(harness.track("T1").status).toBe("running");
    // Attempt 1's log and exit status are as it left them; no exit status stands beside the running attempt.
    expect(read(one.stdout)).toMatch(/out first$/m);
    expect(read(one.stdout)).not.toContain("resumed");
    expect(read(one.exit).trim()).toBe("143");
    expect(existsSync(two.exit)).toBe(false);
    // Each attempt's stored agent points at its own log (what `track logs --attempt` and the downloads read).
    const runId = harness.track("T1").runId;
    const rows = await harness.db.agent.findMany({
      where: { track: { runId, key: "T1" } },
      orderBy: { attempt: "asc" },
    });
    expect(rows.map((row) => [row.attempt, row.logPath])).toEqual([
      [1, one.stdout],
      [2, two.stdout],
    ]);
    await harness.controller.leadAction("T1", "stop");
  }, 120_000);

  it("counts a job that ended while no server ran as ended while down, not as re-attached", async () => {
    const flags = mkdtempSync(path.join(os.tmpdir(), "paratrack-slurm-flag-"));
    dirs.push(flags);
    const go = path.join(flags, "go");
    const first = await start(`${header("ended-while-down")}
  - key: e
    ram: 64MB
    command: "echo '::progress 10'; while [ ! -e ${go} ]; do sleep 0.2; done; echo '::progress 100'; exit 0"
`);
    await eventually(() => first.track("e").progress === 10, "the first line read");
    const jobId = jobOf(first, "e");
    await first.controller.halt();
    for (const slot of first.controller.agentSlots("e")) await slot.handle?.detach();
    executor?.close();
    await first.db.$disconnect();
    h = null;
    // The job finishes while no server watches it.
    writeFileSync(go, "");
    await eventually(async () => (await client.showJob(jobId)).state === "COMPLETED", "the job completed");

    executor = createSlurmExecutor({ client, dataDir: first.dir, pollMs: 500 });
    const second = await createHarness({ dir: first.dir, slurm: executor });
    h = second;
    const summary = await second.controller.recoverAfterRestart();
    expect(summary).toMatchObject({ reattached: 0, endedWhileDown: 1, interrupted: 0 });
    const taken = second.events().find((e) => e.kind === "run:reattached");
    expect(taken?.message).toContain(
      "re-attached 0 agent(s), 1 ended while Paratrack was down, 0 interrupted",
    );
    await eventually(() => second.track("e").status === "completed", "the track completed");
    expect(second.track("e").progress).toBe(100);
  }, 120_000);
});
