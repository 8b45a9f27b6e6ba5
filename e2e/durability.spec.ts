// Issue #11 end to end: agents outlive the server. kill -9 of the server only; the agents go on under their shims;
// a restarted server re-attaches them within seconds (same pids), a paused track stays paused (state T), an agent
// that finished while no server ran shows its exit, progress lines are counted once, and the run completes. And a
// kill -9 of an agent's shim: another takes over, and the agent's exit status (kept by its keeper) ends the track.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { findShimsServing } from "../lib/agents/served-logs";
import { expect, test } from "./support/fixtures";
import type { RunningServer } from "./support/server";
import { agentPids, apiPids, getEvents, getTrack, readProcStates, readTrackStatus } from "./support/tracks";

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-durable-"));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writePlanFile(name: string, text: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function runStatus(request: Parameters<typeof getTrack>[0], server: RunningServer): Promise<string> {
  const run = (await (await request.get(`${server.baseURL}/api/runs/current`)).json()) as { status: string };
  return run.status;
}

test("kill -9 of the server: agents go on, a restart re-attaches them, paused stays paused, the run completes", async ({
  request,
  launchServer,
}) => {
  test.setTimeout(240_000);
  const plan = writePlanFile(
    "durable",
    `name: durable
maxConcurrent: 3
ram:
  budget: 2GB
tracks:
  - key: A
    ram: 50MB
    # Writes a line every 0.2 s for ~24 s: the writes go on while no server runs (no SIGPIPE).
    command: "i=0; while [ $i -lt 120 ]; do i=$((i+1)); echo \\"::progress $((i * 100 / 120))\\"; sleep 0.2; done"
  - key: B
    ram: 50MB
    command: "i=0; while [ $i -lt 30 ]; do i=$((i+1)); echo tick $i; sleep 0.5; done"
  - key: C
    ram: 50MB
    command: "sleep 5; echo done; exit 0"
`,
  );
  const server = await launchServer({ args: ["--plan", plan], env: { PARATRACK_ON_SHUTDOWN: "stop" } });
  for (const key of ["A", "B", "C"])
    await expect.poll(() => readTrackStatus(request, server, key), { timeout: 30_000 }).toBe("running");
  const pause = await request.post(`${server.baseURL}/api/tracks/B/pause`, { data: {} });
  expect(pause.status(), await pause.text()).toBe(200);
  // A's agent itself (its `sleep 0.2` children come and go); every process of C; B's processes once all stopped
  // (a process list sampled before the pause may name a `sleep 0.5` that ended just before it).
  const before: Record<"A" | "B" | "C", number[]> = {
    A: agentPids(await getTrack(request, server, "A")),
    B: [],
    C: apiPids(await getTrack(request, server, "C")),
  };
  expect(before.A.length).toBeGreaterThan(0);
  await expect
    .poll(async () => {
      before.B = apiPids(await getTrack(request, server, "B"));
      const states = Object.values(await readProcStates(before.B));
      return states.length > 0 && states.every((state) => state === "T");
    })
    .toBe(true);

  // kill -9 of the server process only.
  await server.kill();
  const killedAt = Date.now();
  expect(before.A.every(alive), "A's agent outlives the server").toBe(true);
  // C finishes while no server runs; A keeps writing (it would die of SIGPIPE on a pipe into the dead server).
  await expect.poll(() => before.C.some(alive), { timeout: 15_000 }).toBe(false);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(before.A.every(alive)).toBe(true);

  const restartedAt = Date.now();
  await server.start();
  // Within 5 s of the restart: the same processes, B still paused (state T), C's exit known.
  await expect
    .poll(async () => (await getTrack(request, server, "A")).status, { timeout: 5_000 })
    .toBe("running");
  const a = await getTrack(request, server, "A");
  expect(apiPids(a).filter((pid) => before.A.includes(pid)).length).toBeGreaterThan(0);
  const b = await getTrack(request, server, "B");
  expect([b.status, b.pausedBy]).toEqual(["paused", "lead"]);
  expect(Object.values(await readProcStates(before.B))).toEqual(before.B.map(() => "T"));
  const c = await getTrack(request, server, "C");
  expect(c.status).toBe("completed");
  const cAgent = c.agents.find((agent) => agent.attempt === 1)!;
  expect(cAgent.exitCode).toBe(0);
  // Ended while the server was down: its recorded end predates the restart.
  expect(Date.parse(cAgent.endedAt!)).toBeGreaterThanOrEqual(killedAt - 1_000);
  expect(Date.parse(cAgent.endedAt!)).toBeLessThan(restartedAt);
  const reattached = (await getEvents(request, server)).find((e) => e.kind === "run:reattached");
  expect(reattached?.details).toMatchObject({ reattached: 2, endedWhileDown: 1, interrupted: 0 });

  // The run goes on: resume B, and everything completes.
  expect((await request.post(`${server.baseURL}/api/tracks/B/resume`, { data: {} })).status()).toBe(200);
  await expect.poll(() => runStatus(request, server), { timeout: 120_000 }).toBe("completed");
  expect((await getTrack(request, server, "A")).progress).toBe(100);
});

test("10,000 progress lines across a kill -9 and a restart: none lost, none counted twice", async ({
  request,
  launchServer,
}) => {
  test.setTimeout(300_000);
  const plan = writePlanFile(
    "lines",
    `name: lines
ram:
  budget: 2GB
tracks:
  - key: L
    ram: 50MB
    command: "i=0; while [ $i -lt 10000 ]; do i=$((i+1)); echo \\"::done item $i\\"; if [ $((i % 500)) -eq 0 ]; then sleep 0.5; fi; done"
`,
  );
  const server = await launchServer({ args: ["--plan", plan] });
  await expect.poll(() => readTrackStatus(request, server, "L"), { timeout: 30_000 }).toBe("running");
  const [pid] = apiPids(await getTrack(request, server, "L"));
  // Kill the server in the middle of the stream.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  await server.kill();
  await expect.poll(() => (pid === undefined ? false : alive(pid)), { timeout: 30_000 }).toBe(false);
  await server.start();
  await expect.poll(() => readTrackStatus(request, server, "L"), { timeout: 120_000 }).toBe("completed");
  // Every line once: 10,000 reports from the agent's log, each line's position distinct.
  await expect
    .poll(
      () => {
        const db = new Database(path.join(server.dataDir, "paratrack.db"), { readonly: true });
        try {
          return db
            .prepare(
              `SELECT COUNT(*) AS n, COUNT(DISTINCT lineKey) AS keys FROM Report WHERE agentId IS NOT NULL`,
            )
            .get() as { n: number; keys: number };
        } finally {
          db.close();
        }
      },
      { timeout: 120_000, intervals: [1_000] },
    )
    .toEqual({ n: 10_000, keys: 10_000 });
});

test("kill -9 of an agent's shim: another takes over, and the agent's own exit completes the track, once", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(180_000);
  const go = path.join(dir, "go");
  const plan = writePlanFile(
    "shim",
    `name: shim killed
ram:
  budget: 2GB
tracks:
  - key: K
    name: Kept
    ram: 50MB
    command: "echo ::progress 10; while [ ! -e ${go} ]; do sleep 0.1; done; echo ::progress 100; exit 0"
`,
  );
  const server = await launchServer({ args: ["--plan", plan] });
  await expect.poll(() => readTrackStatus(request, server, "K"), { timeout: 30_000 }).toBe("running");
  const shimOf = () =>
    server
      .processes()
      .filter((p) => p.track === "K" && /paratrack-shim --log /.test(p.command))
      .map((p) => p.pid);
  await expect.poll(shimOf, { timeout: 15_000 }).toHaveLength(1);
  const [first] = shimOf();
  process.kill(first!, "SIGKILL");
  // Another shim serves the agent's log (paratrack-shim --attach), and the agent, untouched, runs on.
  await expect
    .poll(() => findShimsServing(server.dataDir).filter((shim) => shim.shimPid !== first).length, {
      timeout: 15_000,
    })
    .toBe(1);
  expect(await readTrackStatus(request, server, "K")).toBe("running");

  writeFileSync(go, "");
  await expect.poll(() => readTrackStatus(request, server, "K"), { timeout: 60_000 }).toBe("completed");
  const track = await getTrack(request, server, "K");
  // Its exit status came from its keeper: not interrupted, not queued again.
  expect(track.attempts).toBe(1);
  expect(track.agents).toHaveLength(1);
  expect(track.agents[0]).toMatchObject({ exitCode: 0, signal: null, interrupted: null });

  await page.goto(`${server.baseURL}/tracks/K`);
  await expect(page.getByTestId("track-status").first()).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
});
