// The engine with real processes and a real database: dependencies, crashes, lead actions.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listConflicts } from "../db/conflicts";
import { createRealEngine, type RealEngine, waitForRunEnd } from "./real-engine";

let current: RealEngine | null = null;
let dir = "";

afterEach(async () => {
  await current?.close();
  current = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string> = {}) {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-engine-"));
  // A budget makes the zone independent of whatever else the machine is running (the hard floor still applies).
  current = createRealEngine({ dataDir: dir, env: { SAMPLE_INTERVAL_MS: "200", RAM_BUDGET: "4GB", ...env } });
  return current.engine;
}

const plan = (tracks: string) => `name: test\nram:\n  budget: auto\ntracks:\n${tracks}`;

/** Starts a plan of these tracks (YAML list items) on the engine, from the test's directory. */
function startPlan(engine: RealEngine["engine"], tracks: string, fileName = "plan.yaml") {
  return engine.runs.startRun({ source: plan(tracks), fileName, baseDir: dir, planPath: null });
}

/** The pid a test process writes to `file`, once it has (within 20 s). */
async function pidWritten(file: string): Promise<number> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    let pid = Number.NaN;
    try {
      pid = Number.parseInt(readFileSync(file, "utf8"), 10); // NaN while the file is still empty
    } catch {}
    if (!Number.isNaN(pid)) return pid;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no pid in ${file} within 20 s`);
}

/** Polls `check` every 50 ms until it holds; throws after `timeoutMs`, naming `what`. */
async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs / 1000} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? null;
  } catch {
    return null;
  }
}

describe("run controller with real agents", () => {
  it("starts a dependent track only after its dependency completed, and fails a crashing track with its exit code", async () => {
    const engine = start();
    await engine.start();
    await startPlan(
      engine,
      `  - key: A
    ram: 50MB
    command: "echo ::progress 50; sleep 1; echo ::progress 100"
  - key: B
    ram: 50MB
    dependsOn: [A]
    command: "echo ::progress 100"
  - key: C
    ram: 50MB
    command: "sleep 0.3; exit 3"
  - key: D
    ram: 50MB
    dependsOn: [C]
    command: "echo never"
`,
    );
    await waitForRunEnd(engine, 30_000);
    const tracks = Object.fromEntries(engine.runs.trackViews().map((t) => [t.key, t]));
    expect(tracks.A?.status).toBe("completed");
    expect(tracks.B?.status).toBe("completed");
    expect(Date.parse(tracks.B!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(tracks.A!.endedAt!));
    expect(tracks.C?.status).toBe("failed");
    expect(tracks.C?.exitSummary).toBe("exit code 3");
    expect(tracks.D?.status).toBe("pending");
    expect(tracks.D?.waitReason).toContain("dependency C failed");
    const run = await engine.queries.runView();
    expect(run?.status).toBe("failed");
  });

  it("pauses every process of a track with SIGSTOP and resumes it, refusing actions the state does not allow", async () => {
    const engine = start();
    await engine.start();
    await startPlan(
      engine,
      `  - key: A
    ram: 200MB
    command: node ${path.resolve("demo/agent.mjs")} --mb 60 --child-mb 20 --seconds 20 --steps 2
`,
    );
    await waitFor(() => engine.runs.agentSlots("A")[0]?.pids.length === 4, "A's four processes");
    const pids = engine.runs.agentSlots("A")[0]!.pids;
    expect(pids).toHaveLength(4); // the agent's keeper → sh → node → node

    const paused = await engine.runs.leadAction("A", "pause");
    expect(paused.status).toBe("paused");
    expect(paused.pausedBy).toBe("lead");
    expect(pids.map(procState)).toEqual(["T", "T", "T", "T"]);
    await expect(engine.runs.leadAction("A", "pause")).rejects.toThrow(
      "cannot pause a track that is paused already",
    );

    const resumed = await engine.runs.leadAction("A", "resume");
    expect(resumed.status).toBe("running");
    expect(pids.map(procState).filter((s) => s === "T")).toEqual([]);

    const stopped = await engine.runs.leadAction("A", "stop");
    expect(stopped.status).toBe("stopped");
    expect(pids.map(procState).filter((s) => s !== null && s !== "Z")).toEqual([]);
    await expect(engine.runs.leadAction("nope", "pause")).rejects.toThrow('no track "nope"');
  });

  it("detects overlapping work from ::touch, pauses the losing track and logs the resolution", async () => {
    const engine = start();
    await engine.start();
    await startPlan(
      engine,
      `  - key: A
    priority: critical
    ram: 50MB
    scope: ["src/a/**"]
    command: "sleep 1; echo ::touch src/b/shared.ts; sleep 2"
  - key: B
    priority: standard
    ram: 50MB
    scope: ["src/b/**"]
    command: "sleep 20"
`,
    );
    const trackB = () => engine.runs.trackViews().find((t) => t.key === "B");
    await waitFor(() => trackB()?.status === "paused", "B paused");
    expect(trackB()?.pausedBy).toBe("conflict");
    const conflicts = await listConflicts(current!.db, engine.runs.activeRun()!.id);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      kind: "overlapping-work",
      severity: "critical",
      trackKeys: ["A", "B"],
    });
    expect(conflicts[0]?.resolution).toMatch(/^pause B; A keeps /);
    const pids = engine.runs.agentSlots("B")[0]!.pids;
    expect(pids.map(procState).every((s) => s === "T")).toBe(true);
    await engine.runs.leadAction("B", "stop");
  });

  it("pauses both tracks of a ::touch conflict no criterion decides; the lead's ruling on it reassigns the file and resumes them", async () => {
    const engine = start();
    await engine.start();
    await startPlan(
      engine,
      `  - key: A
    ram: 50MB
    scope: ["src/**"]
    command: "sleep 1; echo ::touch src/x.ts; sleep 30"
  - key: B
    ram: 50MB
    scope: ["src/**", "docs/**"]
    command: "sleep 30"
`,
    );
    const track = (key: string) => engine.runs.trackViews().find((t) => t.key === key);
    await waitFor(() => track("A")?.status === "paused" && track("B")?.status === "paused", "A and B paused");
    // Same tier, priority, progress and scope clarity: the seed's steps say both hold until the lead rules.
    expect([track("A")?.pausedBy, track("B")?.pausedBy]).toEqual(["conflict", "conflict"]);
    const [open] = await engine.coordination.conflicts();
    expect(open).toMatchObject({ source: "touch", state: "open", files: ["src/x.ts"] });
    await expect(
      engine.runs.coordination.resolveConflict(open!.id, {
        option: "keep-paused-until-rebase",
        resume: "A",
        hold: "B",
      }),
    ).rejects.toThrow(/nothing to rebase/);
    const settled = await engine.runs.coordination.resolveConflict(open!.id, {
      option: "reassign-files",
      trackKey: "A",
    });
    expect(settled).toMatchObject({ state: "resolved", resolvedBy: "lead" });
    await waitFor(
      () => track("A")?.status === "running" && track("B")?.status === "running",
      "A and B resumed",
    );
    // The file is A's alone now.
    expect(engine.runs.activeRun()!.plan.tracks.find((t) => t.key === "B")?.scope).toContain("!src/x.ts");
    await engine.runs.leadAction("A", "stop");
    await engine.runs.leadAction("B", "stop");
  });

  it("rejects an invalid plan with every error and starts nothing", async () => {
    const engine = start();
    await engine.start();
    await expect(
      startPlan(
        engine,
        `  - key: A
    ram: lots
    command: x
  - key: A
    dependsOn: [Z]
    command: y
`,
        "bad.yaml",
      ),
    ).rejects.toMatchObject({ status: 400 });
    expect(engine.runs.activeRun()).toBeNull();
  });

  it("cancels a quality gate still running at shutdown, with what it started, and says so", async () => {
    const engine = start();
    await engine.start();
    await startPlan(
      engine,
      `  - key: G
    ram: 50MB
    command: "echo ::progress 100"
    test: "sleep 30 & echo $! > gate-child.pid; wait"
`,
    );
    const gateChild = await pidWritten(path.join(dir, "gate-child.pid"));
    expect(engine.runs.trackViews()[0]?.testStatus).toBe("running");
    await engine.runs.shutdown("test over");
    expect(engine.runs.trackViews()[0]?.testStatus).toBe("cancelled");
    const gateEvents = await engine.listEvents({ limit: 20 });
    expect(gateEvents.find((e) => e.kind === "track:test")?.message).toMatch(
      /G was cancelled.*cancelled, killed by SIGTERM/,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([null, "Z"]).toContain(procState(gateChild));
  });

  it("ends a quality gate still testing a completed track when the lead restarts it; the new attempt gets its own", async () => {
    const engine = start();
    await engine.start();
    // The first gate writes its pid and sleeps; the next one passes at once. H keeps the run open.
    await startPlan(
      engine,
      `  - key: G
    ram: 50MB
    command: "echo ::progress 100"
    test: "if [ -e gate1.pid ]; then exit 0; fi; echo $$ > gate1.pid.tmp; mv gate1.pid.tmp gate1.pid; exec sleep 30"
  - key: H
    ram: 50MB
    command: "sleep 60"
`,
    );
    const g = () => engine.runs.trackViews().find((t) => t.key === "G")!;
    const firstGate = await pidWritten(path.join(dir, "gate1.pid"));
    expect(g().testStatus).toBe("running");

    await engine.runs.leadAction("G", "restart");
    // Ended before the new attempt's agents started, not left testing beside them.
    expect([null, "Z"]).toContain(procState(firstGate));
    await waitFor(() => g().attempts === 2 && g().testStatus === "passed", "the new attempt's gate passes");
    const events = await engine.listEvents({ limit: 50 });
    const gates = events.filter((e) => e.kind === "track:test" && e.trackKey === "G").map((e) => e.message);
    expect(gates).toHaveLength(2);
    expect(gates).toContainEqual(expect.stringMatching(/G was cancelled \(attempt 2 of track G begins\)/));
    expect(gates).toContainEqual(expect.stringMatching(/G passed/));
    // The cancelled verdict was the first attempt's: the second's stands.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(g().testStatus).toBe("passed");
  });
});
