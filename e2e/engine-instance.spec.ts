// One engine per server process: the engine server.ts creates (and logs at start) is the one Next's separately
// bundled route handlers reach, and an action taken through a route handler reaches the browser through the
// server's Socket.IO push. Two engines would show as a different instanceId, or as a route handler that sees no
// run, or as a pause that no socket ever announces.
import type { WebSocket } from "@playwright/test";
import type { TrackView } from "../lib/domain/views";
import { expect, test } from "./support/fixtures";
import type { RunningServer } from "./support/server";
import {
  apiPids,
  getTrack,
  readProcStates,
  readTrackStatus,
  taggedPids,
  type WrittenPlan,
  writePlan,
} from "./support/tracks";

type HealthBody = { ok: boolean; instanceId?: string };

/** instanceIds from the pino lines `{"instanceId": ..., "msg": "engine started"}` in the server's output, in order. */
function loggedInstanceIds(server: RunningServer): string[] {
  return server
    .log()
    .split("\n")
    .flatMap((line) => {
      if (!line.startsWith("{")) return [];
      try {
        const entry = JSON.parse(line) as { msg?: unknown; instanceId?: unknown };
        return entry.msg === "engine started" && typeof entry.instanceId === "string"
          ? [entry.instanceId]
          : [];
      } catch {
        return [];
      }
    });
}

/** `42["track:updated",{...}]` (Socket.IO over engine.io) → the track, when the frame is that event. */
function readTrackUpdate(payload: string | Buffer): TrackView | null {
  const text = typeof payload === "string" ? payload : payload.toString("utf8");
  const match = /^42(?:\/[^,]*,)?(\[.*\])$/s.exec(text);
  if (!match?.[1]) return null;
  try {
    const [event, data] = JSON.parse(match[1]) as [unknown, unknown];
    return event === "track:updated" ? (data as TrackView) : null;
  } catch {
    return null;
  }
}

let plan: WrittenPlan;
test.beforeEach(() => {
  plan = writePlan("tracks");
});
test.afterEach(() => plan.remove());

test("route handlers and server.ts share one engine: same instanceId, and a route action is pushed over the server's socket", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(150_000);
  const server = await launchServer({ args: ["--plan", plan.file] });

  // The engine server.ts started says who it is in the log; /api/health (a route handler) answers with the same id.
  const health = async () => (await (await request.get(`${server.baseURL}/api/health`)).json()) as HealthBody;
  const logged = loggedInstanceIds(server);
  expect(logged, "server.ts logs one 'engine started' line").toHaveLength(1);
  const first = await health();
  expect(first.ok).toBe(true);
  expect(first.instanceId).toMatch(/^[0-9a-f-]{36}$/);
  expect(first.instanceId).toBe(logged[0]);
  expect(server.instanceId()).toBe(logged[0]);

  // The run server.ts started from --plan is the one the route handlers see.
  await expect.poll(() => readTrackStatus(request, server, "A"), { timeout: 30_000 }).toBe("running");
  await expect.poll(() => taggedPids(server, "A").length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

  // Watch the page's Socket.IO traffic for the push that announces A's pause.
  const pushes: TrackView[] = [];
  let samples = 0;
  page.on("websocket", (ws: WebSocket) => {
    ws.on("framereceived", ({ payload }) => {
      const track = readTrackUpdate(payload);
      if (track) pushes.push(track);
      if (String(payload).startsWith('42["memory:sample"')) samples++;
    });
  });
  let navigations = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  await page.goto(server.baseURL);
  const card = page.getByRole("article", { name: "Alpha Orchestrator" });
  await expect(card.getByTestId("track-status")).toHaveText("Running");
  // The socket is up (memory samples arrive over it) before we act.
  await expect.poll(() => samples, { timeout: 10_000 }).toBeGreaterThan(0);
  const navigationsBefore = navigations;

  // Pause through a route handler, not the page.
  const response = await request.post(`${server.baseURL}/api/tracks/A/pause`, { data: {} });
  expect(response.status(), await response.text()).toBe(200);
  expect(((await response.json()) as TrackView).status).toBe("paused");

  // The engine that owns the agent processes did it (they are the server's descendants, now stopped) ...
  await expect(async () => {
    const pids = [...new Set([...apiPids(await getTrack(request, server, "A")), ...taggedPids(server, "A")])];
    expect(pids.length).toBeGreaterThanOrEqual(2);
    const states = await readProcStates(pids);
    for (const pid of pids) expect(states[pid], `process ${pid}`).toBe("T");
  }).toPass({ timeout: 5_000 });

  // ... and the server's socket told the open page, which shows it without a reload.
  await expect(card.getByTestId("track-status")).toHaveText("Paused by lead", { timeout: 5_000 });
  await expect
    .poll(() => pushes.some((t) => t.key === "A" && t.status === "paused" && t.pausedBy === "lead"), {
      timeout: 5_000,
      message: "a track:updated push with A paused by the lead",
    })
    .toBe(true);
  expect(navigations).toBe(navigationsBefore);

  // The page's own action goes the same way round: resume from the page, seen by a route handler.
  await card.getByRole("button", { name: "Resume track A" }).click();
  await expect.poll(() => readTrackStatus(request, server, "A"), { timeout: 5_000 }).toBe("running");
  await expect(card.getByTestId("track-status")).toHaveText("Running");

  // After a restart a new engine answers, and it is again the one server.ts logged.
  await server.restart();
  const ids = loggedInstanceIds(server);
  expect(ids).toHaveLength(2);
  expect(ids[1]).not.toBe(ids[0]);
  expect((await health()).instanceId).toBe(ids[1]);
  expect(server.instanceId()).toBe(ids[1]);
});
