// Two runs left "running" in the database (two starts that raced, before starts were serialised): the restart takes
// the newer one over, and the older one's agents, real processes under their shims, must not live on unwatched.
// Real engines, real shim processes, one SQLite file.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { until } from "../../../test/support/until";
import { listRunAgents } from "../../db/agents";
import { listRunEvents } from "../../db/events";
import { createRun, getRun } from "../../db/runs";
import { createRealEngine, type RealEngine } from "../real-engine";
import { shimsOf } from "./shim-pids";

let current: RealEngine | null = null;
let dir = "";

afterEach(async () => {
  await current?.close();
  current = null;
  if (dir) {
    for (const pid of shimsOf(dir)) process.kill(pid, "SIGKILL"); // only if the engine left one behind
    rmSync(dir, { recursive: true, force: true });
  }
  dir = "";
});

/** Whether the pid runs (a zombie counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

const PLAN = `name: older
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 20MB
    command: sleep 600
`;

it("stops the live agents of an older run it does not take over, and names them in an agent:orphans event", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-superseded-"));
  current = createRealEngine({ dataDir: dir, env: { SAMPLE_INTERVAL_MS: "250" } });
  const input = { source: PLAN, fileName: "plan.yaml", baseDir: dir, planPath: null, override: "test" };
  await current.engine.start();
  const { runId: olderId } = await current.engine.runs.startRun(input);
  const status = () => current!.engine.runs.trackViews().find((t) => t.key === "A")?.status;
  await until(() => status() === "running", "A running");
  const pidOf = async (runId: string) =>
    (await listRunAgents(current!.db, runId)).find((a) => a.identity)?.identity?.pid ?? null;
  await until(async () => (await pidOf(olderId)) !== null, "A's process stored");
  const pid = (await pidOf(olderId))!;
  expect(alive(pid)).toBe(true);

  // The server stops, leaving its agents (paratrack stop --detach); a second run of the same plan is stored as running
  // beside the first, never launched (its track ready).
  const older = (await getRun(current.db, olderId))!;
  await current.engine.stop({ agents: "detach" });
  const newerId = randomUUID();
  await createRun(current.db, {
    id: newerId,
    name: "newer",
    planSource: PLAN,
    planPath: null,
    plan: { ...older.plan, name: "newer" },
    budgetBytes: older.budgetBytes,
    schedule: null,
    tracks: [{ id: randomUUID(), key: "A", name: "A", position: 0, status: "ready" }],
  });
  await current.db.$disconnect();
  current = null;
  expect(alive(pid)).toBe(true);

  current = createRealEngine({ dataDir: dir, env: { SAMPLE_INTERVAL_MS: "250" } });
  await current.engine.start();
  expect(current.engine.runs.activeRun()?.id).toBe(newerId);
  expect(alive(pid)).toBe(false);
  expect((await getRun(current.db, olderId))?.status).toBe("stopped");
  const [row] = await listRunAgents(current.db, olderId);
  expect(row?.endedAt).not.toBeNull();
  const orphans = await listRunEvents(current.db, olderId, ["agent:orphans"]);
  expect(orphans).toHaveLength(1);
  expect(orphans[0]?.details).toMatchObject({ agent: "A", attempt: 1, pids: expect.arrayContaining([pid]) });
  expect(orphans[0]?.message).toMatch(
    /^Run "older", track A: agent A \(attempt 1\) still ran though the run was not taken over: a newer run was still running; stopped: pid /,
  );
}, 120_000);
