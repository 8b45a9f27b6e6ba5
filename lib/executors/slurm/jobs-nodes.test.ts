// Parsers against real outputs recorded on the test cluster (fixtures/README.md says how).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classifySlurmMessage, cleanSlurmMessage } from "./errors";
import { describeSlurmJobState } from "./job-state";
import { parseSlurmJobs, parseSqueue, parseSstat, sumJobMemory } from "./jobs";
import { parseSlurmNodes, summariseClusterMemory } from "./nodes";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
const MIB = 1024 ** 2;

describe("scontrol show job", () => {
  const jobs = parseSlurmJobs(fixture("scontrol-show-job.txt"));
  const byName = (name: string) => {
    const job = jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no job ${name} in the fixture`);
    return job;
  };

  it("reads every job of the output", () => {
    expect(jobs).toHaveLength(15);
    expect(new Set(jobs.map((j) => j.jobId)).size).toBe(15);
  });

  it("reads a running job: name with a space, memory, node, times", () => {
    const job = byName("paratrack-r1-big one");
    expect(job).toMatchObject({
      state: "RUNNING",
      reason: null,
      memoryBytes: 14 * 1024 * MIB,
      nodeList: "localhost",
      batchHost: "localhost",
      partition: "debug",
      account: null,
      restarts: 0,
      requeueable: true,
      exitCode: { status: 0, signal: 0 },
      endTime: null,
    });
    expect(job.startTime).toBeGreaterThan(0);
    expect(job.runSeconds).toBeGreaterThan(0);
  });

  it("reads pending, suspended, requeued and finished jobs with their reasons and exit codes", () => {
    expect(byName("paratrack-r1-waits")).toMatchObject({
      state: "PENDING",
      reason: "Resources",
      nodeList: null,
    });
    expect(byName("paratrack-r2-susp")).toMatchObject({ state: "SUSPENDED" });
    expect(byName("paratrack-r2-susp").suspendTime).toBeGreaterThan(0);
    expect(byName("paratrack-r2-rq")).toMatchObject({ state: "PENDING", reason: "BeginTime", restarts: 1 });
    expect(byName("paratrack-r1-done")).toMatchObject({
      state: "COMPLETED",
      exitCode: { status: 0, signal: 0 },
    });
    expect(byName("paratrack-r1-fail")).toMatchObject({
      state: "FAILED",
      reason: "NonZeroExitCode",
      exitCode: { status: 7, signal: 0 },
    });
    expect(byName("paratrack-r1-oom")).toMatchObject({ state: "OUT_OF_MEMORY", reason: "OutOfMemory" });
    expect(byName("paratrack-r1-cancelled")).toMatchObject({
      state: "CANCELLED",
      exitCode: { status: 0, signal: 15 },
    });
  });

  it("maps each to a track status", () => {
    const status = (name: string) => describeSlurmJobState(byName(name).state);
    expect(status("paratrack-r1-waits")).toMatchObject({ phase: "queued", trackStatus: "running" });
    expect(status("paratrack-r2-susp")).toMatchObject({ phase: "suspended", trackStatus: "paused" });
    expect(status("paratrack-r1-done")).toMatchObject({ trackStatus: "completed", outcome: "completed" });
    expect(status("paratrack-r1-oom")).toMatchObject({ trackStatus: "failed", outcome: "out-of-memory" });
    expect(status("paratrack-r1-cancelled")).toMatchObject({ trackStatus: "stopped", outcome: "cancelled" });
  });
});

describe("squeue", () => {
  it("reads the fixed format, the name last (it may hold the separator)", () => {
    const entries = parseSqueue(fixture("squeue.txt"));
    expect(entries).toHaveLength(15);
    expect(entries.find((e) => e.name === "paratrack-r1-big one")).toMatchObject({
      state: "RUNNING",
      nodeList: "localhost",
      elapsedSeconds: 14,
    });
    expect(entries.find((e) => e.jobId === "15")).toMatchObject({
      state: "PENDING",
      reason: "BeginTime",
      nodeList: null,
    });
    expect(parseSqueue("1|RUNNING|None|n1|0:01|odd|name")[0]?.name).toBe("odd|name");
  });

  it("refuses lines that are not squeue rows", () => {
    expect(() => parseSqueue("squeue: error: Invalid user")).toThrow(/unexpected squeue line/);
  });
});

describe("sstat", () => {
  it("reads step memory in bytes and sums the steps", () => {
    const steps = parseSstat(fixture("sstat.txt"));
    expect(steps).toEqual([
      {
        stepId: expect.stringMatching(/^\d+\.batch$/),
        maxRssBytes: 88520 * 1024,
        aveRssBytes: 88520 * 1024,
        tasks: 1,
        maxRssNode: "localhost",
      },
    ]);
    const twoSteps = parseSstat("5.batch|1G|512M|1|n1\n5.0|100M|50M|2|n1\n");
    expect(sumJobMemory(twoSteps)).toMatchObject({
      maxRssBytes: 1024 * MIB + 100 * MIB,
      aveRssBytes: 562 * MIB,
    });
  });
});

describe("scontrol show node", () => {
  it("reads memory in bytes and the state with its flags", () => {
    const [idle] = parseSlurmNodes(fixture("scontrol-show-node-idle.txt"));
    expect(idle).toMatchObject({
      name: "localhost",
      state: "IDLE",
      flags: [],
      isAvailable: true,
      allocatedBytes: 0,
      reason: null,
    });
    expect(idle?.realMemoryBytes).toBe(23623 * MIB);
    expect(idle?.freeBytes).toBeGreaterThan(0);
    expect(idle?.partitions).toEqual(["debug"]);

    const [allocated] = parseSlurmNodes(fixture("scontrol-show-node-allocated.txt"));
    expect(allocated?.allocatedBytes).toBeGreaterThanOrEqual(14 * 1024 * MIB);
    expect(allocated?.isAvailable).toBe(true);
  });

  it("treats draining and drained nodes as unavailable, with the admin's reason", () => {
    for (const file of ["scontrol-show-node-draining.txt", "scontrol-show-node-drained.txt"]) {
      const [node] = parseSlurmNodes(fixture(file));
      expect(node?.flags).toContain("DRAIN");
      expect(node?.isAvailable).toBe(false);
      expect(node?.reason).toMatch(/^disk failing \[admin\]/);
    }
    const [down] = parseSlurmNodes(
      "NodeName=n2 State=DOWN* RealMemory=1000 AllocMem=0 FreeMem=N/A CPUTot=4 CPUAlloc=0",
    );
    expect(down).toMatchObject({
      state: "DOWN",
      flags: ["NOT_RESPONDING"],
      isAvailable: false,
      freeBytes: null,
    });
  });

  it("sums the cluster over the nodes that can take work", () => {
    const nodes = parseSlurmNodes(
      [
        "NodeName=a State=MIXED RealMemory=1000 AllocMem=400 FreeMem=300",
        "NodeName=b State=IDLE RealMemory=2000 AllocMem=0 FreeMem=N/A",
        "NodeName=c State=IDLE+DRAIN RealMemory=5000 AllocMem=0 FreeMem=5000",
      ].join("\n"),
    );
    expect(summariseClusterMemory(nodes)).toEqual({
      nodes: 3,
      availableNodes: 2,
      capacityBytes: 3000 * MIB,
      allocatedBytes: 400 * MIB,
      usedBytes: 700 * MIB,
    });
  });
});

describe("Slurm's refusals", () => {
  it("become one sentence of Slurm's words and a kind", () => {
    const partition = fixture("sbatch-bad-partition.stderr");
    expect(cleanSlurmMessage(partition)).toBe(
      "invalid partition specified: nope; Batch job submission failed: Invalid partition name specified",
    );
    expect(classifySlurmMessage(partition)).toBe("rejected");
    const memory = fixture("sbatch-too-much-memory.stderr");
    expect(cleanSlurmMessage(memory)).toMatch(/^Memory specification can not be satisfied; .*not available$/);
    expect(classifySlurmMessage(memory)).toBe("rejected");
    expect(classifySlurmMessage(fixture("scontrol-unknown-job.stderr"))).toBe("unknown-job");
    expect(cleanSlurmMessage(fixture("scontrol-unknown-job.stderr"))).toBe("Invalid job id specified");
    expect(classifySlurmMessage("Slurmctld(primary) at localhost is DOWN")).toBe("unreachable");
    expect(classifySlurmMessage("squeue: fatal: Unable to process configuration file")).toBe(
      "not-configured",
    );
    expect(
      classifySlurmMessage("slurm_load_jobs error: Unable to contact slurm controller (connect failure)"),
    ).toBe("unreachable");
    expect(
      classifySlurmMessage(
        'squeue: error: Munge encode failed: Failed to access "/x": No such file or directory (retrying ...)',
      ),
    ).toBe("auth");
  });
});
