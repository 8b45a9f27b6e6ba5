// Real answers match their contracts: a real engine (SQLite file, real memory sampling, real agent processes) runs a
// small plan, the route handlers answer in process, and every JSON body is parsed with its endpoint's response
// schema. The schemas are strict objects, so a field the server adds, renames or drops fails here too.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { CONTRACTS } from "@/lib/contracts";
import type { Endpoint } from "@/lib/contracts/endpoint";
import { trackViewSchema } from "@/lib/contracts/views/tracks";
import { trackReportToken } from "@/lib/security/report-tokens";
import { callRoute, type Route, setUpRouteEngine } from "@/test/support/route-engine";
import * as blockers from "./blockers/route";
import * as conflicts from "./conflicts/route";
import * as events from "./events/route";
import * as governor from "./governor/route";
import * as handoffs from "./handoffs/route";
import * as health from "./health/route";
import * as memoryHistory from "./memory/history/route";
import * as memory from "./memory/route";
import * as trackMemory from "./memory/tracks/route";
import * as openApi from "./openapi.json/route";
import * as whatIf from "./plan/what-if/route";
import * as gantt from "./runs/[id]/gantt/route";
import * as integration from "./runs/[id]/integration/route";
import * as metrics from "./runs/[id]/metrics/route";
import * as phases from "./runs/[id]/phases/route";
import * as retrospective from "./runs/[id]/retrospective/route";
import * as run from "./runs/[id]/route";
import * as statusDays from "./runs/[id]/status/route";
import * as runs from "./runs/route";
import * as action from "./tracks/[key]/[action]/route";
import * as logs from "./tracks/[key]/logs/route";
import * as report from "./tracks/[key]/report/route";
import * as track from "./tracks/[key]/route";
import * as trackStatus from "./tracks/[key]/status/route";
import * as tracks from "./tracks/route";

const agent = path.resolve("demo/agent.mjs");

// A runs on; C completes in about a second; B waits for A (the governor's queue and a dependency wait).
const real = setUpRouteEngine({
  prefix: "paratrack-contracts-",
  env: { SAMPLE_INTERVAL_MS: "250" },
  plan: `name: contracts
ram:
  budget: 2GB
tracks:
  - key: A
    ram: 80MB
    duration: 1h
    command: node ${agent} --mb 20 --seconds 120 --steps 4
  - key: B
    ram: 80MB
    dependsOn: [A]
    command: node ${agent} --mb 10 --seconds 1 --steps 1
  - key: C
    ram: 80MB
    command: node ${agent} --mb 10 --seconds 1 --steps 2
`,
});
beforeAll(async () => {
  const deadline = Date.now() + 60_000;
  const statusOf = (key: string) => real.engine.runs.trackViews().find((t) => t.key === key);
  while (
    !(
      statusOf("A")?.status === "running" &&
      statusOf("A")!.currentBytes > 0 &&
      statusOf("C")?.status === "completed"
    )
  ) {
    if (Date.now() > deadline)
      throw new Error(`the run did not get going: A ${statusOf("A")?.status}, C ${statusOf("C")?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 90_000);

/** Calls a route handler in process and parses its JSON body with the endpoint's response schema. */
async function answer<E extends Endpoint & { response: z.ZodType }>(
  route: Route,
  endpoint: E,
  url: string,
  params: Record<string, string> = {},
  body?: unknown,
): Promise<z.output<E["response"]>> {
  const response = await callRoute(route, url, { method: endpoint.method, params, body });
  const json = (await response.json()) as unknown;
  expect(response.status, `${endpoint.method} ${url}: ${JSON.stringify(json).slice(0, 300)}`).toBe(
    endpoint.status ?? 200,
  );
  const parsed = endpoint.response.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `${endpoint.method} ${url} does not match its contract: ${JSON.stringify(parsed.error.issues)}`,
    );
  return parsed.data as z.output<E["response"]>;
}

describe("real answers match their response schemas", () => {
  it("tracks, one track, its logs, its daily status", async () => {
    const list = await answer(tracks.GET as Route, CONTRACTS.listTracks, "/api/tracks");
    expect(list.map((t) => t.key).sort()).toEqual(["A", "B", "C"]);
    expect(list.find((t) => t.key === "A")?.status).toBe("running");

    const reported = await answer(
      report.POST as Route,
      CONTRACTS.reportTrack,
      "/api/tracks/A/report",
      { key: "A" },
      {
        status: "on-track",
        progress_percent: 40,
        completed_today: ["schemas"],
        blockers: [{ blocker: "waiting for review", severity: "low", resolution_plan: "ping the lead" }],
      },
    );
    expect(reported.progress).toBe(40);

    const detail = await answer(track.GET as Route, CONTRACTS.getTrack, "/api/tracks/A", { key: "A" });
    expect(detail.agents.length).toBeGreaterThan(0);
    expect(detail.agents[0]!.processes.length).toBeGreaterThan(0);
    expect(detail.reports.length).toBeGreaterThan(0);
    expect(detail.events.length).toBeGreaterThan(0);

    const lines = await answer(logs.GET as Route, CONTRACTS.trackLogs, "/api/tracks/C/logs", { key: "C" });
    expect(lines.length).toBeGreaterThan(0);
    const status = await answer(trackStatus.GET as Route, CONTRACTS.trackStatus, "/api/tracks/A/status", {
      key: "A",
    });
    expect(status.track).toBe("A");
  });

  it("a report made with the run's report token is its agent's (a pace for the governor); one without, the lead's", async () => {
    const run = real.engine.runs.activeRun()!;
    const pace = () => run.tracks.get("A")!.progressCurve?.at(-1)?.[1];
    const post = (percent: number, token: string | null) =>
      callRoute(report.POST as Route, "/api/tracks/A/report", {
        method: "POST",
        params: { key: "A" },
        body: { progress_percent: percent },
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
      });
    expect((await post(97, null)).status).toBe(200);
    expect(real.engine.runs.trackViews().find((t) => t.key === "A")?.progress).toBe(97);
    expect(pace()).not.toBe(97);
    expect((await post(98, trackReportToken(run.reportSecret, "A"))).status).toBe(200);
    expect(pace()).toBe(98);
  });

  it("a track's report token reports for that track only", async () => {
    const run = real.engine.runs.activeRun()!;
    const other = run.plan.tracks.find((t) => t.key !== "A")!.key;
    const refused = await callRoute(report.POST as Route, "/api/tracks/A/report", {
      method: "POST",
      params: { key: "A" },
      body: { progress_percent: 5 },
      headers: { authorization: `Bearer ${trackReportToken(run.reportSecret, other)}` },
    });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toBe(
      `this PARATRACK_REPORT_TOKEN is track "${other}"'s: an agent reports for its own track only`,
    );
    expect(real.engine.runs.trackViews().find((t) => t.key === "A")?.progress).not.toBe(5);
  });

  it("pause and resume answer the track", async () => {
    const paused = await answer(
      action.POST as Route,
      CONTRACTS.trackAction,
      "/api/tracks/A/pause",
      { key: "A", action: "pause" },
      {},
    );
    expect(paused.status).toBe("paused");
    const resumed = await answer(
      action.POST as Route,
      CONTRACTS.trackAction,
      "/api/tracks/A/resume",
      { key: "A", action: "resume" },
      {},
    );
    expect(resumed.status).toBe("running");
  });

  it("runs, the current run, the governor, memory", async () => {
    const list = await answer(runs.GET as Route, CONTRACTS.listRuns, "/api/runs");
    expect(list).toHaveLength(1);
    const current = await answer(run.GET as Route, CONTRACTS.getRun, "/api/runs/current", { id: "current" });
    expect(current.tracks).toHaveLength(3);
    const state = await answer(governor.GET as Route, CONTRACTS.getGovernor, "/api/governor");
    expect(state.enabled).toBe(true);
    const latest = await answer(memory.GET as Route, CONTRACTS.latestMemory, "/api/memory");
    expect(latest.machine.capacityBytes).toBeGreaterThan(0);
    const history = await answer(memoryHistory.GET as Route, CONTRACTS.memoryHistory, "/api/memory/history");
    expect(history.length).toBeGreaterThan(0);
    const perTrack = await answer(trackMemory.GET as Route, CONTRACTS.trackMemory, "/api/memory/tracks");
    expect(perTrack.length).toBeGreaterThan(0);
    await answer(health.GET as Route, CONTRACTS.health, "/api/health");
    await answer(events.GET as Route, CONTRACTS.listEvents, "/api/events");
  });

  it("phases, metrics, Gantt, retrospective", async () => {
    const id = real.engine.runs.activeRun()!.id;
    const view = await answer(phases.GET as Route, CONTRACTS.runPhases, `/api/runs/${id}/phases`, { id });
    expect(view.phases).toHaveLength(5);
    const figures = await answer(metrics.GET as Route, CONTRACTS.runMetrics, `/api/runs/${id}/metrics`, {
      id,
    });
    expect(figures.list.length).toBeGreaterThan(0);
    const chart = await answer(gantt.GET as Route, CONTRACTS.runGantt, `/api/runs/${id}/gantt`, { id });
    expect(chart.schedule?.tracks.length).toBe(3);
    expect(chart.spans.length).toBeGreaterThan(0);
    const retro = await answer(
      retrospective.GET as Route,
      CONTRACTS.runRetrospective,
      `/api/runs/${id}/retrospective`,
      { id },
    );
    expect(retro.tracks).toHaveLength(3);
  });

  it("coordination boards, the what-if source, the OpenAPI document", async () => {
    await answer(blockers.GET as Route, CONTRACTS.listBlockers, "/api/blockers");
    await answer(conflicts.GET as Route, CONTRACTS.listConflicts, "/api/conflicts");
    await answer(handoffs.GET as Route, CONTRACTS.listHandoffs, "/api/handoffs");
    await answer(statusDays.GET as Route, CONTRACTS.listStatusDays, "/api/runs/current/status", {
      id: "current",
    });
    await answer(integration.GET as Route, CONTRACTS.getIntegration, "/api/runs/current/integration", {
      id: "current",
    });
    const source = await answer(whatIf.GET as Route, CONTRACTS.whatIfSource, "/api/plan/what-if");
    expect(source.from).toBe("current");
    await answer(openApi.GET as Route, CONTRACTS.openApi, "/api/openapi.json");
  });

  it("a renamed or extra field fails the schema (strict objects)", async () => {
    const [first] = await answer(tracks.GET as Route, CONTRACTS.listTracks, "/api/tracks");
    const { status, ...rest } = first!;
    expect(trackViewSchema.safeParse({ ...rest, state: status }).success).toBe(false);
    expect(trackViewSchema.safeParse({ ...first, surprise: 1 }).success).toBe(false);
    expect(trackViewSchema.safeParse(first).success).toBe(true);
  });
});
