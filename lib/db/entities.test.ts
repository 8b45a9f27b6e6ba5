// Every lib/db entity module on a real database: SQLite by default, PostgreSQL with PARATRACK_TEST_DB=postgresql
// (and PARATRACK_TEST_POSTGRES_URL). What differs between the two backends is pinned here; events in events.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planTracks } from "../domain/planner/planner";
import type { StoredSchedule } from "../domain/reporting/gantt";
import type { Plan } from "../domain/types";
import { createAgent, listRunAgents, listTrackAgents, recordAgentEnd, toAgentView } from "./agents";
import { createConflict, listConflicts } from "./conflicts";
import { listGateItems, saveGateResults, saveGateTick, ticksOfPhase } from "./gates";
import { createReport, lastReportTimes, latestBlockers, listReports } from "./reports";
import { listRetroEntries, replaceRetroEntries } from "./retro";
import {
  advanceRunPhase,
  createRun,
  getRun,
  latestRun,
  listRuns,
  listUnfinishedRuns,
  markRunStopped,
  setRunStatus,
} from "./runs";
import { closeOpenSpan, listRunSpans, listSpansOfRun, openSpan } from "./spans";
import { openTestDatabase, type TestDatabase } from "./test-database";
import { applyTrackSampleRetention, insertTrackSamples, listTrackMemory } from "./track-samples";
import {
  getTrack,
  listTracks,
  saveTestOutput,
  saveTrackState,
  type TrackState,
  trackViewFromStored,
} from "./tracks";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await openTestDatabase();
});
afterAll(() => testDb?.dispose());

const GB = 1024 ** 3;
const PLAN: Plan = {
  name: "entities",
  ram: {
    budget: "auto",
    zones: { yellow: 60, orange: 75, red: 85, hysteresis: 3 },
    admitBelow: 70,
    graceSeconds: 60,
    settleSeconds: 30,
    backfillSeconds: 300,
    victimOrder: null,
  },
  maxConcurrent: null,
  resources: {},
  workdir: "/tmp",
  tracks: ["api", "ui"].map((key) => ({
    key,
    name: key.toUpperCase(),
    nice: 10,
    priority: "standard",
    tier: "primary",
    ramBytes: 2 * GB,
    duration: null,
    model: { local: null, cloud: null },
    dependsOn: [],
    scope: [`${key}/**`],
    workdir: "/tmp",
    env: {},
    test: null,
    agents: [{ name: "main", command: "true", subAgents: 0 }],
    resources: {},
  })),
};
// The planner's own schedule of PLAN, as the run start stores it.
const SCHEDULE: StoredSchedule = {
  ...planTracks({ tracks: PLAN.tracks, capacityBytes: 3 * GB, maxConcurrent: 2, defaultDurationMs: 60_000 }),
  capacityBytes: 3 * GB,
};

async function newRun(id: string) {
  await createRun(testDb.db, {
    id,
    name: `run ${id}`,
    planSource: "name: entities\n",
    planPath: null,
    plan: PLAN,
    budgetBytes: 16 * GB, // beyond 32-bit on purpose
    schedule: SCHEDULE,
    tracks: PLAN.tracks.map((t, position) => ({
      id: `${id}-${t.key}`,
      key: t.key,
      name: t.name,
      position,
      status: "pending",
    })),
  });
}

const IDLE: TrackState = {
  status: "pending",
  pausedBy: null,
  pauseReason: null,
  progress: 0,
  reportStatus: null,
  modelInForce: null,
  attempts: 0,
  queuedAt: null,
  startedAt: null,
  endedAt: null,
  currentBytes: 0,
  peakBytes: 0,
  memoryMethod: null,
  exitSummary: null,
  testStatus: null,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`lib/db on ${process.env.PARATRACK_TEST_DB ?? "sqlite"}`, () => {
  it("creates runs with their tracks, reads back their plan and schedule, sets their status, finds unfinished ones", async () => {
    const db = testDb.db;
    await newRun("r1");
    await sleep(5);
    await newRun("r2");
    await setRunStatus(db, "r1", "completed", new Date("2026-12-04T10:00:00.123Z"));
    const runs = await listRuns(db);
    expect(runs.map((r) => r.id)).toEqual(["r2", "r1"]);
    expect(runs[1]).toMatchObject({
      status: "completed",
      endedAt: "2026-12-04T10:00:00.123Z",
      budgetBytes: 16 * GB,
      trackCount: 2,
    });
    expect((await latestRun(db))?.id).toBe("r2");
    const r1 = await getRun(db, "r1");
    expect(r1).toMatchObject({ status: "completed", phase: 1, trackCount: 2, budgetBytes: 16 * GB });
    expect(r1?.endedAt?.toISOString()).toBe("2026-12-04T10:00:00.123Z");
    expect(r1?.plan).toEqual(PLAN);
    expect(SCHEDULE.tracks.map((t) => t.key)).toEqual(["api", "ui"]);
    expect(r1?.schedule).toEqual(SCHEDULE);
    expect(await getRun(db, "nope")).toBeNull();
    expect((await listUnfinishedRuns(db)).map((r) => r.id)).toEqual(["r2"]);
    await setRunStatus(db, "r1", "running", null); // running again
    expect((await listUnfinishedRuns(db)).map((r) => r.id).sort()).toEqual(["r1", "r2"]);
    await setRunStatus(db, "r1", "completed", new Date("2026-12-04T10:00:00.123Z"));
  });

  it("stores a track's whole state, reads it back and makes its view", async () => {
    const db = testDb.db;
    const startedAt = Date.parse("2026-12-04T10:30:00.250Z");
    await saveTrackState(db, "r2-api", {
      ...IDLE,
      status: "running",
      progress: 42.5,
      reportStatus: "at-risk",
      modelInForce: "qwen3:8b",
      attempts: 1,
      queuedAt: startedAt - 1000,
      startedAt,
      currentBytes: 5.5 * GB,
      peakBytes: 6 * GB,
      memoryMethod: "pss",
      testStatus: "running",
    });
    await saveTrackState(db, "r2-ui", {
      ...IDLE,
      status: "completed",
      attempts: 1,
      startedAt,
      endedAt: startedAt + 60_000,
      currentBytes: GB, // left over from the last sample; a finished track's view shows none
      peakBytes: GB,
      exitSummary: "exit 0",
      testStatus: "passed",
    });
    const tracks = await listTracks(db, "r2");
    expect(tracks.map((t) => t.key)).toEqual(["api", "ui"]);
    const api = await getTrack(db, "r2", "api");
    expect(api).toEqual(tracks[0]);
    expect(api).toMatchObject({
      id: "r2-api",
      runId: "r2",
      status: "running",
      progress: 42.5,
      reportStatus: "at-risk",
      currentBytes: 5.5 * GB,
      peakBytes: 6 * GB,
      memoryMethod: "pss",
      queuedAt: new Date(startedAt - 1000),
      startedAt: new Date(startedAt),
      endedAt: null,
    });
    expect(await getTrack(db, "r2", "nope")).toBeNull();
    expect(trackViewFromStored(api!, PLAN)).toMatchObject({
      status: "running",
      currentBytes: 5.5 * GB,
      estimateBytes: 2 * GB,
      scope: ["api/**"],
      startedAt: "2026-12-04T10:30:00.250Z",
      endedAt: null,
    });
    expect(trackViewFromStored(tracks[1]!, PLAN)).toMatchObject({
      status: "completed",
      currentBytes: 0,
      peakBytes: GB,
      exitSummary: "exit 0",
      testStatus: "passed",
      endedAt: "2026-12-04T10:31:00.250Z",
    });

    // No lib/db reader of the test output exists (yet); read the column itself.
    const output = `${"✓ ünïcode line\n".repeat(2000)}FAIL x.test.ts\n`;
    await saveTestOutput(db, "r2-api", output);
    expect((await db.track.findUniqueOrThrow({ where: { id: "r2-api" } })).testOutput).toBe(output);
  });

  it("refuses a second track with the same key in a run (unique constraint) and rolls the run back", async () => {
    const db = testDb.db;
    const duplicate = createRun(db, {
      id: "dup",
      name: "dup",
      planSource: "",
      planPath: null,
      plan: PLAN,
      budgetBytes: null,
      schedule: null,
      tracks: [
        { id: "dup-1", key: "same", name: "a", position: 0, status: "pending" },
        { id: "dup-2", key: "same", name: "b", position: 1, status: "pending" },
      ],
    });
    await expect(duplicate).rejects.toThrow(/Unique constraint/);
    expect(await getRun(db, "dup")).toBeNull();
  });

  it("stores agents and how they ended, listed by track (newest attempt first) and by run (oldest first)", async () => {
    const db = testDb.db;
    const started = new Date("2026-12-04T12:00:00.000Z");
    const agent = (id: string, trackId: string, attempt: number, offsetMs: number) =>
      createAgent(db, {
        id,
        trackId,
        name: "main",
        attempt,
        command: "claude",
        pid: 4_000_000 + attempt,
        logPath: `/l/${id}`,
        startedAt: new Date(started.getTime() + offsetMs),
      });
    await agent("a1", "r2-api", 1, 0);
    await agent("a3", "r2-ui", 1, 1000);
    await agent("a2", "r2-api", 2, 2000);
    await db.agent.update({ where: { id: "a1" }, data: { currentBytes: 3 * GB } });
    await recordAgentEnd(db, "a1", {
      endedAt: new Date(started.getTime() + 60_000),
      exitCode: 137,
      signal: "SIGKILL",
      error: null,
      peakBytes: 7 * GB,
    });
    const ofTrack = await listTrackAgents(db, "r2-api");
    expect(ofTrack.map((a) => a.id)).toEqual(["a2", "a1"]);
    expect(ofTrack[1]).toMatchObject({
      exitCode: 137,
      signal: "SIGKILL",
      error: null,
      peakBytes: 7 * GB,
      currentBytes: 0, // an ended agent holds nothing
      endedAt: new Date(started.getTime() + 60_000),
    });
    expect(ofTrack[0]).toMatchObject({ endedAt: null, exitCode: null });
    expect(toAgentView(ofTrack[1]!)).toMatchObject({
      exitCode: 137,
      signal: "SIGKILL",
      peakBytes: 7 * GB,
      pid: 4_000_001,
      startedAt: "2026-12-04T12:00:00.000Z",
      endedAt: "2026-12-04T12:01:00.000Z",
    });
    expect((await listRunAgents(db, "r2")).map((a) => a.id)).toEqual(["a1", "a3", "a2"]);
    expect(await listRunAgents(db, "r1")).toEqual([]);
  });

  it("stores spans, reports, samples, conflicts, gates and retro entries", async () => {
    const db = testDb.db;
    const started = new Date("2026-12-04T12:00:00.000Z");
    await openSpan(db, { trackId: "r2-api", attempt: 1, kind: "running", pausedBy: null, at: started });
    await closeOpenSpan(db, "r2-api", new Date(started.getTime() + 1000), "paused");
    await openSpan(db, {
      trackId: "r2-api",
      attempt: 1,
      kind: "paused",
      pausedBy: "governor",
      at: new Date(started.getTime() + 1000),
    });
    expect(await listSpansOfRun(db, "r2")).toMatchObject([
      { trackKey: "api", kind: "running", outcome: "paused", endedAt: "2026-12-04T12:00:01.000Z" },
      { trackKey: "api", kind: "paused", pausedBy: "governor", endedAt: null },
    ]);
    expect(await listRunSpans(db, "r2")).toMatchObject([
      { trackId: "r2-api", startedAt: started, endedAt: new Date(started.getTime() + 1000) },
      { trackId: "r2-api", startedAt: new Date(started.getTime() + 1000), endedAt: null },
    ]);

    const blocker = { blocker: "no access to x", severity: "high" as const, resolutionPlan: null };
    await createReport(db, "r2-api", "api", {
      track: "api",
      status: "at-risk",
      progressPercent: 42.5,
      blockers: [blocker],
    });
    await sleep(5);
    await createReport(db, "r2-ui", "stdout", { track: "ui", progressPercent: 10 }); // no blockers listed
    await sleep(5);
    await createReport(db, "r2-api", "cli", { track: "api", progressPercent: 50 }); // keeps api's blockers
    expect(await listReports(db, "r2-api", 5)).toMatchObject([
      { source: "cli", report: { progressPercent: 50 } },
      { source: "api", report: { progressPercent: 42.5, status: "at-risk" } },
    ]);
    expect(await listReports(db, "r2-api", 1)).toHaveLength(1);
    const [latestApi] = await listReports(db, "r2-api", 1);
    const [latestUi] = await listReports(db, "r2-ui", 1);
    const times = await lastReportTimes(db, "r2");
    expect([...times.entries()].map(([id, at]) => [id, at.toISOString()]).sort()).toEqual([
      ["r2-api", latestApi?.at],
      ["r2-ui", latestUi?.at],
    ]);
    expect(await latestBlockers(db, "r2")).toEqual(new Map([["r2-api", [blocker]]]));
    await createReport(db, "r2-api", "api", { track: "api", blockers: [] }); // an empty list clears them
    expect(await latestBlockers(db, "r2")).toEqual(new Map([["r2-api", []]]));

    const now = Date.parse("2026-12-04T14:00:00Z");
    for (let s = 0; s < 120; s++) {
      await insertTrackSamples(db, new Date(now - 2 * 3600_000 + s * 1000), [
        { trackId: "r2-api", bytes: (s % 2) * GB },
        { trackId: "r2-ui", bytes: GB },
      ]);
    }
    const points = await listTrackMemory(db, "r2", new Date(0));
    expect(points).toHaveLength(120);
    expect(points[1]?.tracks).toEqual({ api: GB, ui: GB });
    expect(await applyTrackSampleRetention(db, now)).toBe(240);
    const folded = await listTrackMemory(db, "r2", new Date(0));
    expect(folded).toHaveLength(2);
    expect(folded[0]?.tracks.api).toBeCloseTo(0.5 * GB);
    // Past the row limit the newest points are kept, and a time the limit cut short is left out.
    for (const ago of [10_000, 5_000, 0])
      await insertTrackSamples(db, new Date(now - ago), [
        { trackId: "r2-api", bytes: 2 * GB },
        { trackId: "r2-ui", bytes: 3 * GB },
      ]);
    const newest = await listTrackMemory(db, "r2", new Date(0), 4);
    expect(newest.map((p) => p.at)).toEqual([now - 5_000, now].map((t) => new Date(t).toISOString()));
    expect(newest[0]?.tracks).toEqual({ api: 2 * GB, ui: 3 * GB });
    const cut = await listTrackMemory(db, "r2", new Date(0), 3);
    expect(cut.map((p) => p.at)).toEqual([new Date(now).toISOString()]);

    await createConflict(db, {
      runId: "r2",
      kind: "scope",
      severity: "high",
      trackKeys: ["api", "ui"],
      description: "both touched x",
      status: "open",
      resolution: null,
    });
    expect(await listConflicts(db, "r2")).toMatchObject([{ trackKeys: ["api", "ui"], status: "open" }]);

    const at = new Date("2026-12-04T13:00:00.000Z");
    await saveGateResults(
      db,
      "r2",
      2,
      [
        {
          key: "tracks-identified",
          label: "Plan approved",
          mode: "manual",
          status: "manual",
          evidence: "",
          tick: null,
        },
        {
          key: "resource-plan-validated",
          label: "RAM",
          mode: "auto",
          status: "pass",
          evidence: "peak 60%",
          tick: null,
        },
      ],
      at,
    );
    await saveGateTick(db, {
      runId: "r2",
      phase: 2,
      itemKey: "tracks-identified",
      label: "Plan approved",
      mode: "manual",
      checked: true,
      by: "lead",
      note: "ok",
      at,
    });
    const items = await listGateItems(db, "r2");
    expect(items.map((i) => [i.itemKey, i.status, i.checkedBy])).toEqual([
      ["tracks-identified", "manual", "lead"],
      ["resource-plan-validated", "pass", null],
    ]);
    expect(ticksOfPhase(items, 2)).toEqual({
      "tracks-identified": { by: "lead", note: "ok", at: at.toISOString() },
    });

    await replaceRetroEntries(db, "r2", [
      { section: "worked-well", text: "governor" },
      { section: "lessons", text: "estimate higher" },
    ]);
    await replaceRetroEntries(db, "r2", [{ section: "improvements", text: "faster" }]);
    expect((await listRetroEntries(db, "r2")).map((e) => e.text)).toEqual(["faster"]);
  });

  it("moves a run's phase only from the phase it is in, and stops a run left behind with its tracks and spans", async () => {
    const db = testDb.db;
    expect(await advanceRunPhase(db, "r2", 1, 2)).toBe(true);
    expect(await advanceRunPhase(db, "r2", 1, 2)).toBe(false);
    expect((await getRun(db, "r2"))?.phase).toBe(2);

    const at = new Date("2026-12-04T15:00:00.000Z");
    await markRunStopped(db, "r2", at, "stopped: the server restarted");
    expect(await getRun(db, "r2")).toMatchObject({ status: "stopped", endedAt: at });
    expect(await listUnfinishedRuns(db)).toEqual([]);
    expect((await listTracks(db, "r2")).map((t) => [t.key, t.status, t.exitSummary])).toEqual([
      ["api", "stopped", "stopped: the server restarted"],
      ["ui", "completed", "exit 0"],
    ]);
    expect((await listRunSpans(db, "r2")).map((s) => [s.kind, s.outcome, s.endedAt])).toEqual([
      ["running", "paused", new Date("2026-12-04T12:00:01.000Z")],
      ["paused", "stopped", at],
    ]);
  });

  it("deletes a run's rows with it (cascade)", async () => {
    await testDb.db.run.delete({ where: { id: "r2" } });
    expect(await testDb.db.track.count({ where: { runId: "r2" } })).toBe(0);
    expect(await testDb.db.agent.count({ where: { trackId: { startsWith: "r2-" } } })).toBe(0);
    expect(await testDb.db.trackSpan.count()).toBe(0);
    expect(await testDb.db.report.count()).toBe(0);
    expect(await testDb.db.trackSample.count()).toBe(0);
    expect(await testDb.db.gateItem.count({ where: { runId: "r2" } })).toBe(0);
    expect(await testDb.db.conflict.count({ where: { runId: "r2" } })).toBe(0);
    expect(await testDb.db.retroEntry.count({ where: { runId: "r2" } })).toBe(0);
    expect((await getRun(testDb.db, "r1"))?.trackCount).toBe(2);
  });
});
