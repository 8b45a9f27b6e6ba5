// The Slurm executor's memory readings with a scripted client (no cluster): a missed sstat reading of a running job
// (no row for it, or a row without RSS yet) is unknown, not 0, and measure() keeps the last reading meanwhile; a job
// pending again after a requeue measures 0 with its reading unknown; a suspended one keeps its reading.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SlurmJobState } from "../../executors/slurm/job-state";
import type { SlurmJob, SlurmJobMemory } from "../../executors/slurm/jobs";
import type { SlurmClient } from "../../executors/slurm/slurm-client";
import { createSlurmExecutor, type SlurmExecutor } from "./slurm-executor";
import { isRemoteAgent, type RemoteAgentProcess } from "./track-executor";

const MIB = 1024 * 1024;

/** A cluster with one job whose state and sstat answer the test sets; every read is counted. */
function scriptedClient() {
  const script = {
    state: "RUNNING" as SlurmJobState,
    memory: null as SlurmJobMemory | null,
    polls: 0,
  };
  const job = (): SlurmJob =>
    ({
      jobId: "42",
      name: "paratrack-r-t",
      state: script.state,
      reason: null,
      exitCode: null,
      restarts: 0,
      requeueable: true,
      partition: "debug",
      account: null,
      nodeList: "n1",
      batchHost: "n1",
      memoryBytes: 512 * MIB,
      submitTime: null,
      startTime: null,
      endTime: null,
      suspendTime: null,
      runSeconds: 1,
      workDir: null,
      command: "/data/slurm/r/t/paratrack-r-t.0.sbatch",
      stdOut: null,
      stdErr: null,
    }) satisfies SlurmJob;
  const unused = async (): Promise<never> => {
    throw new Error("not used here");
  };
  const client: SlurmClient = {
    submit: async () => "42",
    listJobs: async () => {
      script.polls++;
      return [
        {
          jobId: "42",
          state: script.state,
          reason: null,
          nodeList: "n1",
          elapsedSeconds: 1,
          name: "paratrack-r-t",
        },
      ];
    },
    showJob: async () => job(),
    showNodes: async () => [],
    jobMemory: unused,
    jobsMemory: async () => new Map(script.memory ? [["42", script.memory]] : []),
    suspend: unused,
    resume: unused,
    requeue: unused,
    cancel: async () => undefined,
    listPids: async () => [],
    ping: unused,
  };
  return { client, script };
}

const reading = (bytes: number | null): SlurmJobMemory => ({
  maxRssBytes: bytes ?? 0,
  aveRssBytes: bytes ?? 0,
  steps: [{ stepId: "42.batch", maxRssBytes: bytes, aveRssBytes: bytes, tasks: 1, maxRssNode: "n1" }],
});

describe("the Slurm executor's memory readings", () => {
  let executor: SlurmExecutor | null = null;
  let dir = "";
  afterEach(() => {
    executor?.close();
    executor = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("reports a missed reading as unknown and keeps the last one in measure(), never a drop to 0", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-slurm-memory-"));
    const { client, script } = scriptedClient();
    executor = createSlurmExecutor({ client, dataDir: dir, pollMs: 10 });
    const [handle, helper] = (await executor.launchTrack({
      runId: "r",
      trackKey: "t",
      attempt: 1,
      executor: { kind: "slurm", partition: null, account: null, extraArgs: [] },
      agents: ["coder", "helper"].map((name) => ({
        trackKey: "t",
        agent: { name, command: "true", subAgents: 0 },
        workdir: dir,
        env: {},
        logPath: path.join(dir, `${name}.log`),
      })),
      memBytes: 512 * MIB,
    })) as RemoteAgentProcess[];
    if (!isRemoteAgent(handle) || !isRemoteAgent(helper)) throw new Error("not Slurm handles");
    const polled = async () => {
      const at = script.polls;
      while (script.polls < at + 2) await new Promise((resolve) => setTimeout(resolve, 5));
    };

    // Running before sstat has read its steps: no reading yet.
    await polled();
    expect(handle.measure().bytes).toBe(0);
    expect(handle.remote.memoryBytes()).toBeNull();

    script.memory = reading(100 * MIB);
    await polled();
    expect(handle.measure().bytes).toBe(100 * MIB);
    expect(handle.remote.memoryBytes()).toBe(100 * MIB);
    // The job's use is shown on its first agent; the others hold none of it.
    expect(helper.remote.memoryBytes()).toBe(0);

    // sstat lists the step without RSS (read before the accounting's first sample): a missed reading.
    script.memory = reading(null);
    await polled();
    expect(handle.measure().bytes).toBe(100 * MIB);
    expect(handle.remote.memoryBytes()).toBeNull();

    // sstat has no row for the job at all this time: the same.
    script.memory = null;
    await polled();
    expect(handle.measure().bytes).toBe(100 * MIB);
    expect(handle.remote.memoryBytes()).toBeNull();

    script.memory = reading(120 * MIB);
    await polled();
    expect(handle.remote.memoryBytes()).toBe(120 * MIB);

    // Suspended: sstat is not asked, the frozen processes hold what they held.
    script.state = "SUSPENDED";
    await polled();
    expect(handle.measure().bytes).toBe(120 * MIB);
    expect(handle.remote.memoryBytes()).toBe(120 * MIB);

    // Pending again (requeued by Slurm, waiting for its BeginTime): nothing runs; unknown, not a reading of 0.
    script.state = "PENDING";
    await polled();
    expect(handle.measure().bytes).toBe(0);
    expect(handle.remote.memoryBytes()).toBeNull();
  });
});
