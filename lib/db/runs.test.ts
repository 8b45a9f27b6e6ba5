// Run rows on a real SQLite file: parsing the stored plan and schedule, ending a run left behind, moving its phase.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../domain/types";
import { createSqliteClient, type PrismaClient } from "./client";
import { advanceRunPhase, createRun, getRun, latestRun, listUnfinishedRuns, markRunStopped } from "./runs";
import { listRunSpans, openSpan } from "./spans";
import { listTracks } from "./tracks";

let dir = "";
let db: PrismaClient;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-runs-"));
  db = createSqliteClient(`file:${path.join(dir, "t.db")}`);
});
afterEach(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const plan = { name: "p", tracks: [{ key: "A" }, { key: "B" }, { key: "C" }] } as unknown as Plan;

async function seed() {
  await createRun(db, {
    id: "r1",
    name: "p",
    planSource: "name: p\n",
    planPath: null,
    plan,
    budgetBytes: null,
    schedule: null,
    tracks: [
      { id: "tA", key: "A", name: "A", position: 0, status: "running" },
      { id: "tB", key: "B", name: "B", position: 1, status: "completed" },
      { id: "tC", key: "C", name: "C", position: 2, status: "pending" },
    ],
  });
  await openSpan(db, { trackId: "tA", attempt: 1, kind: "running", pausedBy: null, at: new Date(1_000) });
}

describe("runs", () => {
  it("reads the run back with its plan, no schedule (stored as null) and its track count", async () => {
    await seed();
    const run = await getRun(db, "r1");
    expect(run).toMatchObject({ id: "r1", status: "running", phase: 1, schedule: null, trackCount: 3 });
    expect(run?.plan).toEqual(plan);
    expect((await latestRun(db))?.id).toBe("r1");
  });

  it("stops a run left running, its unfinished tracks and its open spans, all at once", async () => {
    await seed();
    expect((await listUnfinishedRuns(db)).map((r) => r.id)).toEqual(["r1"]);
    await markRunStopped(db, "r1", new Date(5_000), "stopped: the server restarted");
    expect(await listUnfinishedRuns(db)).toEqual([]);
    expect((await getRun(db, "r1"))?.endedAt?.getTime()).toBe(5_000);
    const tracks = await listTracks(db, "r1");
    expect(tracks.map((t) => [t.key, t.status, t.exitSummary])).toEqual([
      ["A", "stopped", "stopped: the server restarted"],
      ["B", "completed", null],
      ["C", "stopped", "stopped: the server restarted"],
    ]);
    const [span] = await listRunSpans(db, "r1");
    expect(span).toMatchObject({ trackKey: "A", outcome: "stopped", endedAt: new Date(5_000) });
  });

  it("advances the phase only from the phase it is in", async () => {
    await seed();
    expect(await advanceRunPhase(db, "r1", 1, 2)).toBe(true);
    expect(await advanceRunPhase(db, "r1", 1, 2)).toBe(false);
    expect((await getRun(db, "r1"))?.phase).toBe(2);
  });
});
