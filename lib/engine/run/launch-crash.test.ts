// kill -9 of the server while it starts a track's agents: the agents run, but the server died before storing their
// processes. The next server must find those agents (by the log paths stored before the launch) and adopt them,
// never start the track again beside them (two copies of the same work, the first ones unwatched). Real engine,
// real shim processes, real SQLite file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { until } from "../../../test/support/until";
import { listRunAgents } from "../../db/agents";
import { listRunEvents } from "../../db/events";
import { createRealEngine, type RealEngine } from "../real-engine";
import { shimsOf } from "./shim-pids";

let engine: RealEngine | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await engine?.close(); // ends the agents
  engine = null;
  if (dataDir) {
    for (const pid of shimsOf(dataDir)) process.kill(pid, "SIGKILL"); // only if the engine did not adopt them
    rmSync(dataDir, { recursive: true, force: true });
  }
  dataDir = null;
});

it("adopts the agents a killed server had started but not stored, instead of starting them twice", async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-launch-crash-"));
  const work = path.join(dataDir, "work.txt");
  const loop = (name: string) =>
    `i=0; while [ $i -lt 600 ]; do i=$((i+1)); echo "${name} $$ $i" >> ${work}; sleep 0.2; done`;
  const plan = `name: launch-crash
ram: { budget: 2GB }
tracks:
  - key: W
    ram: 20MB
    agents:
      - { name: a1, command: '${loop("a1")}' }
      - { name: a2, command: '${loop("a2")}' }
`;
  const fixture = path.join(__dirname, "launch-crash-fixture.ts");
  const crashed = spawnSync(process.execPath, ["--import", "tsx", fixture, dataDir, plan, "2"], {
    cwd: path.resolve(__dirname, "../../.."),
    encoding: "utf8",
    timeout: 90_000,
  });
  expect(crashed.signal, crashed.stderr).toBe("SIGKILL");
  const started = shimsOf(dataDir);
  expect(started).toHaveLength(2);

  engine = createRealEngine({ dataDir, env: { SAMPLE_INTERVAL_MS: "250" } });
  await engine.engine.start();
  const runId = engine.engine.runs.activeRun()!.id;
  const [reattached] = await listRunEvents(engine.db, runId, ["run:reattached"]);
  expect(reattached?.details).toMatchObject({ reattached: 2, interrupted: 0 });
  // A few governor ticks: the track is not started again, and the same two shims are the only ones.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(shimsOf(dataDir)).toEqual(started);
  const agents = await listRunAgents(engine.db, runId);
  expect(agents.map((a) => [a.name, a.attempt, a.identity?.shimPid])).toEqual(
    expect.arrayContaining([
      ["a1", 1, expect.any(Number)],
      ["a2", 1, expect.any(Number)],
    ]),
  );
  expect(agents).toHaveLength(2);
  expect(agents.map((a) => a.identity!.shimPid).sort((a, b) => a - b)).toEqual(started);
  // Each agent's work comes from one process.
  await until(() => readFileSync(work, "utf8").split("\n").length > 10, "the agents write");
  const writers = new Map<string, Set<string>>();
  for (const line of readFileSync(work, "utf8").trim().split("\n")) {
    const [name, pid] = line.split(" ");
    writers.set(name!, (writers.get(name!) ?? new Set()).add(pid!));
  }
  expect([...writers.values()].map((pids) => pids.size)).toEqual([1, 1]);
  expect(engine.engine.runs.activeRun()?.tracks.get("W")?.status).toBe("running");
}, 120_000);
