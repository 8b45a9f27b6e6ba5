// DELETE /api/runs/{id}: an ended run goes with its rows and its agents' logs; a running run, the server's current
// run, "current" and an unknown id are refused, each saying why, and nothing is deleted.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { DeletedRunView } from "@/lib/domain/views";
import { callRoute, type Route, setUpRouteEngine } from "@/test/support/route-engine";
import * as run from "./route";

const QUICK = `name: quick
ram:
  budget: 2GB
tracks:
  - key: A
    ram: 50MB
    duration: 1m
    command: echo "::progress 100" && echo done
`;
const SLOW = `name: slow
ram:
  budget: 2GB
tracks:
  - key: S
    ram: 50MB
    duration: 1h
    command: sleep 60
`;

const live = setUpRouteEngine({
  prefix: "paratrack-delete-run-",
  env: { SAMPLE_INTERVAL_MS: "250" },
  plan: QUICK,
});
let slowId = "";

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// A DELETE sends JSON like every request that changes state (the request guard's rule against cross-site forms).
const call = (method: "GET" | "DELETE", id: string) =>
  callRoute((method === "GET" ? run.GET : run.DELETE) as Route, `/api/runs/${id}`, {
    method,
    params: { id },
    ...(method === "DELETE" ? { body: {} } : {}),
  });
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;
const logDir = (id: string) => path.join(live.dataDir, "logs", id);

beforeAll(async () => {
  await until(() => live.engine.runs.activeRun()?.finished === true, "the quick run to end");
  ({ runId: slowId } = await live.engine.runs.startRun({
    source: SLOW,
    fileName: "slow.yaml",
    baseDir: live.dataDir,
    planPath: null,
  }));
  await until(() => existsSync(logDir(slowId)), "the slow run's agent to start");
}, 40_000);

describe("DELETE /api/runs/{id}", () => {
  it("refuses a running run, 'current' and an unknown id, deleting nothing", async () => {
    const running = await call("DELETE", slowId);
    expect(running.status).toBe(409);
    expect(await errorOf(running)).toBe(
      'run "slow" is still running: stop it first (stop the tracks not done yet: Stop on the overview, or paratrack track stop KEY; it ends when none is left), then delete it',
    );
    const current = await call("DELETE", "current");
    expect(current.status).toBe(400);
    expect(await errorOf(current)).toBe('name the run to delete by its id, not "current"');
    const unknown = await call("DELETE", "00000000-0000-0000-0000-000000000000");
    expect(unknown.status).toBe(404);
    expect((await call("GET", slowId)).status).toBe(200);
    expect((await call("GET", live.runId)).status).toBe(200);
    expect(existsSync(logDir(slowId))).toBe(true);
  });

  it("refuses an ended run with an agent whose end is not recorded (a takeover may have left it running)", async () => {
    const [agent] = await live.db.agent.findMany({ where: { track: { runId: live.runId } } });
    await live.db.agent.update({ where: { id: agent!.id }, data: { endedAt: null } });
    try {
      const refused = await call("DELETE", live.runId);
      expect(refused.status).toBe(409);
      expect(await errorOf(refused)).toMatch(
        /^run "quick" has 1 agent whose end is not recorded \(pid \d+\)/,
      );
      expect(existsSync(logDir(live.runId))).toBe(true);
    } finally {
      await live.db.agent.update({ where: { id: agent!.id }, data: { endedAt: agent!.endedAt } });
    }
  });

  it("deletes an ended run with its records and logs, and leaves the others alone", async () => {
    expect(readdirSync(logDir(live.runId)).length).toBeGreaterThan(0);
    // A Slurm job's output of the run (the executor writes it under DATA_DIR/slurm/<run>).
    const slurmDir = path.join(live.dataDir, "slurm", live.runId);
    mkdirSync(slurmDir, { recursive: true });
    writeFileSync(path.join(slurmDir, "A.out"), "x".repeat(1000));
    expect((await live.engine.listEvents({ limit: 100, runId: live.runId })).length).toBeGreaterThan(0);
    const deleted = await call("DELETE", live.runId);
    expect(deleted.status).toBe(200);
    const body = (await deleted.json()) as DeletedRunView;
    expect(body).toMatchObject({ runId: live.runId, name: "quick", tracks: 1, logsLeft: [] });
    expect(body.logBytes).toBeGreaterThan(1000);

    expect((await call("GET", live.runId)).status).toBe(404);
    expect(existsSync(logDir(live.runId))).toBe(false);
    expect(existsSync(slurmDir)).toBe(false);
    expect(await live.engine.listEvents({ limit: 100, runId: live.runId })).toEqual([]);
    const [recorded] = await live.engine.listEvents({ limit: 1, kindPrefix: "run:deleted" });
    expect(recorded?.message).toMatch(/^Run "quick" \([0-9a-f]{8}\) deleted: 1 track, .+ of agent logs$/);
    // The other run and its agent's log are untouched; deleting again finds nothing.
    expect((await call("GET", slowId)).status).toBe(200);
    expect(existsSync(logDir(slowId))).toBe(true);
    expect((await call("DELETE", live.runId)).status).toBe(404);
  });

  it("refuses the server's current run once it has ended too (until the next run starts)", async () => {
    await live.engine.runs.leadAction("S", "stop");
    await until(() => live.engine.runs.activeRun()?.finished === true, "the slow run to end");
    const current = await call("DELETE", slowId);
    expect(current.status).toBe(409);
    expect(await errorOf(current)).toBe(
      `run "slow" is the server's current run (the overview shows it): it can be deleted once the next run has started`,
    );
    expect(existsSync(logDir(slowId))).toBe(true);
  });
});
