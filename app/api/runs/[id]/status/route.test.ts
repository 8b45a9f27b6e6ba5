// The routes that act on the live run (write its daily status, start its integration, set its budget) name it in
// their path: "current" or its id. Any other id gets a 404 and changes nothing, instead of acting on the live run.
import { describe, expect, it } from "vitest";
import { callRoute, type Route, setUpRouteEngine } from "@/test/support/route-engine";
import * as budget from "../budget/route";
import * as integration from "../integration/route";
import * as status from "./route";

const live = setUpRouteEngine({
  prefix: "paratrack-live-run-routes-",
  env: { SAMPLE_INTERVAL_MS: "250" },
  plan: `name: live-run-routes
ram:
  budget: 2GB
tracks:
  - key: A
    ram: 50MB
    duration: 1h
    command: sleep 60
`,
});

function call(route: Route, method: string, url: string, id: string, body: unknown = {}) {
  return callRoute(route, url, { method, params: { id }, body: method === "GET" ? undefined : body });
}

const storedDays = async () =>
  (await (
    await call(status.GET as Route, "GET", `/api/runs/${live.runId}/status`, live.runId)
  ).json()) as unknown[];

/** The stored days once the write-behind queue has had time to write what the requests produced. */
async function storedDaysAfterWrites(expected: number): Promise<unknown[]> {
  const deadline = Date.now() + 2000;
  let days = await storedDays();
  while (days.length !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    days = await storedDays();
  }
  return days;
}

describe("POST /api/runs/{id}/status, /integration, /budget with an id that is not the live run's", () => {
  it("write nothing for an unknown id and say which id to use", async () => {
    for (const id of ["nope", "00000000-0000-0000-0000-000000000000"]) {
      const response = await call(status.POST as Route, "POST", `/api/runs/${id}/status`, id);
      expect(response.status).toBe(404);
      const { error } = (await response.json()) as { error: string };
      expect(error).toContain(`run "${id}" is not the live run`);
      expect(error).toContain(live.runId);
    }
    // Given time to appear, no document was written.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await storedDays()).toEqual([]);
  });

  it("start no integration for an unknown id", async () => {
    const response = await call(integration.POST as Route, "POST", "/api/runs/nope/integration", "nope");
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toContain('"current"');
  });

  it("set no budget for an unknown id", async () => {
    const response = await call(budget.POST as Route, "POST", "/api/runs/nope/budget", "nope", {
      maxCostUsd: 5,
    });
    expect(response.status).toBe(404);
  });

  it("still write the live run's status by its id or as current", async () => {
    for (const id of [live.runId, "current"]) {
      const response = await call(status.POST as Route, "POST", `/api/runs/${id}/status`, id);
      expect(response.status).toBe(200);
    }
    expect(await storedDaysAfterWrites(1)).toHaveLength(1);
  });
});
