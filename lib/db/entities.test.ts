// Every lib/db entity module on a real database: SQLite by default, PostgreSQL with PARATRACK_TEST_DB=postgresql
// (and PARATRACK_TEST_POSTGRES_URL). What differs between the two backends is pinned here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../domain/types";
import { createAgentRow, listAgentRows, toAgentView, updateAgentRow } from "./agents";
import { createConflict, listConflicts } from "./conflicts";
import { createEvent, listEvents } from "./events";
import { listGateItems, saveGateResults, saveGateTick, ticksOfPhase } from "./gates";
import { createReport, listReports } from "./reports";
import { listRetroEntries, replaceRetroEntries } from "./retro";
import {
  createRun,
  getRunRow,
  latestRunRow,
  listRuns,
  listTrackRows,
  listUnfinishedRuns,
  updateRun,
  updateTrackRow,
} from "./runs";
import { closeOpenSpan, listSpansOfRun, openSpan } from "./spans";
import { openTestDatabase, type TestDatabase } from "./test-database";
import { applyTrackSampleRetention, insertTrackSamples, listTrackMemory } from "./track-samples";
import { trackViewFromRow } from "./track-views";

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

async function newRun(id: string) {
  await createRun(testDb.db, {
    id,
    name: `run ${id}`,
    planSource: "name: entities\n",
    planPath: null,
    plan: PLAN,
    budgetBytes: 16 * GB, // beyond 32-bit on purpose
    schedule: { makespanMs: 1000 },
    tracks: PLAN.tracks.map((t, position) => ({
      id: `${id}-${t.key}`,
      key: t.key,
      name: t.name,
      position,
      status: "pending",
    })),
  });
}

describe(`lib/db on ${process.env.PARATRACK_TEST_DB ?? "sqlite"}`, () => {
  it("creates runs with their tracks, lists, updates and finds unfinished ones", async () => {
    const db = testDb.db;
    await newRun("r1");
    await new Promise((resolve) => setTimeout(resolve, 5));
    await newRun("r2");
    await updateRun(db, "r1", { status: "completed", endedAt: new Date("2026-12-04T10:00:00.123Z") });
    const runs = await listRuns(db);
    expect(runs.map((r) => r.id)).toEqual(["r2", "r1"]);
    expect(runs[1]).toMatchObject({
      status: "completed",
      endedAt: "2026-12-04T10:00:00.123Z",
      budgetBytes: 16 * GB,
      trackCount: 2,
    });
    expect((await latestRunRow(db))?.id).toBe("r2");
    expect((await getRunRow(db, "r1"))?._count.tracks).toBe(2);
    expect((await listUnfinishedRuns(db)).map((r) => r.id)).toEqual(["r2"]);

    await updateTrackRow(db, "r2-api", {
      status: "running",
      currentBytes: 5.5 * GB,
      peakBytes: 6 * GB,
      attempts: 1,
    });
    const tracks = await listTrackRows(db, "r2");
    expect(tracks.map((t) => t.key)).toEqual(["api", "ui"]);
    expect(trackViewFromRow(tracks[0]!, PLAN)).toMatchObject({
      status: "running",
      currentBytes: 5.5 * GB,
      estimateBytes: 2 * GB,
    });
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
    expect(await getRunRow(db, "dup")).toBeNull();
  });

  it("stores events with JSON details and filters them by run, track, kinds and prefix", async () => {
    const db = testDb.db;
    const base = Date.parse("2026-12-04T11:00:00Z");
    for (const [i, kind] of ["zone:changed", "track:started", "track:paused", "Track:Odd"].entries()) {
      await createEvent(db, {
        at: new Date(base + i * 1000).toISOString(),
        kind,
        severity: "info",
        message: `${kind} – ünïcode ✓`,
        actor: "system",
        runId: "r2",
        trackKey: kind.startsWith("track") ? "api" : null,
        details: { i, nested: { big: 16 * GB } },
      });
    }
    const all = await listEvents(db, { limit: 10, runId: "r2" });
    expect(all.map((e) => e.kind)).toEqual(["Track:Odd", "track:paused", "track:started", "zone:changed"]);
    expect(all[3]).toMatchObject({
      message: "zone:changed – ünïcode ✓",
      details: { i: 0, nested: { big: 16 * GB } },
    });
    expect((await listEvents(db, { limit: 10, trackKey: "api" })).length).toBe(2);
    expect((await listEvents(db, { limit: 10, kinds: ["zone:changed"] })).length).toBe(1);
    // startsWith is LIKE: case-insensitive for ASCII on SQLite, case-sensitive on PostgreSQL.
    const prefixed = (await listEvents(db, { limit: 10, kindPrefix: "track:" })).map((e) => e.kind);
    expect(prefixed).toEqual(
      testDb.backend === "sqlite"
        ? ["Track:Odd", "track:paused", "track:started"]
        : ["track:paused", "track:started"],
    );
  });

  it("stores agents, spans, reports, samples, conflicts, gates and retro entries", async () => {
    const db = testDb.db;
    const started = new Date("2026-12-04T12:00:00.000Z");
    await createAgentRow(db, {
      id: "a1",
      trackId: "r2-api",
      name: "main",
      attempt: 1,
      command: "claude",
      pid: 4_000_000,
      logPath: "/l",
      startedAt: started,
    });
    await updateAgentRow(db, "a1", {
      exitCode: 137,
      signal: "SIGKILL",
      peakBytes: 7 * GB,
      endedAt: new Date(started.getTime() + 60_000),
    });
    const [agent] = await listAgentRows(db, "r2-api");
    expect(toAgentView(agent!)).toMatchObject({
      exitCode: 137,
      signal: "SIGKILL",
      peakBytes: 7 * GB,
      pid: 4_000_000,
    });

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

    await createReport(db, "r2-api", "api", {
      track: "api",
      status: "at-risk",
      progressPercent: 42.5,
      blockers: [],
    });
    expect(await listReports(db, "r2-api", 5)).toMatchObject([
      { source: "api", report: { progressPercent: 42.5 } },
    ]);

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

  it("deletes a run's rows with it (cascade)", async () => {
    await testDb.db.run.delete({ where: { id: "r2" } });
    expect(await testDb.db.track.count({ where: { runId: "r2" } })).toBe(0);
    expect(await testDb.db.trackSpan.count()).toBe(0);
    expect(await testDb.db.gateItem.count({ where: { runId: "r2" } })).toBe(0);
  });
});
