// The generated script runs here under bash as Slurm would run it (same env variables), with real agents.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readSlurmAgentExit } from "./agent-exit";
import {
  type AgentLauncher,
  buildSlurmBatchJob,
  type SlurmTrackJob,
  shellQuote,
  slurmAgentFiles,
  slurmAttemptBaseOf,
  slurmJobAttempt,
  slurmJobName,
} from "./batch-script";
import { parseSlurmJobs } from "./jobs";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-batch-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function trackJob(extra: Partial<SlurmTrackJob> = {}): SlurmTrackJob {
  return {
    runId: "run 1",
    trackKey: "api/auth",
    outputDir: path.join(dir, "out"),
    workdir: dir,
    env: { NOTE: "it's $not expanded `ever`", "BAD-NAME": "skipped" },
    agents: [
      {
        name: "main",
        command: 'echo "$PARATRACK_AGENT in $(pwd) for $PARATRACK_TRACK: $NOTE"',
        resumeCommand: null,
      },
      { name: "helper", command: "echo fresh; echo oops >&2; exit 4", resumeCommand: "echo resumed" },
    ],
    memBytes: 1.5 * 1024 ** 3,
    slurm: { partition: "gpu", account: "lab", extraArgs: ["--time=1:00:00"] },
    url: "http://127.0.0.1:3000",
    model: "sonnet",
    ...extra,
  };
}

/** Runs the script as slurmstepd would: bash, in the output dir, with SLURM_RESTART_COUNT when requeued. */
function runScript(script: string, env: Record<string, string> = {}) {
  const child = spawn("bash", ["-c", script], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: "ignore",
    detached: true, // its own process group, as under slurmstepd
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited };
}

describe("buildSlurmBatchJob", () => {
  it("gives the sbatch options: name, --mem in MiB rounded up, output in the data dir, requeue, partition, account, extra", () => {
    const job = buildSlurmBatchJob(trackJob({ memBytes: 1.5 * 1024 ** 3 + 1 }));
    expect(job.jobName).toBe("paratrack-run_1-api_auth");
    expect(job.jobName).toBe(slurmJobName("run 1", "api/auth"));
    expect(job.scriptPath).toBe(path.join(dir, "out", "paratrack-run_1-api_auth.0.sbatch"));
    expect(job.sbatchArgs).toEqual([
      "--job-name=paratrack-run_1-api_auth",
      `--output=${path.join(dir, "out", "job-%j.out")}`,
      "--open-mode=append",
      `--chdir=${path.join(dir, "out")}`,
      "--requeue",
      "--mem=1537M",
      "--partition=gpu",
      "--account=lab",
      "--time=1:00:00",
    ]);
    expect(buildSlurmBatchJob(trackJob({ memBytes: null, slurm: {} })).sbatchArgs).not.toContainEqual(
      expect.stringMatching(/^--(mem|partition|account)/),
    );
  });

  it("refuses a track without agents", () => {
    expect(() => buildSlurmBatchJob(trackJob({ agents: [] }))).toThrow(/no agents/);
  });

  it("runs every agent with its env, output and exit files; the script fails when one agent fails", async () => {
    const job = buildSlurmBatchJob(trackJob());
    const { exited } = runScript(job.script);
    expect(await exited).toBe(1);
    const main = slurmAgentFiles(path.join(dir, "out"), "main", 0);
    const helper = slurmAgentFiles(path.join(dir, "out"), "helper", 0);
    expect(readFileSync(main.stdout, "utf8")).toBe(
      `main in ${dir} for api/auth: it's $not expanded \`ever\`\n`,
    );
    expect(readFileSync(main.exit, "utf8")).toBe("0\n");
    expect(readFileSync(helper.stdout, "utf8")).toBe("fresh\n");
    expect(readFileSync(helper.stderr, "utf8")).toBe("oops\n");
    expect(readFileSync(helper.exit, "utf8")).toBe("4\n");
    expect(job.script).toContain("export PARATRACK_URL='http://127.0.0.1:3000'");
    expect(job.script).toContain("export PARATRACK_MODEL='sonnet'");
    expect(job.script).not.toContain("BAD-NAME");
  });

  it("uses the resume command and attempt-numbered files when Slurm restarts the job", async () => {
    const job = buildSlurmBatchJob(
      trackJob({ agents: [{ name: "a", command: "echo fresh", resumeCommand: "echo resumed" }] }),
    );
    expect(await runScript(job.script, { SLURM_RESTART_COUNT: "2" }).exited).toBe(0);
    const files = slurmAgentFiles(path.join(dir, "out"), "a", 2);
    expect(readFileSync(files.stdout, "utf8")).toBe("resumed\n");
    expect(readFileSync(files.exit, "utf8")).toBe("0\n");
    expect(existsSync(slurmAgentFiles(path.join(dir, "out"), "a", 0).stdout)).toBe(false);
  });

  it("writes a new job's files from its attempt base on: the plan's command first, the resume command at a requeue", async () => {
    const out = path.join(dir, "out");
    const job = buildSlurmBatchJob(
      trackJob({
        attemptBase: 1,
        agents: [{ name: "a", command: "echo fresh", resumeCommand: "echo resumed" }],
      }),
    );
    // The base is in the script (and in its name, which Slurm shows as the job's Command).
    expect(job.script).toContain("paratrack_attempt=$((1 + paratrack_restart))");
    expect(job.scriptPath).toBe(path.join(out, "paratrack-run_1-api_auth.1.sbatch"));
    // Attempt 1's files, as a stopped job left them: the new job neither appends to them nor reads their exit.
    mkdirSync(out, { recursive: true });
    writeFileSync(slurmAgentFiles(out, "a", 0).stdout, "attempt 1\n");
    writeFileSync(slurmAgentFiles(out, "a", 0).exit, "143\n");
    expect(await runScript(job.script).exited).toBe(0);
    expect(readFileSync(slurmAgentFiles(out, "a", 1).stdout, "utf8")).toBe("fresh\n");
    expect(readFileSync(slurmAgentFiles(out, "a", 1).exit, "utf8")).toBe("0\n");
    expect(readFileSync(slurmAgentFiles(out, "a", 0).stdout, "utf8")).toBe("attempt 1\n");
    expect(readFileSync(slurmAgentFiles(out, "a", 0).exit, "utf8")).toBe("143\n");
    // The same job requeued once: the next files, with the resume command.
    expect(await runScript(job.script, { SLURM_RESTART_COUNT: "1" }).exited).toBe(0);
    expect(readFileSync(slurmAgentFiles(out, "a", 2).stdout, "utf8")).toBe("resumed\n");
  });

  it("removes a stale exit status of its own attempt before the agent starts", async () => {
    const out = path.join(dir, "out");
    mkdirSync(out, { recursive: true });
    writeFileSync(slurmAgentFiles(out, "a", 3).exit, "143\n");
    const job = buildSlurmBatchJob(
      trackJob({ attemptBase: 3, agents: [{ name: "a", command: "sleep 2", resumeCommand: null }] }),
    );
    const { exited } = runScript(job.script);
    const deadline = Date.now() + 5_000;
    while (existsSync(slurmAgentFiles(out, "a", 3).exit) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // While the agent runs, no exit status stands beside it.
    expect(existsSync(slurmAgentFiles(out, "a", 3).exit)).toBe(false);
    expect(await exited).toBe(0);
    expect(readFileSync(slurmAgentFiles(out, "a", 3).exit, "utf8")).toBe("0\n");
  });

  it("refuses an attempt base that is not a whole number", () => {
    expect(() => buildSlurmBatchJob(trackJob({ attemptBase: -1 }))).toThrow(/attempt base/);
    expect(() => buildSlurmBatchJob(trackJob({ attemptBase: 1.5 }))).toThrow(/attempt base/);
  });

  it("passes SIGTERM on to the agents (Slurm signals only the script) and records how they ended", async () => {
    const job = buildSlurmBatchJob(
      trackJob({
        agents: [
          { name: "sleeper", command: "echo up; sleep 60", resumeCommand: null },
          {
            name: "graceful",
            command: "trap 'echo bye; exit 0' TERM; echo up; while :; do sleep 0.1; done",
            resumeCommand: null,
          },
        ],
      }),
    );
    const { child, exited } = runScript(job.script);
    const out = path.join(dir, "out");
    const deadline = Date.now() + 10_000;
    while (
      !["sleeper", "graceful"].every(
        (name) =>
          existsSync(slurmAgentFiles(out, name, 0).stdout) &&
          readFileSync(slurmAgentFiles(out, name, 0).stdout, "utf8").includes("up"),
      ) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill("SIGTERM");
    expect(await exited).toBe(1);
    expect(readFileSync(slurmAgentFiles(out, "sleeper", 0).exit, "utf8")).toBe("143\n");
    expect(readFileSync(slurmAgentFiles(out, "graceful", 0).exit, "utf8")).toBe("0\n");
    expect(readFileSync(slurmAgentFiles(out, "graceful", 0).stdout, "utf8")).toBe("up\nbye\n");
    expect(await readSlurmAgentExit(slurmAgentFiles(out, "sleeper", 0).exit)).toMatchObject({
      code: null,
      signal: "SIGTERM",
    });
    expect(await readSlurmAgentExit(slurmAgentFiles(out, "graceful", 0).exit)).toMatchObject({
      code: 0,
      signal: null,
    });
    expect(await readSlurmAgentExit(slurmAgentFiles(out, "graceful", 7).exit)).toBeNull();
  });

  it("records a missing workdir as the agent's error", async () => {
    const job = buildSlurmBatchJob(trackJob({ workdir: path.join(dir, "missing") }));
    expect(await runScript(job.script).exited).toBe(1);
    const files = slurmAgentFiles(path.join(dir, "out"), "main", 0);
    expect(readFileSync(files.exit, "utf8")).toBe("2\n");
    expect(readFileSync(files.stderr, "utf8")).toMatch(/missing/);
  });

  it("takes another launcher (the native shim later) without changing the rest", async () => {
    const tagged: AgentLauncher = ({ name, commandExpression, files }) => [
      `( /bin/sh -c ${commandExpression} | sed 's/^/[${name}] /' >>${files.stdout}; echo "$?" >${files.exit} ) &`,
    ];
    const job = buildSlurmBatchJob(
      trackJob({ agents: [{ name: "x", command: "echo hi", resumeCommand: null }] }),
      tagged,
    );
    expect(await runScript(job.script).exited).toBe(0);
    expect(readFileSync(slurmAgentFiles(path.join(dir, "out"), "x", 0).stdout, "utf8")).toBe("[x] hi\n");
  });

  it("quotes for sh", () => {
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });
});

describe("a job's attempt", () => {
  it("reads the attempt base back from the job's Command (its script's name) and adds Slurm's restarts", () => {
    expect(slurmAttemptBaseOf("/data/slurm/r/T1/paratrack-r-T1.2.sbatch")).toBe(2);
    // A job submitted before scripts carried a base (or not by Paratrack) counts from 0.
    expect(slurmAttemptBaseOf("/data/slurm/r/T1/paratrack-r-T1.sbatch")).toBe(0);
    expect(slurmAttemptBaseOf(null)).toBe(0);
    const [job] = parseSlurmJobs(
      "JobId=7 JobName=paratrack-r-T1 JobState=PENDING Reason=BeginTime Restarts=1 Command=/data dir/paratrack-r-T1.1.sbatch WorkDir=/data dir StdOut=/data dir/job-7.out",
    );
    expect(job?.command).toBe("/data dir/paratrack-r-T1.1.sbatch");
    expect(slurmJobAttempt(job!)).toBe(2);
  });
});
