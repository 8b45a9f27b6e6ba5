// Every attempt's log: a real engine runs a track that fails, the lead restarts it, and each attempt's whole log
// comes back from the route as a text attachment read from the files the engine recorded (never a request's path).
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { LogLine } from "@/lib/domain/views";
import { callRoute, type Route, setUpRouteEngine } from "@/test/support/route-engine";
import * as logs from "../../../logs/route";
import * as log from "./route";

// F counts its attempts in a file, says so on stdout and stderr, and fails; L keeps the run open.
const real = setUpRouteEngine({
  prefix: "paratrack-attempt-log-",
  env: { SAMPLE_INTERVAL_MS: "250" },
  plan: (dataDir) => {
    const counter = path.join(dataDir, "count");
    return `name: attempt-logs
ram:
  budget: 2GB
tracks:
  - key: F
    ram: 50MB
    duration: 1h
    command: 'n=$(cat ${counter} 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${counter}; echo "attempt $n says hi"; echo "boom $n" >&2; exit 1'
  - key: L
    ram: 50MB
    duration: 1h
    command: sleep 120
`;
  },
});

const statusOf = (key: string) => real.engine.runs.trackViews().find((t) => t.key === key);

async function waitFor(what: string, ok: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function get(route: Route, url: string, params: Record<string, string>) {
  return callRoute(route, url, { params });
}

beforeAll(async () => {
  await waitFor("F's first failure", () => statusOf("F")?.status === "failed");
  await real.engine.runs.leadAction("F", "restart", {});
  await waitFor(
    "F's second failure",
    () => statusOf("F")?.status === "failed" && statusOf("F")?.attempts === 2,
  );
}, 120_000);

describe("GET /api/tracks/{key}/attempts/{attempt}/log", () => {
  it("hands over each attempt's own file as a text attachment named after it", async () => {
    for (const attempt of [1, 2]) {
      const response = await get(log.GET as Route, `/api/tracks/F/attempts/${attempt}/log`, {
        key: "F",
        attempt: String(attempt),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="F-F-${attempt}.log"`);
      const text = await response.text();
      expect(text).toMatch(new RegExp(` out attempt ${attempt} says hi\\n`));
      expect(text).toMatch(new RegExp(` err boom ${attempt}\\n`));
      expect(text).not.toContain(`boom ${3 - attempt}`);
    }
  });

  it("answers 404 for an attempt the track never had, an unknown agent and an unknown track", async () => {
    const missing = await get(log.GET as Route, "/api/tracks/F/attempts/3/log", { key: "F", attempt: "3" });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe("track F has no attempt 3");
    const agent = await get(log.GET as Route, "/api/tracks/F/attempts/1/log?agent=x", {
      key: "F",
      attempt: "1",
    });
    expect(agent.status).toBe(404);
    const track = await get(log.GET as Route, "/api/tracks/Z/attempts/1/log", { key: "Z", attempt: "1" });
    expect(track.status).toBe(404);
    const bad = await get(log.GET as Route, "/api/tracks/F/attempts/..%2Fx/log", {
      key: "F",
      attempt: "../x",
    });
    expect(bad.status).toBe(404);
  });

  it("the tail endpoint takes the attempt too (default: the latest)", async () => {
    const tail = async (query: string) => {
      const response = await get(logs.GET as Route, `/api/tracks/F/logs${query}`, { key: "F" });
      expect(response.status).toBe(200);
      return ((await response.json()) as LogLine[]).map((l) => l.line);
    };
    expect(await tail("?attempt=1")).toContain("boom 1");
    expect(await tail("?attempt=1")).not.toContain("boom 2");
    expect(await tail("")).toContain("boom 2");
    const response = await get(logs.GET as Route, "/api/tracks/F/logs?attempt=7", { key: "F" });
    expect(response.status).toBe(404);
  });
});
