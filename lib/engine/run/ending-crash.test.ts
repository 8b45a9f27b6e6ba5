// kill -9 of the server while it ends a track's agents on purpose (the lead's pause that frees memory, stop or
// restart; the governor's requeue is the same move): the agent exits during its grace while no server runs. The next
// server must carry out the intent, not take the exit (0 here) for the track's own end and call it completed.
// Real engine, a real agent under the shim that traps SIGTERM, a real SQLite file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it, onTestFinished } from "vitest";
import { markedProcesses } from "../../../test/support/marked-processes";
import { orphanPlan } from "../../../test/support/orphan-plan";
import { until } from "../../../test/support/until";
import { listRunEvents } from "../../db/events";
import { getRun } from "../../db/runs";
import { createRealEngine, type RealEngine } from "../real-engine";

let engine: RealEngine | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await engine?.close(); // ends the agents
  engine = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

/** Runs the fixture that dies mid-ending, then a new engine on its data directory; returns it and the track. */
async function crashDuring(action: string) {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-ending-crash-"));
  // On SIGTERM it takes 1.5 s and exits 0, like an agent that saves its work and ends cleanly; agent.ready tells
  // the fixture its trap is set.
  const agent = `trap "sleep 1.5; exit 0" TERM; touch agent.ready; while :; do sleep 0.2 & wait $!; done`;
  const plan = `name: ending-crash
ram: { budget: 2GB }
workdir: ${JSON.stringify(dataDir)}
tracks:
  - key: F
    ram: 20MB
    command: '${agent}'
`;
  const crashed = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(__dirname, "ending-crash-fixture.ts"), dataDir, plan, action],
    { cwd: path.resolve(__dirname, "../../.."), encoding: "utf8", timeout: 90_000 },
  );
  expect(crashed.signal, crashed.stderr).toBe("SIGKILL");
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // the agent ends while no server runs
  engine = createRealEngine({ dataDir, env: { SAMPLE_INTERVAL_MS: "250" } });
  await engine.engine.start();
  const run = engine.engine.runs.activeRun()!;
  return { run, track: () => run.tracks.get("F")! };
}

it("a pause that frees memory cut off by kill -9 stays a pause: the track is paused, not completed", async () => {
  const { run, track } = await crashDuring("pause-free-memory");
  await until(() => track().status !== "running", "the track leaves running");
  expect(track().status).toBe("paused");
  expect(track().pauseMode).toBe("checkpoint");
  expect(run.finished).toBe(false);
  expect((await getRun(engine!.db, run.id))?.status).toBe("running");
}, 120_000);

it("a stop cut off by kill -9 stays a stop, and a restart starts the next attempt", async () => {
  const stopped = await crashDuring("stop");
  await until(() => stopped.track().status !== "running", "the track leaves running");
  expect(stopped.track().status).toBe("stopped");
  await engine!.close();
  engine = null;
  rmSync(dataDir!, { recursive: true, force: true });

  const restarted = await crashDuring("restart");
  await until(() => restarted.track().attempts === 2, "the next attempt starts");
  expect(restarted.track().status).toBe("running");
}, 180_000);

it.each([
  ["has another track running", true],
  ["has only this track", false],
])(
  "a stop cut off by kill -9 after the leader ended, the run %s: the child that ignores SIGTERM is ended at the next start",
  async (_, withSecondTrack) => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-ending-orphan-"));
    const mark = `orphan-${process.pid}-${Date.now()}`;
    // With a second track the run goes on; without, it ends with F's stop.
    const second = withSecondTrack ? `  - key: G\n    ram: 20MB\n    command: "sleep 60"\n` : "";
    const plan = orphanPlan(dataDir, mark, second);
    onTestFinished(() => {
      for (const pid of markedProcesses(mark, "node")) process.kill(pid, "SIGKILL"); // a failed test leaves none behind
    });
    const crashed = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(__dirname, "ending-crash-fixture.ts"), dataDir, plan, "stop-after-exit"],
      { cwd: path.resolve(__dirname, "../../.."), encoding: "utf8", timeout: 90_000 },
    );
    expect(crashed.signal, crashed.stderr).toBe("SIGKILL");
    const orphans = markedProcesses(mark, "node");
    expect(orphans.length).toBe(1); // the child outlived its leader and the server
    engine = createRealEngine({ dataDir, env: { SAMPLE_INTERVAL_MS: "250" } });
    await engine.engine.start();
    const run = engine.engine.runs.activeRun()!;
    await until(() => markedProcesses(mark, "node").length === 0, "the orphan is ended", 20_000);
    // The stop is carried out once nothing of the attempt runs.
    await until(() => run.tracks.get("F")!.status === "stopped", "F is stopped");
    await until(() => run.finished === !withSecondTrack, "the run goes on or ends");
    // Recorded once the SIGKILL is seen through.
    const orphanEvents = () => listRunEvents(engine!.db, run.id, ["agent:orphans"]);
    await expect.poll(async () => (await orphanEvents()).length, { timeout: 10_000 }).toBe(1);
    const events = await orphanEvents();
    expect(events[0]!.details).toMatchObject({ pids: orphans, killed: orphans });
    expect(events[0]!.message).toContain("with SIGKILL after the grace");
  },
  120_000,
);
