import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../db/client";
import { createRetroService, retrospectiveFileName } from "./retro-service";
import { DATABASE_WAIT_REASON } from "./run/launch-guard";
import {
  addBudgetSample,
  addSpan,
  at,
  fakeEngine,
  GB,
  MB,
  makePlan,
  makeSchedule,
  openTestDb,
  seedRun,
  type TestDb,
  trackPlan,
} from "./service-fixtures";

let testDb: TestDb;
let db: PrismaClient;
beforeEach(() => {
  testDb = openTestDb();
  db = testDb.db;
});
afterEach(() => testDb.dispose());

const plan = makePlan([
  trackPlan("A", { ramBytes: 600 * MB }),
  trackPlan("B", { ramBytes: 1.2 * GB }),
  trackPlan("D", { name: "Integration", ramBytes: 250 * MB, dependsOn: ["A", "B"] }),
]);
const schedule = makeSchedule(plan, { A: [0, 45], B: [0, 30], D: [45, 55] }, 1.8 * GB, 1.8 * GB);

/**
 * A one-hour run (10:00–11:00). A runs 0–40 min; B runs 0–20, is paused by the governor 20–30, runs 30–50;
 * D runs 50–60. Track time one after another: 40 + 40 + 10 = 90 min, so 1 − 60/90 = 33.3 % saved.
 * Budget use 50 % at 0, 75 % at 30, 60 % at 60 min: time-weighted (62.5 × 30 + 67.5 × 30) / 60 = 65 %.
 * Tests: A and B passed, D failed (2/3); one critical conflict.
 */
async function seedFinishedRun() {
  const runId = await seedRun(db, { plan, schedule, status: "completed", endedAt: at(60) });
  const track = (key: string, data: Record<string, unknown>) =>
    db.track.update({ where: { id: `${runId}-${key}` }, data: { attempts: 1, ...data } });
  await track("A", {
    status: "completed",
    startedAt: at(0),
    endedAt: at(40),
    peakBytes: 660 * MB,
    testStatus: "passed",
  });
  await track("B", {
    status: "completed",
    startedAt: at(0),
    endedAt: at(50),
    peakBytes: 1.5 * GB,
    testStatus: "passed",
  });
  await track("D", {
    status: "completed",
    startedAt: at(50),
    endedAt: at(60),
    peakBytes: 200 * MB,
    testStatus: "failed",
  });
  await addSpan(db, `${runId}-A`, "running", 0, 40, "completed");
  await addSpan(db, `${runId}-B`, "running", 0, 20, "paused");
  await addSpan(db, `${runId}-B`, "paused", 20, 30, "resumed", { pausedBy: "governor" });
  await addSpan(db, `${runId}-B`, "running", 30, 50, "completed");
  await addSpan(db, `${runId}-D`, "running", 50, 60, "completed");
  await addBudgetSample(db, -1, 99); // before the run: ignored
  await addBudgetSample(db, 0, 50);
  await addBudgetSample(db, 30, 75);
  await addBudgetSample(db, 60, 60);
  await db.conflict.create({
    data: {
      runId,
      kind: "overlapping-work",
      severity: "critical",
      trackKeys: "A,B",
      description: "x",
      status: "resolved",
    },
  });
  await db.event.createMany({
    data: [
      {
        at: at(20),
        kind: "governor:pause",
        severity: "high",
        message: "pause B",
        actor: "governor",
        runId,
        trackKey: "B",
        details: JSON.stringify({
          zone: "red",
          usedPercent: 86,
          action: "pause",
          reason: "Red zone: pause the lowest priority",
        }),
      },
      {
        at: new Date(at(20).getTime() + 200),
        kind: "track:paused",
        severity: "medium",
        message: "Track B paused",
        actor: "governor",
        runId,
        trackKey: "B",
        details: JSON.stringify({ reason: "RAM in the Red zone" }),
      },
      {
        at: at(21),
        kind: "track:started",
        severity: "info",
        message: "noise",
        actor: "system",
        runId,
        trackKey: "A",
      },
    ],
  });
  return runId;
}

describe("metrics from a hand-computed run", () => {
  it("time saved, RAM use, quality pass rate and critical conflicts", async () => {
    const runId = await seedFinishedRun();
    const view = await createRetroService(fakeEngine(db), { now: () => at(90).getTime() }).metrics(runId);
    const { metrics } = view;
    expect(metrics.makespanMs).toBe(60 * 60_000);
    expect(metrics.sequentialMs).toBe(90 * 60_000);
    expect(metrics.timeSaved.value).toBeCloseTo(33.333, 2);
    expect(metrics.timeSaved.status).toBe("met");
    expect(metrics.averageRam.value).toBeCloseTo(65, 6);
    expect(metrics.averageRam.status).toBe("met");
    expect(metrics.peakRam.value).toBeCloseTo(75, 6);
    expect(metrics.qualityPassRate.value).toBeCloseTo(66.667, 2);
    expect(metrics.qualityPassRate.status).toBe("fail");
    expect(metrics.criticalConflicts).toMatchObject({ value: 1, status: "warn" });
    expect(view.list.map((m) => m.key)).toEqual([
      "timeSaved",
      "averageRam",
      "peakRam",
      "qualityPassRate",
      "criticalConflicts",
    ]);
  });
});

describe("quality gate pass rate", () => {
  it("counts every test run with a verdict, re-runs included: A failed then passed is 1 of 2 for A", async () => {
    const runId = await seedFinishedRun();
    const testRun = (key: string, minute: number, exitCode: number | null, cancelled = false) => ({
      at: at(minute),
      kind: "track:test",
      severity: exitCode === 0 ? "info" : "high",
      message: `Quality gate of track ${key}`,
      actor: "system",
      runId,
      trackKey: key,
      details: JSON.stringify({ command: "npm test", exitCode, durationMs: 1000, cancelled }),
    });
    await db.event.createMany({
      data: [
        testRun("A", 38, 1),
        testRun("A", 40, 0),
        testRun("B", 49, null, true), // cancelled: no verdict
        testRun("B", 50, 0),
        testRun("D", 60, 2),
      ],
    });
    const view = await createRetroService(fakeEngine(db), { now: () => at(90).getTime() }).metrics(runId);
    // A 1 of 2, B 1 of 1 (the cancelled run is no verdict), D 0 of 1.
    expect(view.metrics.qualityPassRate).toMatchObject({ value: 50, note: "2/4 passed; failed: A, D" });
  });
});

describe("retrospective", () => {
  it("planned vs actual per track, pauses with their reason, governor decisions", async () => {
    const runId = await seedFinishedRun();
    const view = await createRetroService(fakeEngine(db), { now: () => at(90).getTime() }).retrospective(
      runId,
    );
    const b = view.tracks.find((t) => t.key === "B");
    expect(b).toMatchObject({
      plannedStart: at(0).toISOString(),
      plannedEnd: at(30).toISOString(),
      actualStart: at(0).toISOString(),
      actualEnd: at(50).toISOString(),
      durationMs: 40 * 60_000,
      peakRamBytes: 1.5 * GB,
      estimateRamBytes: 1.2 * GB,
      testResult: "passed",
    });
    expect(view.tracks.find((t) => t.key === "D")?.testResult).toBe("failed");
    expect(view.pauses).toEqual([
      {
        trackKey: "B",
        pausedAt: at(20).toISOString(),
        endedAt: at(30).toISOString(),
        ending: "resumed",
        by: "governor",
        reason: "RAM in the Red zone",
      },
    ]);
    expect(view.decisions).toEqual([
      {
        at: at(20).toISOString(),
        action: "pause",
        trackKey: "B",
        reason: "Red zone: pause the lowest priority",
      },
    ]);
  });

  it("a requeued track: its last attempt's running time against the plan, and every attempt's together", async () => {
    const runId = await seedRun(db, { plan, schedule, status: "completed", endedAt: at(60) });
    // Attempt 2 never ran (the server died before its agent was recorded); 1 was requeued, 3 completed.
    await db.track.update({
      where: { id: `${runId}-A` },
      data: { attempts: 3, status: "completed", startedAt: at(0), endedAt: at(40) },
    });
    await addSpan(db, `${runId}-A`, "running", 0, 10, "requeue");
    await addSpan(db, `${runId}-A`, "running", 12, 40, "completed", { attempt: 3 });
    const service = createRetroService(fakeEngine(db), { now: () => at(90).getTime() });
    const a = (await service.retrospective(runId)).tracks.find((t) => t.key === "A");
    expect([a?.durationMs, a?.attempts]).toEqual([28 * 60_000, { count: 2, runningMs: 38 * 60_000 }]);
    expect((await service.markdown(runId)).markdown).toContain(
      "28m (planned 45m, -38 %), 2 attempts: 38m in all",
    );
  });

  it("says how each pause ended: resumed, stopped and requeued while paused, or still paused", async () => {
    const runId = await seedRun(db, { plan, schedule, status: "running", endedAt: null });
    await addSpan(db, `${runId}-A`, "paused", 5, 12, "requeue", { pausedBy: "governor" });
    await addSpan(db, `${runId}-A`, "running", 12, 30, "paused", { attempt: 2 });
    await addSpan(db, `${runId}-A`, "paused", 30, null, null, { attempt: 2, pausedBy: "lead" });
    await addSpan(db, `${runId}-B`, "paused", 8, 9, "interrupted", { pausedBy: "governor" });
    const view = await createRetroService(fakeEngine(db), { now: () => at(40).getTime() }).retrospective(
      runId,
    );
    expect(view.pauses.map((p) => [p.trackKey, p.ending, p.endedAt])).toEqual([
      ["A", "requeued", at(12).toISOString()],
      ["B", "interrupted", at(9).toISOString()],
      ["A", null, null],
    ]);
  });

  it("saves the lead's entries (replacing earlier ones) and exports them with the metrics as Markdown", async () => {
    const runId = await seedFinishedRun();
    const service = createRetroService(fakeEngine(db), { now: () => at(90).getTime() });
    await service.saveEntries(runId, [{ section: "worked-well", text: "an early draft" }]);
    const saved = await service.saveEntries(runId, [
      { section: "worked-well", text: "A and C ran together inside the budget" },
      { section: "improvements", text: "  " },
      { section: "lessons", text: "B needs 1.5 GB, not 1.2 GB" },
    ]);
    expect(saved.entries.map((e) => [e.section, e.text])).toEqual([
      ["worked-well", "A and C ran together inside the budget"],
      ["lessons", "B needs 1.5 GB, not 1.2 GB"],
    ]);
    expect(await db.retroEntry.count({ where: { runId } })).toBe(2);

    const { fileName, markdown } = await service.markdown(runId);
    expect(fileName).toBe("retrospective-hand-made-run-2025-10-05.md");
    expect(markdown).toContain("# Retrospective: Hand-made run");
    expect(markdown).toContain(
      "| Time saved vs sequential | 33.3 % | 30–70 % | < 25 % → review strategy | met |",
    );
    expect(markdown).toContain("| Average RAM utilisation | 65.0 % | 60–85 % |");
    expect(markdown).toContain("| Quality gate pass rate | 66.7 % |");
    expect(markdown).toContain("## What worked well\n\n- A and C ran together inside the budget");
    expect(markdown).toContain("## Improvement opportunities\n\n_None recorded._");
    expect(markdown).toContain("## Lessons learned\n\n- B needs 1.5 GB, not 1.2 GB");
    expect(markdown).toContain("| B — Track B | 2025-10-05 10:00 UTC | 2025-10-05 10:30 UTC |");
    expect(markdown).toContain("RAM in the Red zone");
  });

  it("names a database outage, what its return wrote, and the start it held back, in the view and the document", async () => {
    const runId = await seedFinishedRun();
    const event = (minutes: number, kind: string, details: object, trackKey: string | null = null) => ({
      at: new Date(at(minutes).getTime()),
      kind,
      severity: "high",
      message: kind,
      actor: "system",
      runId,
      trackKey,
      details: JSON.stringify(details),
    });
    // Down 49:20–49:50; D became ready at 49:30 and waited until its start at 50:00.
    await db.event.createMany({
      data: [
        event(49 + 20 / 60, "db:unavailable", { error: "connect ECONNREFUSED 127.0.0.1:5432" }),
        event(49.5, "engine:error", { operation: "start track D", error: DATABASE_WAIT_REASON }, "D"),
        event(49 + 50 / 60, "db:restored", { downMs: 30_000, written: 42, dropped: 0, failed: 0 }),
        // Another error of D is not a hold.
        event(49.6, "engine:error", { operation: "x", error: "something else" }, "D"),
      ],
    });
    const service = createRetroService(fakeEngine(db), { now: () => at(90).getTime() });
    const view = await service.retrospective(runId);
    expect(view.outages).toEqual([
      {
        from: new Date(at(49).getTime() + 20_000).toISOString(),
        to: new Date(at(49).getTime() + 50_000).toISOString(),
        downMs: 30_000,
        error: "connect ECONNREFUSED 127.0.0.1:5432",
        written: 42,
        dropped: 0,
        failed: 0,
        heldBack: [{ trackKey: "D", waitedMs: 30_000 }],
      },
    ]);
    const { markdown } = await service.markdown(runId);
    expect(markdown).toContain("- Database: 1 outage, 30s in all; held back D (30s)");
    expect(markdown).toContain(
      "## Database outages\n\n| From | To | Down for | Writes made after | Lost | Held back | Error |",
    );
    expect(markdown).toContain(
      "| 2025-10-05 10:49 UTC | 2025-10-05 10:49 UTC | 30s | 42 | nothing | started late: D (30s) | connect ECONNREFUSED 127.0.0.1:5432 |",
    );
  });

  it("names the download after the run", () => {
    expect(
      retrospectiveFileName("Demo - parallel execution (seed example, scaled)", "2026-01-02T03:04:05Z"),
    ).toBe("retrospective-demo-parallel-execution-seed-example-scaled-2026-01-02.md");
  });
});
