// A ?runId= that names no run gets a 404 that says where the runs are listed, as /api/conflicts, /api/blockers and
// /api/handoffs answer, not an empty list that reads as "nothing happened in that run".
import { describe, expect, it, vi } from "vitest";
import type { PtEvent } from "@/lib/domain/types";
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

  it("?track= without ?runId= is that track in the current run, not the same key in every run", async () => {
    // Another run's track with the same key (keys repeat from plan to plan).
    await real.db.event.create({
      data: {
        kind: "track:started",
        severity: "info",
        message: "older run's A",
        runId: "older",
        trackKey: "A",
      },
    });
    // The run's own events for A are written behind the run: wait for the first.
    const mine = await vi.waitFor(
      async () => {
        const listed = (await (
          await callRoute(events.GET as Route, "/api/events?track=A")
        ).json()) as PtEvent[];
        expect(listed.length).toBeGreaterThan(0);
        return listed;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(mine.every((event) => event.runId === real.runId && event.trackKey === "A")).toBe(true);
    const older = (await (
      await callRoute(events.GET as Route, "/api/events?track=A&runId=older")
    ).json()) as unknown;
    // A run id that names no stored run is still a 404, with or without a track.
    expect(older).toEqual({ error: 'no run "older" (GET /api/runs lists the runs)' });
  });
});
