// A ?runId= that names no run gets a 404 that says where the runs are listed, as /api/conflicts, /api/blockers and
// /api/handoffs answer, not an empty list that reads as "nothing happened in that run".
import { describe, expect, it } from "vitest";
import { callRoute, type Route, setUpRouteEngine } from "@/test/support/route-engine";
import * as trackMemory from "../memory/tracks/route";
import * as events from "./route";

const real = setUpRouteEngine({
  prefix: "paratrack-events-route-",
  env: { SAMPLE_INTERVAL_MS: "250" },
  plan: "name: events-route\nram:\n  budget: 1GB\ntracks:\n  - key: A\n    ram: 50MB\n    command: exit 0\n",
});

describe("GET /api/events and /api/memory/tracks with ?runId=", () => {
  it.each([
    ["/api/events", events.GET],
    ["/api/memory/tracks", trackMemory.GET],
  ])("%s answers 404 for a run id that names no run", async (url, route) => {
    const response = await callRoute(route as Route, `${url}?runId=nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'no run "nope" (GET /api/runs lists the runs)' });
  });

  it.each([
    ["/api/events", events.GET],
    ["/api/memory/tracks", trackMemory.GET],
  ])("%s still answers for a run that exists, and without runId", async (url, route) => {
    for (const search of [`?runId=${real.runId}`, ""]) {
      const response = await callRoute(route as Route, `${url}${search}`);
      expect(response.status, search).toBe(200);
      expect(Array.isArray(await response.json())).toBe(true);
    }
  });

  it.each([
    ["/api/events", events.GET],
    ["/api/memory/tracks", trackMemory.GET],
  ])("%s takes runId=current as the live run, as path parameters do", async (url, route) => {
    const response = await callRoute(route as Route, `${url}?runId=current`);
    expect(response.status).toBe(200);
    const items = (await response.json()) as { runId?: string }[];
    if (url === "/api/events") {
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((item) => item.runId === real.runId)).toBe(true);
    } else expect(Array.isArray(items)).toBe(true);
  });
});
