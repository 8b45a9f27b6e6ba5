// A lead's stop or restart of an agent whose leader (sh) dies of the SIGTERM while its child ignores it: the child
// works on through the grace until the SIGKILL. The track is not "stopped", nor its next attempt started in the
// same workdir, until nothing of the attempt runs; its memory is counted meanwhile. A detaching shutdown of the server
// during that grace sees the stop through first.
// Real engine, real agents under the shim, a real SQLite file.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it, onTestFinished } from "vitest";
import { markedProcesses } from "../../../test/support/marked-processes";
import { until } from "../../../test/support/until";
import { createRealEngine, type RealEngine } from "../real-engine";
import type { TrackRuntime } from "../track-runtime";

let engine: RealEngine | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

/** Starts a one-track run whose agent is sh with a node child that ignores SIGTERM; returns the child's pid. */
async function startStubborn(): Promise<{ track: () => TrackRuntime; child: number; mark: string }> {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-ending-tree-"));
  const mark = `ending-tree-${process.pid}-${Date.now()}`;
  onTestFinished(() => {
    for (const pid of markedProcesses(mark, "node")) process.kill(pid, "SIGKILL");
  });
  engine = createRealEngine({ dataDir, env: { SAMPLE_INTERVAL_MS: "200" } });
  await engine.engine.start();
  await engine.engine.runs.startRun({
    source: `name: ending-tree
ram: { budget: 2GB }
workdir: ${JSON.stringify(dataDir)}
tracks:
  - key: F
    ram: 50MB
    command: "node -e 'process.on(\\"SIGTERM\\", () => {}); const b = Buffer.alloc(30e6, 1); require(\\"fs\\").writeFileSync(\\"child.ready\\", \\"\\"); setInterval(() => b[0]++, 100)' & wait"
    env: { PT_TEST_MARK: "${mark}" }
`,
    fileName: "plan.yaml",
    baseDir: dataDir,
    planPath: null,
  });
  const track = () => engine!.engine.runs.activeRun()!.tracks.get("F")!;
  await until(() => markedProcesses(mark, "node").length === 1, "the agent's child runs");
  // Its trap set and its buffer filled (node alone weighs more than the buffer: memory is no sign of the trap).
  await until(() => existsSync(path.join(dataDir!, "child.ready")), "the child has set its trap");
  await until(() => track().currentBytes > 25e6, "the child's memory is counted");
  return { track, child: markedProcesses(mark, "node")[0]!, mark };
}

const alive = (pid: number) => {
  try {
    return /^\d+ \(node\) [^Z]/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

it("a stop: the track stays running, its memory counted, until the child is killed; then it is stopped", async () => {
  const { track, child } = await startStubborn();
  const stopping = engine!.engine.runs.leadAction("F", "stop");
  let stoppedWhileAlive = false;
  let countedAfterLeaderDied = false;
  while (alive(child)) {
    if (track().status === "stopped") stoppedWhileAlive = true;
    if (track().agents[0]?.exit && track().currentBytes > 25e6) countedAfterLeaderDied = true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stopping;
  expect(stoppedWhileAlive).toBe(false);
  expect(countedAfterLeaderDied).toBe(true);
  expect(track().status).toBe("stopped");
}, 60_000);

it("a restart: the next attempt starts only once the previous attempt's child is gone", async () => {
  const { track, child } = await startStubborn();
  const restarting = engine!.engine.runs.leadAction("F", "restart");
  let overlapped = false;
  while (alive(child)) {
    if (track().attempts === 2) overlapped = true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await restarting;
  expect(overlapped).toBe(false);
  expect(track().attempts).toBe(2);
  expect(track().status).toBe("running");
}, 60_000);

// The server stops leaving its agents running (detach: SIGTERM, Ctrl-C, an upgrade) during the stop's grace: the
// stop is seen through before the server goes, not left undone until a next start that may never come.
it("a detaching shutdown during a stop's grace ends the child and stores the track stopped", async () => {
  const { track, child } = await startStubborn();
  const stopping = engine!.engine.runs.leadAction("F", "stop").catch(() => undefined);
  await until(() => track().agents[0]?.exit != null, "the leader has exited");
  expect(alive(child)).toBe(true);

  await engine!.engine.stop({ agents: "detach" });
  const stored = await engine!.db.track.findFirst({ where: { key: "F" } });
  const childAfter = alive(child);
  await stopping;
  expect(childAfter).toBe(false);
  expect(stored?.status).toBe("stopped");
}, 60_000);
