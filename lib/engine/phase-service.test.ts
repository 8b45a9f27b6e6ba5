import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveBlockerEntries } from "../db/blockers";
import type { PrismaClient } from "../db/client";
import { createReport } from "../db/reports";
import type { BlockerEntry } from "../domain/coordination/blockers";
import type { GateItemKey } from "../domain/phases/phases";
import type { BlockerSeverity } from "../domain/types";
import { isEngineError } from "./errors";
import { createPhaseService } from "./phase-service";
import type { PhasesView } from "./phase-views";
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
  trackPlan("D", {
    name: "Integration & Final Validation",
    ramBytes: 250 * MB,
    dependsOn: ["A", "B"],
    scope: ["tests/integration/**"],
  }),
]);
const schedule = makeSchedule(plan, { A: [0, 45], B: [0, 30], D: [45, 52] }, 1.8 * GB, 1.8 * GB);

function item(view: PhasesView, phase: number, key: GateItemKey) {
  const found = view.phases.find((p) => p.number === phase)?.items.find((i) => i.key === key);
  if (!found) throw new Error(`no ${key} in phase ${phase}`);
  return found;
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isEngineError(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

function boardEntry(
  id: number,
  trackKey: string,
  blocker: string,
  severity: BlockerSeverity,
  minute: number,
): BlockerEntry {
  const when = at(minute).toISOString();
  return {
    id,
    trackKey,
    blocker,
    severity,
    resolutionPlan: null,
    source: "report",
    raisedAt: when,
    updatedAt: when,
    resolvedAt: null,
    resolvedBy: null,
  };
}

describe("gate evidence from a run's rows", () => {
  async function seedLiveRun() {
    const runId = await seedRun(db, { plan, schedule });
    await db.track.update({
      where: { id: `${runId}-A` },
      data: { status: "running", attempts: 1, startedAt: at(0), peakBytes: 660 * MB, progress: 10 },
    });
    await db.track.update({
      where: { id: `${runId}-B` },
      data: { status: "failed", attempts: 1, startedAt: at(0), endedAt: at(0.05), peakBytes: 1.5 * GB },
    });
    await addSpan(db, `${runId}-A`, "running", 0, null, null);
    await addSpan(db, `${runId}-B`, "running", 0, 0.05, "failed");
    await db.agent.createMany({
      data: [
        {
          id: "a1",
          trackId: `${runId}-A`,
          name: "a",
          attempt: 1,
          command: "x",
          pid: 1001,
          logPath: "/dev/null",
          startedAt: at(0),
        },
        {
          id: "b1",
          trackId: `${runId}-B`,
          name: "b",
          attempt: 1,
          command: "x",
          pid: 2001,
          logPath: "/dev/null",
          startedAt: at(0),
          endedAt: at(0.05),
          exitCode: 1,
        },
      ],
    });
    await createReport(
      db,
      `${runId}-A`,
      "api",
      {
        track: "A",
        progressPercent: 10,
        blockers: [{ blocker: "API key missing", severity: "critical", resolutionPlan: null }],
      },
      null,
      at(15),
    );
    // What the blockers board made of that report (the gate counts the board, as the overview does).
    await saveBlockerEntries(db, runId, [boardEntry(1, "A", "API key missing", "critical", 15)]);
    await addBudgetSample(db, 19, 50, 58); // 2 s before "now"
    await db.conflict.create({
      data: {
        runId,
        kind: "overlapping-work",
        severity: "critical",
        trackKeys: "A,B",
        description: "B touched src/a/x.ts",
        // Resolved on the spot, but still detected: the gate counts it.
        status: "resolved",
      },
    });
    const engine = fakeEngine(db, {
      runId,
      slots: {
        A: [{ id: "a1", exit: null, pids: [1001, 1002], handle: { pid: 1001 }, currentBytes: 600 * MB }],
      },
    });
    const service = createPhaseService(engine, {
      now: () => at(20).getTime(),
      isPidAlive: (pid) => pid === 1001 || pid === 1002,
    });
    return { runId, service };
  }

  it("phase 1: plan tracks, scopes and the planned peak against capacity", async () => {
    const { service } = await seedLiveRun();
    const view = await service.phases("current");
    expect(view.currentPhase).toBe(1);
    expect(item(view, 1, "tracks-identified")).toMatchObject({
      status: "pass",
      evidence: "3 tracks, each with a scope contract; no scope overlaps",
    });
    expect(item(view, 1, "resource-plan-validated")).toMatchObject({
      status: "pass",
      evidence: "peak planned 1.80 GB ≤ admission line 1.80 GB, 75 % of the 2.40 GB budget",
    });
    expect(item(view, 1, "coordination-protocol-documented")).toMatchObject({
      status: "manual",
      tickable: true,
    });
    expect(item(view, 1, "resource-plan-validated").tickable).toBe(false);
  });

  it("phase 1 fails on overlapping scope contracts and a peak above capacity", async () => {
    const overlapping = makePlan([trackPlan("A", { scope: ["src/**"] }), trackPlan("B")]);
    await seedRun(db, {
      plan: overlapping,
      schedule: makeSchedule(overlapping, { A: [0, 10], B: [0, 10] }, 2.5 * GB, 1.8 * GB),
    });
    const view = await createPhaseService(fakeEngine(db), { now: () => at(1).getTime() }).phases();
    expect(item(view, 1, "tracks-identified")).toMatchObject({
      status: "fail",
      evidence: "1 scope overlap: A↔B (src/** ∩ src/b/**)",
    });
    expect(item(view, 1, "resource-plan-validated")).toMatchObject({
      status: "fail",
      evidence: "peak planned 2.50 GB > admission line 1.80 GB, 75 % of the 2.40 GB budget",
    });
  });

  it("phase 2: live processes, peak vs estimate, monitoring age, conflicts", async () => {
    const { service } = await seedLiveRun();
    const view = await service.phases();
    expect(item(view, 2, "agents-activated")).toMatchObject({
      status: "fail",
      evidence: "1/2 processes alive after 10s (not alive: B)",
    });
    // A at exactly 110 % is within the limit; B at 125 % is not.
    expect(item(view, 2, "resource-usage-within-limits")).toMatchObject({
      status: "fail",
      evidence: "max track 125 % of estimate (B: 1.50 GB of 1.20 GB); limit 110 %; over: B 125 %",
    });
    expect(item(view, 2, "monitoring-active")).toMatchObject({
      status: "pass",
      evidence: "last sample 2s ago (sampling every 1s); zone alerts on",
    });
    expect(item(view, 2, "no-scope-conflicts")).toMatchObject({
      status: "fail",
      evidence: "1 scope conflict detected (1 critical)",
    });
  });

  it("counts a dead live process as not activated", async () => {
    const { runId } = await seedLiveRun();
    const engine = fakeEngine(db, {
      runId,
      slots: { A: [{ id: "a1", exit: null, pids: [1001], handle: { pid: 1001 }, currentBytes: 0 }] },
    });
    const view = await createPhaseService(engine, {
      now: () => at(20).getTime(),
      isPidAlive: () => false,
    }).phases();
    expect(item(view, 2, "agents-activated").evidence).toBe(
      "0/2 processes alive after 10s (not alive: A, B)",
    );
  });

  it("phase 3: a completed track's open critical blocker counts, named apart; a resolved one does not", async () => {
    const { runId, service } = await seedLiveRun();
    await db.track.update({
      where: { id: `${runId}-B` },
      data: { status: "completed", endedAt: at(10), progress: 100 },
    });
    await saveBlockerEntries(db, runId, [
      boardEntry(2, "B", "payments sandbox down", "critical", 5),
      {
        ...boardEntry(3, "A", "disk full", "critical", 6),
        resolvedAt: at(7).toISOString(),
        resolvedBy: "lead",
      },
      boardEntry(4, "B", "flaky CI", "high", 8),
    ]);
    const view = await service.phases();
    expect(item(view, 3, "no-critical-blockers")).toMatchObject({
      status: "fail",
      evidence:
        "2 critical blockers open (1 high open); 1 of them is on completed track B: resolve it on the blockers board if it no longer applies",
    });
  });

  it("phase 3: progress behind plan, blockers from the board, test results", async () => {
    const { service } = await seedLiveRun();
    const view = await service.phases();
    expect(item(view, 3, "tracks-on-schedule")).toMatchObject({
      status: "fail",
      evidence: "behind schedule: A 10 % done at 33 % of its planned time, B failed",
    });
    expect(item(view, 3, "no-critical-blockers")).toMatchObject({
      status: "fail",
      evidence: "1 critical blocker open",
    });
    expect(item(view, 3, "resource-usage-stable")).toMatchObject({ status: "pass" });
    expect(item(view, 3, "quality-gates-passing").status).toBe("pending");
  });

  it("phase 4 and 5: completion per track, resources released, integration track's test", async () => {
    const runId = await seedRun(db, { plan, schedule, status: "completed", endedAt: at(60) });
    for (const key of ["A", "B", "D"]) {
      await db.track.update({
        where: { id: `${runId}-${key}` },
        data: { status: "completed", attempts: 1, startedAt: at(0), endedAt: at(50), testStatus: "passed" },
      });
    }
    await db.agent.create({
      data: {
        id: "d1",
        trackId: `${runId}-D`,
        name: "d",
        attempt: 1,
        command: "x",
        pid: 3001,
        logPath: "-",
        startedAt: at(45),
      },
    });
    const view = await createPhaseService(fakeEngine(db), {
      now: () => at(61).getTime(),
      isPidAlive: (pid) => pid === 3001,
    }).phases(runId);
    expect(item(view, 4, "track-deliverables-complete")).toMatchObject({ status: "pass" });
    expect(item(view, 4, "track-quality-gates-passed").evidence).toBe(
      "A: test passed; B: test passed; D: test passed",
    );
    expect(item(view, 4, "resources-released")).toMatchObject({
      status: "fail",
      evidence: "A: no live processes; B: no live processes; D: 1 process still alive (0 B)",
    });
    expect(view.phases[3]?.trackItems?.filter((i) => i.trackKey === "D")).toHaveLength(4);
    expect(item(view, 5, "integration-tests-passing")).toMatchObject({
      status: "pass",
      evidence: "integration tests passed: test of D (Integration & Final Validation): `test -s D.md`",
    });
  });

  it("phase 5: the plan's integration test, not run yet, is waited for, not called missing", async () => {
    const withTest = {
      ...makePlan([trackPlan("A", { ramBytes: 600 * MB })]),
      integration: { test: "make check", branch: null },
    };
    const runId = await seedRun(db, {
      plan: withTest,
      schedule: makeSchedule(withTest, { A: [0, 45] }, GB, GB),
    });
    const view = await createPhaseService(fakeEngine(db, { runId }), { now: () => at(61).getTime() }).phases(
      runId,
    );
    expect(item(view, 5, "integration-tests-passing")).toMatchObject({
      status: "pending",
      evidence: "integration tests not run yet",
    });
    // A run that ended without integrating never ran it: not pending for ever.
    const ended = await seedRun(db, {
      id: "run-2",
      plan: withTest,
      schedule: makeSchedule(withTest, { A: [0, 45] }, GB, GB),
      status: "completed",
      endedAt: at(50),
    });
    const endedView = await createPhaseService(fakeEngine(db), { now: () => at(61).getTime() }).phases(ended);
    expect(item(endedView, 5, "integration-tests-passing")).toMatchObject({
      status: "fail",
      evidence: "integration tests not run: the run ended before its integration ran `make check`",
    });
  });

  it("reads without writing: showing the phases stores nothing", async () => {
    const { runId, service } = await seedLiveRun();
    await service.phases();
    await service.phases(runId);
    expect(await db.gateItem.count({ where: { runId } })).toBe(0);
  });

  it("stores every evaluated item of the open gates when asked to record them", async () => {
    const { runId, service } = await seedLiveRun();
    await service.recordOpenGates(runId);
    const rows = await db.gateItem.findMany({ where: { runId } });
    expect(rows).toHaveLength(20);
    const row = rows.find((r) => r.phase === 2 && r.itemKey === "agents-activated");
    expect(row).toMatchObject({
      status: "fail",
      mode: "auto",
      label: "All agents successfully activated",
      evidence: "1/2 processes alive after 10s (not alive: B)",
    });
    expect(row?.at.toISOString()).toBe(at(20).toISOString());
  });
});

describe("ticks and advancing", () => {
  async function seedPhaseOne() {
    const runId = await seedRun(db, { plan, schedule });
    let now = at(5).getTime();
    const service = createPhaseService(fakeEngine(db), { now: () => now, isPidAlive: () => false });
    return { runId, service, setNow: (minutes: number) => (now = at(minutes).getTime()) };
  }

  it("stores the tick with who, note and time, and keeps it across evaluations", async () => {
    const { runId, service, setNow } = await seedPhaseOne();
    const view = await service.tick(runId, 1, {
      itemKey: "coordination-protocol-documented",
      note: "docs/protocol.md",
      checked: true,
    });
    expect(item(view, 1, "coordination-protocol-documented")).toMatchObject({
      status: "pass",
      tick: { by: "lead", note: "docs/protocol.md", at: at(5).toISOString() },
    });
    setNow(9);
    await service.phases(runId);
    const row = await db.gateItem.findUniqueOrThrow({
      where: { runId_phase_itemKey: { runId, phase: 1, itemKey: "coordination-protocol-documented" } },
    });
    expect(row).toMatchObject({ checkedBy: "lead", note: "docs/protocol.md", status: "pass" });
    expect(row.at.toISOString()).toBe(at(5).toISOString());
    const events = await db.event.findMany({ where: { runId, kind: "gate:ticked" } });
    expect(events).toHaveLength(1);
    expect(events[0]?.message).toContain(
      '"Coordination protocol documented" ticked by lead: docs/protocol.md',
    );
  });

  it("unticking puts the item back to manual", async () => {
    const { runId, service } = await seedPhaseOne();
    await service.tick(runId, 1, { itemKey: "risk-mitigation-defined", note: "x", checked: true });
    const view = await service.tick(runId, 1, { itemKey: "risk-mitigation-defined", checked: false });
    expect(item(view, 1, "risk-mitigation-defined")).toMatchObject({ status: "manual", tick: null });
    const row = await db.gateItem.findFirstOrThrow({ where: { runId, itemKey: "risk-mitigation-defined" } });
    expect(row.checkedBy).toBeNull();
  });

  it("refuses to tick an item that is checked automatically, or one not in the phase", async () => {
    const { runId, service } = await seedPhaseOne();
    const auto = await rejection(
      service.tick(runId, 1, { itemKey: "resource-plan-validated", checked: true }),
    );
    expect(auto.status).toBe(409);
    const unknown = await rejection(service.tick(runId, 1, { itemKey: "agents-activated", checked: true }));
    expect(unknown.status).toBe(400);
  });

  it("blocks advancing until the manual items are ticked, then advances", async () => {
    const { runId, service } = await seedPhaseOne();
    const blocked = await rejection(service.advance(runId));
    expect(blocked.status).toBe(409);
    const blocking = (blocked.details as { blocking: { key: string }[] }).blocking.map((b) => b.key);
    expect(blocking).toEqual(["coordination-protocol-documented", "risk-mitigation-defined"]);

    await service.tick(runId, 1, { itemKey: "coordination-protocol-documented", checked: true });
    const stillBlocked = await rejection(service.advance(runId));
    expect((stillBlocked.details as { blocking: { key: string }[] }).blocking.map((b) => b.key)).toEqual([
      "risk-mitigation-defined",
    ]);
    expect((await db.run.findUniqueOrThrow({ where: { id: runId } })).phase).toBe(1);

    await service.tick(runId, 1, { itemKey: "risk-mitigation-defined", note: "see plan", checked: true });
    const result = await service.advance(runId);
    expect(result).toMatchObject({ from: 1, to: 2, overridden: false, reason: null });
    expect((await db.run.findUniqueOrThrow({ where: { id: runId } })).phase).toBe(2);
    expect(result.view.currentPhase).toBe(2);
    expect(result.view.phases[0]).toMatchObject({ state: "passed", overrideReason: null });
    expect(result.view.phases[1]?.state).toBe("current");
    const event = await db.event.findFirstOrThrow({ where: { runId, kind: "phase:advanced" } });
    expect(JSON.parse(event.details ?? "{}")).toMatchObject({ from: 1, to: 2, override: null });

    // A closed gate keeps its results and takes no more ticks.
    const closed = await rejection(
      service.tick(runId, 1, { itemKey: "risk-mitigation-defined", checked: false }),
    );
    expect(closed.status).toBe(409);
  });

  it("advances a failing gate only with a non-empty override reason, and records it", async () => {
    const { runId, service } = await seedPhaseOne();
    const blank = await rejection(service.advance(runId, { override: { reason: "   " } }));
    expect(blank.status).toBe(409);
    const result = await service.advance(runId, { override: { reason: "protocol agreed verbally" } });
    expect(result).toMatchObject({ from: 1, to: 2, overridden: true, reason: "protocol agreed verbally" });
    const event = await db.event.findFirstOrThrow({ where: { runId, kind: "phase:advanced" } });
    expect(event.severity).toBe("medium");
    expect(JSON.parse(event.details ?? "{}")).toMatchObject({
      from: 1,
      to: 2,
      override: "protocol agreed verbally",
      blocking: [
        { key: "coordination-protocol-documented", status: "manual" },
        { key: "risk-mitigation-defined", status: "manual" },
      ],
    });
    expect(result.view.phases[0]).toMatchObject({
      state: "overridden",
      overrideReason: "protocol agreed verbally",
    });
    // The closed phase shows the results it closed with.
    expect(result.view.phases[0]?.items.map((i) => i.status)).toEqual(["pass", "pass", "manual", "manual"]);
  });

  it("closing phase 5 completes the workflow and further advances are refused", async () => {
    const runId = await seedRun(db, { plan, schedule, phase: 5 });
    const service = createPhaseService(fakeEngine(db), {
      now: () => at(70).getTime(),
      isPidAlive: () => false,
    });
    const result = await service.advance(runId, { override: { reason: "demo" } });
    expect(result).toMatchObject({ from: 5, to: null, overridden: true });
    expect(result.view).toMatchObject({ currentPhase: 5, complete: true });
    expect(result.view.phases.every((p) => p.state !== "current")).toBe(true);
    expect((await rejection(service.advance(runId, { override: { reason: "again" } }))).status).toBe(409);
  });

  it('resolves "current" to the live run, else the newest', async () => {
    await seedRun(db, { id: "old", plan, schedule, startedAt: at(0) });
    await seedRun(db, { id: "new", plan, schedule, startedAt: at(30) });
    expect((await createPhaseService(fakeEngine(db)).phases("current")).runId).toBe("new");
    expect((await createPhaseService(fakeEngine(db, { runId: "old" })).phases("current")).runId).toBe("old");
    expect((await rejection(createPhaseService(fakeEngine(db)).phases("nope"))).status).toBe(404);
  });
});
