// runHeadless in-process with real agent processes, a real SQLite file and /proc: outcomes, output, Ctrl-C.
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentProcess } from "../agents/supervisor";
import { loadConfig } from "../config";
import { formatSummaryText } from "../domain/reporting/run-summary-text";
import type { AgentLauncher } from "./agent-port";
import { type HeadlessOptions, runHeadless } from "./headless";
import { readPlanFile } from "./plan-files";
import { createRealEngine } from "./real-engine";

// Real processes on a loaded 2-core machine: generous bounds, small work.
const BOUNDED = { timeout: 60_000 };

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "paratrack-headless-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writePlan(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

function sink() {
  const chunks: string[] = [];
  return { write: (text: string) => chunks.push(text), text: () => chunks.join("") };
}

/** Wraps the real launcher to learn every agent's pid, so a test can check none outlives the run. */
function recordingLauncher(): { launch: AgentLauncher; pids: number[] } {
  const pids: number[] = [];
  return {
    pids,
    launch: async (options) => {
      const agent = await createAgentProcess(options);
      if (agent.pid !== null) pids.push(agent.pid);
      return agent;
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

/** Live processes (zombies excluded) whose environment carries PT_TEST_MARK=mark: an agent's whole tree. */
function markedProcesses(mark: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, "utf8").split("\0").includes(`PT_TEST_MARK=${mark}`)) {
        if (isAlive(Number(name))) found.push(Number(name));
      }
    } catch {
      // exited meanwhile, or not ours
    }
  }
  return found;
}

function options(
  planPath: string,
  extra: Partial<HeadlessOptions> = {},
): HeadlessOptions & { out: ReturnType<typeof sink> } {
  const out = sink();
  const dataDir = path.join(dir, "data");
  return {
    planPath,
    budgetBytes: 2e9,
    // A fast sample keeps the governor's admission passes (one track per pass) quick.
    config: loadConfig({ DATA_DIR: dataDir, SAMPLE_INTERVAL_MS: "200", LOG_LEVEL: "info" }),
    progress: out,
    live: false,
    colour: false,
    logFile: path.join(dataDir, "logs", "headless-test.log"),
    out,
    ...extra,
  };
}

describe("runHeadless", () => {
  it(
    "runs the plan to its end: dependencies in order, exit 0, a summary and plain progress lines",
    BOUNDED,
    async () => {
      const mark = randomUUID();
      const plan = writePlan("ok.yaml", [
        "name: ok",
        "tracks:",
        "  - key: A",
        "    command: sh -c 'echo ::progress 50; sleep 1; echo ::progress 100'",
        "  - key: B",
        "    dependsOn: [A]",
        "    command: sh -c 'echo ::progress 40; sleep 0.3'",
        "  - key: C",
        // The background sleep outlives its agent's leader: the run must not leave it behind.
        "    command: sh -c 'sleep 30 & echo ::status at-risk; sleep 0.5'",
        `    env: { PT_TEST_MARK: "${mark}" }`,
      ]);
      const launcher = recordingLauncher();
      const opts = options(plan, { launch: launcher.launch });
      const result = await runHeadless(opts);

      expect(result.exitCode).toBe(0);
      const summary = result.summary!;
      expect(summary.ok).toBe(true);
      expect(summary.run.status).toBe("completed");
      expect(summary.tracks.map((t) => [t.key, t.status, t.exitCodes])).toEqual([
        ["A", "completed", [0]],
        ["B", "completed", [0]],
        ["C", "completed", [0]],
      ]);
      const [a, b] = summary.tracks;
      expect(Date.parse(b!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(a!.endedAt!));
      expect(summary.governor.byKind.start).toBe(3);
      expect(summary.totals.budgetBytes).toBe(2e9);
      expect(summary.totals.memoryBasis).toBe("budget");
      expect(summary.totals.samples).toBeGreaterThan(0);

      const text = opts.out.text();
      expect(text).toMatch(/^\d\d:\d\d:\d\d A running \d+%/m);
      expect(text).toMatch(/^\d\d:\d\d:\d\d B completed 100%/m);
      expect(text).toContain('Run "ok" completed');
      expect(text).not.toContain("\x1b[");
      expect(readFileSync(opts.logFile, "utf8")).toContain('"msg":"headless run starting"');
      expect(launcher.pids).toHaveLength(3);
      expect(launcher.pids.filter(isAlive)).toEqual([]);
      // The run does not end while an agent's leftovers are still being ended.
      expect(markedProcesses(mark)).toEqual([]);
      // One after another is the tracks' running times, not their wall times.
      expect(summary.totals.sequentialBasis).toBe("running-time");
      for (const t of summary.tracks) expect(t.durationMs).toBeLessThanOrEqual(t.wallMs!);
      expect(formatSummaryText(summary)[0]).toMatch(/^Run "ok" completed in /);
    },
  );

  it("exits 1 when a track fails; what depends on it never starts", BOUNDED, async () => {
    const plan = writePlan("fail.yaml", [
      "name: fail",
      "tracks:",
      "  - key: A",
      "    command: sh -c 'echo ::progress 30; for i in $(seq 1 12); do echo \"oops $i\" >&2; done; exit 3'",
      "  - key: B",
      "    dependsOn: [A]",
      "    command: echo never",
    ]);
    const opts = options(plan);
    const result = await runHeadless(opts);
    expect(result.exitCode).toBe(1);
    expect(result.summary?.run.status).toBe("failed");
    expect(result.summary?.tracks.map((t) => [t.key, t.status, t.exitCodes, t.startedAt])).toEqual([
      ["A", "failed", [3], expect.any(String)],
      ["B", "pending", [], null],
    ]);
    expect(opts.out.text()).toMatch(/A failed 30% \(exit code 3\)/);
    // The failed track's log file and its last ten stderr lines, in the summary and its text.
    const failure = result.summary?.tracks[0]?.failure;
    expect(failure?.stderrTail).toEqual(Array.from({ length: 10 }, (_, i) => `oops ${i + 3}`));
    expect(failure?.logPaths).toHaveLength(1);
    expect(readFileSync(failure!.logPaths[0]!, "utf8")).toContain(" err oops 12\n");
    expect(result.summary?.tracks[1]?.failure).toBeUndefined();
    const text = formatSummaryText(result.summary!);
    expect(text).toContain(`A failed; log: ${failure!.logPaths[0]}`);
    expect(text.find((line) => line.startsWith("Makespan"))).toMatch(
      /: no time saved figure \(not every track completed\)$/,
    );
    expect(text).toContain("  | oops 12");
    expect(text).not.toContain("  | oops 2");
  });

  it(
    "ends (exit 1) rather than wait for ever when every ready track is larger than the Red line on its own",
    BOUNDED,
    async () => {
      const plan = writePlan("too-large.yaml", [
        "name: too-large",
        "tracks:",
        "  - key: A",
        "    ram: 100MB",
        "    command: sleep 30",
        "  - key: B",
        "    dependsOn: [A]",
        "    command: echo never",
      ]);
      // No lead can raise a headless run's budget: waiting would never end.
      const opts = options(plan, { budgetBytes: 50e6 });
      const result = await runHeadless(opts);
      expect(result.exitCode).toBe(1);
      expect(result.summary?.run.status).toBe("stopped");
      expect(result.summary?.tracks.map((t) => [t.key, t.status, t.startedAt])).toEqual([
        ["A", "stopped", null],
        ["B", "stopped", null],
      ]);
      const text = opts.out.text();
      // Why it waited, as the wait began, then why the run ends.
      expect(text).toMatch(
        /A ready 0% \(waiting for a larger budget: needs 100 MB.*more than the Red line \(85 %\)/,
      );
      expect(text).toMatch(
        /A can never start within the RAM budget \(.+\); nothing else can run, so the run stops \(run it again with a larger --budget\)/,
      );
    },
  );

  it("stops every agent when aborted (Ctrl-C) and exits 130", BOUNDED, async () => {
    const mark = randomUUID();
    const plan = writePlan("long.yaml", [
      "name: long",
      "tracks:",
      "  - key: A",
      "    command: sh -c 'sleep 30 & echo ::progress 10; sleep 30'",
      `    env: { PT_TEST_MARK: "${mark}" }`,
    ]);
    const launcher = recordingLauncher();
    const controller = new AbortController();
    const opts = options(plan, { launch: launcher.launch, signal: controller.signal });
    const running = runHeadless(opts);
    const deadline = Date.now() + 30_000;
    while (!/A running 10%/.test(opts.out.text()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(markedProcesses(mark).length).toBeGreaterThanOrEqual(2);
    controller.abort();
    const result = await running;
    expect(result.exitCode).toBe(130);
    expect(result.summary?.run.status).toBe("stopped");
    expect(result.summary?.tracks[0]).toMatchObject({ status: "stopped", signals: ["SIGTERM"] });
    await expect.poll(() => markedProcesses(mark), { timeout: 5_000 }).toEqual([]);
    expect(opts.out.text()).toContain("interrupted (SIGINT): stopping every agent");
  });

  it("prints every error of an invalid plan with file:line:col and starts nothing", async () => {
    const plan = writePlan("bad.yaml", [
      "name: bad",
      "tracks:",
      "  - key: A",
      "    ram: 3 bananas",
      "    command: x",
      "    dependsOn: [zz]",
    ]);
    const opts = options(plan, { config: loadConfig({ DATA_DIR: path.join(dir, "never") }) });
    const result = await runHeadless(opts);
    expect(result).toEqual({ exitCode: 1, summary: null });
    expect(opts.out.text()).toContain(`${plan}:4:10 error tracks[0].ram: expected a size`);
    expect(opts.out.text()).toContain(`${plan}:6:17 error tracks[0].dependsOn[0]: unknown track "zz"`);
    expect(existsSync(path.join(dir, "never"))).toBe(false);
  });

  it(
    "rejects a plan whose estimate exceeds the machine (checked on the first sample) with exit 1",
    BOUNDED,
    async () => {
      const plan = writePlan("huge.yaml", [
        "name: huge",
        "tracks:",
        "  - key: A",
        "    ram: 100TB",
        "    command: x",
      ]);
      const launcher = recordingLauncher();
      const opts = options(plan, { launch: launcher.launch });
      const result = await runHeadless(opts);
      expect(result).toEqual({ exitCode: 1, summary: null });
      expect(opts.out.text()).toMatch(/huge\.yaml:4:10 error tracks\[0\]\.ram: RAM estimate .* exceeds/);
      expect(opts.out.text()).toContain("plan rejected, nothing started");
      expect(launcher.pids).toEqual([]);
    },
  );

  it(
    "takes over a run of the same plan left running and counts what it did before in its summary",
    BOUNDED,
    async () => {
      const plan = writePlan("taken-over.yaml", [
        "name: taken-over",
        "maxConcurrent: 2",
        "tracks:",
        "  - key: A",
        "    ram: 10MB",
        "    command: sh -c 'echo ::progress 10; sleep 8; echo ::progress 100'",
        "  - key: B",
        "    ram: 10MB",
        "    command: sh -c 'echo ::progress 10; sleep 8; echo ::progress 100'",
      ]);
      const dataDir = path.join(dir, "data-taken-over");
      // A server starts the plan (the governor starts both tracks), then stops leaving its agents running.
      const first = createRealEngine({ dataDir, env: { SAMPLE_INTERVAL_MS: "200" } });
      await first.engine.start();
      await first.engine.runs.startRun({ ...readPlanFile(plan), budgetBytes: 2e9, override: null });
      const views = () => first.engine.runs.trackViews();
      const deadline = Date.now() + 30_000;
      while (!views().every((t) => t.status === "running") && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(views().map((t) => t.status)).toEqual(["running", "running"]);
      await first.engine.stop({ agents: "detach" });
      await first.db.$disconnect();

      const opts = options(plan, {
        config: loadConfig({ DATA_DIR: dataDir, SAMPLE_INTERVAL_MS: "200", LOG_LEVEL: "info" }),
        logFile: path.join(dataDir, "logs", "headless-test.log"),
      });
      const result = await runHeadless(opts);
      expect(opts.out.text()).toContain("taking over the run of this plan that was still running");
      expect(result.exitCode).toBe(0);
      // The governor's starts and the memory samples came before the takeover: they are the run's all the same.
      expect(result.summary!.governor.byKind.start).toBe(2);
      expect(result.summary!.totals.peakAgentsBytes).toBeGreaterThan(0);
    },
  );

  it("exits 2 when the plan file cannot be read", async () => {
    const opts = options(path.join(dir, "missing.yaml"));
    expect(await runHeadless(opts)).toEqual({ exitCode: 2, summary: null });
    expect(opts.out.text()).toContain("cannot read plan file");
  });
});
