import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteClient, type PrismaClient } from "../db/client";
import { createEvent } from "../db/events";
import { createRun } from "../db/runs";
import { closeOpenSpan, listSpansOfRun, openSpan } from "../db/spans";
import type { StoredSchedule } from "../domain/reporting/gantt";
import type { Plan } from "../domain/types";
import { createGanttQuery, GANTT_MEMORY_POINTS } from "./gantt-query";

let dir: string;
let db: PrismaClient;
const RUN_ID = "run-1";
const T0 = Date.parse("2026-03-01T10:00:00.000Z");

const plan = { name: "Demo", tracks: [] } as unknown as Plan;
// Only the fields the Gantt reads.
const schedule = {
  tracks: [{ key: "A", plannedStartMs: 0, plannedEndMs: 180_000 }],
  makespanMs: 180_000,
  capacityBytes: 1.8e9,
} as unknown as StoredSchedule;

function queryFor(client: PrismaClient) {
  return createGanttQuery(
    {
      db: client,
      queries: {
        resolveRunId: async (id?: string) => id ?? RUN_ID,
        trackViews: async () => [],
        spans: async (id?: string) => listSpansOfRun(client, id ?? RUN_ID),
      },
    },
    () => T0 + 900_000,
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-gantt-"));
  db = createSqliteClient(`file:${path.join(dir, "t.db")}`);
  await createRun(db, {
    id: RUN_ID,
    name: "Demo",
    planSource: "name: Demo\n",
    planPath: null,
    plan,
    budgetBytes: 2.4e9,
    schedule,
    tracks: [{ id: "tA", key: "A", name: "Track A", position: 0, status: "running" }],
  });
  await db.run.update({ where: { id: RUN_ID }, data: { startedAt: new Date(T0) } });
  await openSpan(db, { trackId: "tA", attempt: 1, kind: "running", pausedBy: null, at: new Date(T0) });
  await closeOpenSpan(db, "tA", new Date(T0 + 60_000), "paused");
  await openSpan(db, {
    trackId: "tA",
    attempt: 1,
    kind: "paused",
    pausedBy: "lead",
    at: new Date(T0 + 60_000),
  });
  // 1,000 one-second samples: more than the chart takes, with one peak that must survive downsampling.
  await db.trackSample.createMany({
    data: Array.from({ length: 1000 }, (_, i) => ({
      trackId: "tA",
      at: new Date(T0 + i * 1000),
      bytes: i === 777 ? 5e9 : 1e8,
    })),
  });
  await createEvent(db, {
    at: new Date(T0 + 30_000).toISOString(),
    kind: "phase:advanced",
    severity: "info",
    message: "Phase 2",
    actor: "lead",
    runId: RUN_ID,
    trackKey: null,
    details: { from: 1, to: 2, override: null, blocking: [], by: "lead" },
  });
  // A row no writer of this version makes: a phase that does not exist.
  await db.event.create({
    data: {
      kind: "phase:advanced",
      severity: "info",
      message: "bad",
      actor: "lead",
      runId: RUN_ID,
      details: JSON.stringify({ to: 9 }),
    },
  });
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("createGanttQuery", () => {
  it("answers with the stored schedule, spans, downsampled memory and phase markers", async () => {
    const view = await queryFor(db).gantt();
    expect(view).not.toBeNull();
    expect(view!.run.id).toBe(RUN_ID);
    expect(view!.schedule?.makespanMs).toBe(180_000);
    expect(view!.capacityBytes).toBe(1.8e9);
    expect(view!.now).toBe(new Date(T0 + 900_000).toISOString());
    expect(view!.spans.map((s) => [s.kind, s.pausedBy, s.outcome, s.endedAt === null])).toEqual([
      ["running", null, "paused", false],
      ["paused", "lead", null, true],
    ]);
    expect(view!.memory.length).toBeLessThanOrEqual(GANTT_MEMORY_POINTS);
    expect(view!.memory.some((p) => p.tracks.A === 5e9)).toBe(true);
    expect(view!.phaseMarkers).toEqual([
      { at: new Date(T0 + 30_000).toISOString(), from: 1, to: 2, label: "Phase 2: Agent Activation" },
    ]);
  });

  it("returns the plan source of the run and null for a run that does not exist", async () => {
    const query = queryFor(db);
    expect(await query.planSource()).toEqual({ runId: RUN_ID, name: "Demo", source: "name: Demo\n" });
    expect(await query.gantt("nope")).toBeNull();
  });

  it("falls back to the budget when the run stored no schedule", async () => {
    await db.run.update({ where: { id: RUN_ID }, data: { scheduleJson: "null" } });
    const view = await queryFor(db).gantt();
    expect(view!.schedule).toBeNull();
    expect(view!.capacityBytes).toBe(2.4e9);
  });
});
