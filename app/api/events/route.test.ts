// A ?runId= that names no run gets a 404 that says where the runs are listed, as /api/conflicts, /api/blockers and
// /api/handoffs answer, not an empty list that reads as "nothing happened in that run".
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRealEngine, type RealEngine } from "@/lib/engine/real-engine";
import { registerEngine } from "@/lib/engine/registry";
import * as trackMemory from "../memory/tracks/route";
import * as events from "./route";

type Route = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

let real: RealEngine;
let dataDir: string;
let runId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-events-route-"));
  real = createRealEngine({ dataDir, env: { SAMPLE_INTERVAL_MS: "250" } });
  registerEngine(real.engine);
  await real.engine.start();
  await real.engine.runs.startRun({
    source:
      "name: events-route\nram:\n  budget: 1GB\ntracks:\n  - key: A\n    ram: 50MB\n    command: exit 0\n",
    fileName: "plan.yaml",
    baseDir: dataDir,
    planPath: null,
  });
  runId = real.engine.runs.activeRun()!.id;
}, 60_000);

afterAll(async () => {
  registerEngine(undefined);
  await real?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

const get = (route: Route, url: string) =>
  route(new Request(`http://127.0.0.1:3000${url}`, { headers: { host: "127.0.0.1:3000" } }), {
    params: Promise.resolve({}),
  });

describe("GET /api/events and /api/memory/tracks with ?runId=", () => {
  it.each([
    ["/api/events", events.GET],
    ["/api/memory/tracks", trackMemory.GET],
  ])("%s answers 404 for a run id that names no run", async (url, route) => {
    const response = await get(route as Route, `${url}?runId=nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'no run "nope" (GET /api/runs lists the runs)' });
  });

  it.each([
    ["/api/events", events.GET],
    ["/api/memory/tracks", trackMemory.GET],
  ])("%s still answers for a run that exists, and without runId", async (url, route) => {
    for (const search of [`?runId=${runId}`, ""]) {
      const response = await get(route as Route, `${url}${search}`);
      expect(response.status, search).toBe(200);
      expect(Array.isArray(await response.json())).toBe(true);
    }
  });
});
