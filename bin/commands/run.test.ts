import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_MEMORY_STATS, type RunSummary, summarizeRun } from "../../lib/domain/reporting/run-summary";
import { formatSummaryText } from "../../lib/domain/reporting/run-summary-text";
import { markedProcesses } from "../../test/support/marked-processes";
import { nextBuildDir, parseRunOptions, type RunSettings, runEnvironment, serverRunExitCode } from "./run";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../..");
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
// Each case starts the CLI (TypeScript compiled on the fly) and real agents on a shared 2-core machine.
const SLOW = { timeout: 90_000 };

type Outcome = { code: number; stdout: string; stderr: string };

async function paratrack(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await execFileAsync(tsx, ["bin/paratrack.ts", ...args], {
      cwd: repoRoot,
      env: { ...process.env, SAMPLE_INTERVAL_MS: "200", ...env },
      timeout: 80_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("parseRunOptions", () => {
  it("accepts sizes and ports and keeps the budget's text for RAM_BUDGET", () => {
    expect(parseRunOptions("p.yaml", { budget: "8GB", headless: true, json: true })).toEqual({
      planPath: "p.yaml",
      budgetBytes: 8e9,
      budgetText: "8GB",
      port: null,
      headless: true,
      json: true,
      dataDir: null,
      override: null,
    });
    expect(parseRunOptions("p.yaml", { budget: "512MiB" })).toMatchObject({ budgetBytes: 512 * 1024 ** 2 });
    expect(parseRunOptions("p.yaml", { port: "3201" })).toMatchObject({ port: 3201, headless: false });
  });

  it("refuses --port with --headless, which has no web server to put on it", () => {
    expect(parseRunOptions("p.yaml", { port: "3201", headless: true })).toEqual({
      error: "--port is the dashboard's: --headless runs without a web server",
    });
  });

  it("refuses bad budgets, ports, and --json without --headless", () => {
    expect(parseRunOptions("p.yaml", { budget: "lots" })).toEqual({
      error: '--budget: must be a size such as "8GB", "512MiB" or "800MB", got "lots"',
    });
    expect(parseRunOptions("p.yaml", { budget: "0GB" })).toEqual({
      error: '--budget: must be more than 0, got "0GB"',
    });
    expect(parseRunOptions("p.yaml", { port: "70000" })).toHaveProperty("error");
    expect(parseRunOptions("p.yaml", { port: "80a" })).toHaveProperty("error");
    expect(parseRunOptions("p.yaml", { json: true })).toEqual({
      error: "--json needs --headless (the dashboard shows the run instead)",
    });
  });

  it("takes --force only with a --reason, the override recorded with the run", () => {
    expect(parseRunOptions("p.yaml", { force: true, reason: "  demo box, no GPU  " })).toMatchObject({
      override: "demo box, no GPU",
    });
    expect(parseRunOptions("p.yaml", { force: true })).toHaveProperty(
      "error",
      expect.stringMatching(/--reason/),
    );
    expect(parseRunOptions("p.yaml", { force: true, reason: " " })).toHaveProperty("error");
    expect(parseRunOptions("p.yaml", { reason: "why" })).toEqual({ error: "--reason goes with --force" });
  });

  it("applies the flags to the environment the engine or server reads", () => {
    const settings = parseRunOptions("p.yaml", {
      budget: "2GB",
      port: "0",
      dataDir: "/tmp/x",
    }) as RunSettings;
    const env = runEnvironment(settings, { DATABASE_URL: "file:/elsewhere.db", PORT: "3000", KEEP: "1" });
    expect(env).toEqual({ PORT: "0", RAM_BUDGET: "2GB", DATA_DIR: "/tmp/x", KEEP: "1" });
    const plain = parseRunOptions("p.yaml", {}) as RunSettings;
    expect(runEnvironment(plain, { DATABASE_URL: "file:/keep.db" })).toEqual({
      DATABASE_URL: "file:/keep.db",
    });
  });

  it("exits 128 + the signal when the lead stopped the dashboard's server, whose clean shutdown exits 0", () => {
    expect(serverRunExitCode(0, null, "SIGINT")).toBe(130);
    expect(serverRunExitCode(0, null, "SIGTERM")).toBe(143);
    expect(serverRunExitCode(0, null, "SIGHUP")).toBe(129);
    // Stopped otherwise (paratrack stop): done, not interrupted. A failed shutdown keeps the server's code.
    expect(serverRunExitCode(0, null, null)).toBe(0);
    expect(serverRunExitCode(1, null, "SIGINT")).toBe(1);
    // Killed by a signal itself.
    expect(serverRunExitCode(null, "SIGKILL", "SIGINT")).toBe(137);
    expect(serverRunExitCode(null, "SIGHUP", null)).toBe(129);
  });

  it("looks for the Next build where next.config.js puts it", () => {
    expect(nextBuildDir({})).toBe(path.join(repoRoot, ".next"));
    expect(nextBuildDir({ NEXT_DIST_DIR: ".next-mine" })).toBe(path.join(repoRoot, ".next-mine"));
  });
});

describe("the headless summary's text", () => {
  it("says a track without a test command has no test in the plan, as the dashboard does", () => {
    const T0 = Date.parse("2026-12-06T10:00:00.000Z");
    const track = (key: string, testStatus: RunSummary["tracks"][number]["testStatus"]) => ({
      key,
      name: key,
      status: "completed" as const,
      attempts: 1,
      startedAt: T0,
      endedAt: T0 + 60_000,
      peakBytes: 0,
      exits: [{ agent: "a", code: 0, signal: null }],
      exitSummary: null,
      testStatus,
    });
    const summary = summarizeRun({
      run: { id: "r", name: "r", status: "completed", startedAt: T0, endedAt: T0 + 60_000, planPath: null },
      tracks: [track("A", "skipped"), track("B", "passed")],
      memory: EMPTY_MEMORY_STATS,
      eventKinds: [],
    });
    const [, a, b] = formatSummaryText(summary);
    expect(a).toMatch(/^ {2}A .* exit 0 {2}no test in the plan$/);
    expect(b).toMatch(/^ {2}B .* exit 0 {2}test passed$/);
  });
});

describe("paratrack run --headless --json", SLOW, () => {
  let dir = "";
  const mark = randomUUID();
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "paratrack-run-"));
    const env = `    env: { PT_TEST_MARK: "${mark}" }`;
    writeFileSync(
      path.join(dir, "ok.yaml"),
      [
        "name: ok",
        "tracks:",
        "  - key: A",
        `    command: node ${path.join(repoRoot, "demo/agent.mjs")} --mb 30 --seconds 2 --steps 2 --tick-ms 100`,
        env,
        "  - key: B",
        "    dependsOn: [A]",
        "    command: sh -c 'echo ::progress 50; sleep 0.5'",
        env,
        "  - key: C",
        "    command: sh -c 'sleep 30 & echo ::progress 50; sleep 1'",
        env,
        "",
      ].join("\n"),
    );
    writeFileSync(
      path.join(dir, "fail.yaml"),
      [
        "name: fail",
        "tracks:",
        "  - key: A",
        "    command: sh -c 'echo ::progress 50; sleep 0.5'",
        env,
        "  - key: B",
        "    dependsOn: [A]",
        "    command: sh -c 'echo ::progress 20; exit 3'",
        env,
        "  - key: C",
        "    dependsOn: [B]",
        "    command: echo never",
        env,
        "",
      ].join("\n"),
    );
    writeFileSync(
      path.join(dir, "bad.yaml"),
      ["name: bad", "tracks:", "  - key: A", "    command: x", "    dependsOn: [A]", ""].join("\n"),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exits 0 when every track completed and prints only the JSON summary on stdout", async () => {
    const result = await paratrack([
      "run",
      path.join(dir, "ok.yaml"),
      "--headless",
      "--json",
      "--budget",
      "2GB",
      "--data-dir",
      path.join(dir, "data"),
    ]);
    expect(result.stderr).toContain("A running");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.ok).toBe(true);
    expect(summary.tracks.map((t) => [t.key, t.status, t.exitCodes])).toEqual([
      ["A", "completed", [0]],
      ["B", "completed", [0]],
      ["C", "completed", [0]],
    ]);
    const byKey = Object.fromEntries(summary.tracks.map((t) => [t.key, t]));
    // The dependency started only after its dependency ended.
    expect(Date.parse(byKey.B!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(byKey.A!.endedAt!));
    expect(byKey.A!.peakBytes).toBeGreaterThan(20e6);
    const starts = summary.tracks.map((t) => Date.parse(t.startedAt!));
    const ends = summary.tracks.map((t) => Date.parse(t.endedAt!));
    expect(summary.totals.makespanMs).toBe(Math.max(...ends) - Math.min(...starts));
    expect(summary.totals.sumOfTrackDurationsMs).toBe(summary.tracks.reduce((s, t) => s + t.durationMs!, 0));
    expect(summary.totals.budgetBytes).toBe(2e9);
    expect(summary.totals.zonesSeen.length).toBeGreaterThan(0);
    expect(summary.governor.byKind.start).toBe(3);
    // C's background sleep outlived its leader; nothing of any agent may outlive the run.
    expect(markedProcesses(mark)).toEqual([]);
  });

  it("exits 1 when a track fails, with its exit code in the summary", async () => {
    const result = await paratrack([
      "run",
      path.join(dir, "fail.yaml"),
      "--headless",
      "--json",
      "--budget",
      "2GB",
      "--data-dir",
      path.join(dir, "data"),
    ]);
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.ok).toBe(false);
    expect(summary.run.status).toBe("failed");
    expect(summary.tracks.map((t) => [t.key, t.status, t.exitCodes])).toEqual([
      ["A", "completed", [0]],
      ["B", "failed", [3]],
      ["C", "pending", []],
    ]);
    expect(Date.parse(summary.tracks[1]!.startedAt!)).toBeGreaterThanOrEqual(
      Date.parse(summary.tracks[0]!.endedAt!),
    );
    expect(result.stderr).toContain("B failed");
    expect(markedProcesses(mark)).toEqual([]);
  });

  it("exits 1 on a plan with errors, printing them, without starting anything", async () => {
    const file = path.join(dir, "bad.yaml");
    const result = await paratrack(["run", file, "--headless", "--data-dir", path.join(dir, "bad-data")]);
    expect(result.code).toBe(1);
    // On stderr, as other CLIs say why they did nothing: stdout is for the run's display (or its JSON).
    expect(result.stderr).toMatch(new RegExp(`${file}:5:\\d+ error .*cycle`));
    expect(result.stderr).toContain("invalid plan, nothing started");
    expect(result.stdout).toBe("");
  });

  it("on one Ctrl-C to the terminal's process group (npm run passes it on: it arrives twice) ends every agent, one that ignores SIGTERM too, and prints the summary", async () => {
    const ignoring = path.join(dir, "ignoring.yaml");
    writeFileSync(
      ignoring,
      [
        "name: ignoring",
        "tracks:",
        "  - key: A",
        `    command: node ${path.join(repoRoot, "demo/agent.mjs")} --mb 20 --seconds 60 --ignore-term --tick-ms 100`,
        `    env: { PT_TEST_MARK: "${mark}" }`,
        "",
      ].join("\n"),
    );
    // Its own process group, as a terminal's foreground job: npm, its shell and the CLI all get the signal, and npm
    // passes it on. (Not tsx's command line: its parent SIGKILLs a child slow to confirm a signal; see tsx-loader.ts.)
    const child = spawn(
      "npm",
      [
        "run",
        "--silent",
        "paratrack",
        "--",
        "run",
        ignoring,
        "--headless",
        "--json",
        "--data-dir",
        path.join(dir, "data-int"),
      ],
      { cwd: repoRoot, env: { ...process.env, SAMPLE_INTERVAL_MS: "200" }, detached: true },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // "close", not "exit": the output is read to its end first.
    const exited = new Promise<string>((resolve) =>
      child.on("close", (code, signal) => resolve(String(code ?? signal))),
    );
    try {
      // Well into its work (its SIGTERM trap set), as a lead presses Ctrl-C.
      await expect.poll(() => /A running [1-9]\d%/.test(stderr), { timeout: 30_000 }).toBe(true);
      await expect.poll(() => markedProcesses(mark).length, { timeout: 10_000 }).toBeGreaterThan(0);
      process.kill(-child.pid!, "SIGINT");
      // The CLI exits 130; npm then ends by the same signal (a shell shows 130 for either).
      expect(["130", "SIGINT"]).toContain(await exited);
    } finally {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {}
    }
    expect(stderr).toContain("interrupted (SIGINT): stopping every agent");
    const summary = JSON.parse(stdout) as RunSummary;
    expect(summary.run.status).toBe("stopped");
    // The agent trapped SIGTERM: it was killed after the grace, not left running.
    expect(summary.tracks[0]).toMatchObject({ status: "stopped" });
    await expect.poll(() => markedProcesses(mark), { timeout: 10_000 }).toEqual([]);
  });

  it("refuses a data directory another Paratrack owns in one line, exit 2, leaving the owner alone", async () => {
    const owned = mkdtempSync(path.join(tmpdir(), "paratrack-owned-"));
    // The owner: a live process whose pid is in the owner file, as a running server's is.
    const owner = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => owner.once("spawn", resolve));
      writeFileSync(path.join(owned, "paratrack.db.owner"), `${owner.pid}\n`);
      const result = await paratrack(["run", path.join(dir, "ok.yaml"), "--headless", "--data-dir", owned]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `cannot start: the database is in use by another Paratrack process (pid ${owner.pid}`,
      );
      expect(result.stdout + result.stderr).not.toMatch(/^\s+at /m); // no stack trace
      expect(owner.exitCode).toBeNull();
    } finally {
      owner.kill("SIGKILL");
      rmSync(owned, { recursive: true, force: true });
    }
  });

  it("exits 2 on usage errors and when the dashboard has no production build", async () => {
    const json = await paratrack(["run", path.join(dir, "ok.yaml"), "--json"]);
    expect(json.code).toBe(2);
    expect(json.stderr).toContain("--json needs --headless");
    const noBuild = await paratrack(["run", path.join(dir, "ok.yaml")], {
      NEXT_DIST_DIR: ".next-does-not-exist",
    });
    expect(noBuild.code).toBe(2);
    expect(noBuild.stderr).toContain("no production build");
    expect(noBuild.stderr).toContain("npm run build");
  });
});

describe("paratrack run <plan> (the dashboard)", SLOW, () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "paratrack-run-plan-"));
    writeFileSync(
      path.join(dir, "bad.yaml"),
      ["name: bad", "tracks:", "  - key: A", "    command: x", "    dependsOn: [A]", ""].join("\n"),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // No build here: should the check be missed, the command says so instead of starting a server.
  const noBuild = { NEXT_DIST_DIR: ".next-does-not-exist" };

  it("refuses a plan it cannot read (a directory, a missing file) with exit 2 before starting a server", async () => {
    const directory = await paratrack(["run", dir], noBuild);
    expect(directory.stderr).toContain(`paratrack: ${dir} is not a regular file (a directory)`);
    expect(directory.stderr).not.toContain("no production build");
    expect(directory.code).toBe(2);
    const missing = await paratrack(["run", path.join(dir, "missing.yaml")], noBuild);
    expect(missing.stderr).toContain("no such file");
    expect(missing.code).toBe(2);
  });

  it("refuses an invalid plan with its errors and exit 1 before starting a server", async () => {
    const file = path.join(dir, "bad.yaml");
    const result = await paratrack(["run", file], noBuild);
    expect(result.stderr).toMatch(new RegExp(`${file}:5:\\d+ error .*cycle`));
    expect(result.stderr).toContain(`${file}: invalid plan, nothing started`);
    expect(result.stderr).not.toContain("no production build");
    expect(result.code).toBe(1);
  });
});
