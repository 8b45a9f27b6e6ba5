// Learned profiles on a real database (SQLite, or PostgreSQL with PARATRACK_TEST_DB=postgresql): saved per plan and
// track, replaced on the next save, found by kind across plans, and a row that cannot be read set apart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { learnProfile, type MemoryProfile, observeMemory } from "../domain/governor/memory-profile";
import type { PrismaClient } from "./generated/client";
import { openTestDatabase, type TestDatabase } from "./test-database";
import { loadTrackProfiles, parseMemoryProfile, saveTrackProfile } from "./track-profiles";

let testDb: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.db;
});

afterAll(() => testDb.dispose());

const MB = 1e6;

/** A profile learned from one completed attempt rising 100 → 300 → 500 MB over 30 s. */
function learned(scale = 1): MemoryProfile {
  let observation = observeMemory(null, 0, 100 * MB * scale);
  observation = observeMemory(observation, 10_000, 300 * MB * scale);
  observation = observeMemory(observation, 20_000, 500 * MB * scale);
  observation = observeMemory(observation, 30_000, 500 * MB * scale);
  return learnProfile(null, observation, true);
}

describe("track profiles", () => {
  it("are saved per plan and track, replaced by the next save, and read back as they were", async () => {
    const first = learned();
    await saveTrackProfile(db, { planName: "p1", trackKey: "A", kindKey: "node agent.mjs", profile: first });
    const second = learned(2);
    await saveTrackProfile(db, { planName: "p1", trackKey: "A", kindKey: "node agent.mjs", profile: second });
    await saveTrackProfile(db, { planName: "p1", trackKey: "B", kindKey: "claude", profile: first });

    const { profiles, unreadable } = await loadTrackProfiles(db, { planName: "p1", kindKeys: [] });
    expect(unreadable).toEqual([]);
    const byKey = new Map(profiles.map((p) => [p.trackKey, p]));
    expect(profiles).toHaveLength(2);
    expect(byKey.get("A")?.profile).toEqual(second);
    expect(byKey.get("A")?.profile.peakBytes).toBe(1000 * MB);
    expect(byKey.get("B")).toMatchObject({ planName: "p1", kindKey: "claude", profile: first });
  });

  it("are found by kind in other plans, newest first, and not from unrelated plans and kinds", async () => {
    await saveTrackProfile(db, { planName: "other", trackKey: "X", kindKey: "aider", profile: learned() });
    await saveTrackProfile(db, { planName: "other", trackKey: "Y", kindKey: "codex", profile: learned() });
    const { profiles } = await loadTrackProfiles(db, { planName: "new plan", kindKeys: ["aider", "claude"] });
    expect(profiles.map((p) => `${p.planName}/${p.trackKey}`)).toEqual(["other/X", "p1/B"]);
  });

  it("sets apart a row that cannot be read, and reads the others", async () => {
    await saveTrackProfile(db, { planName: "p2", trackKey: "A", kindKey: "k", profile: learned() });
    await saveTrackProfile(db, { planName: "p2", trackKey: "B", kindKey: "k", profile: learned() });
    await db.trackProfile.updateMany({
      where: { planName: "p2", trackKey: "B" },
      data: { profile: '{"source":"learned","peakBytes":-1}' },
    });
    const { profiles, unreadable } = await loadTrackProfiles(db, { planName: "p2", kindKeys: [] });
    expect(profiles.map((p) => p.trackKey)).toEqual(["A"]);
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]).toMatchObject({ planName: "p2", trackKey: "B" });
    expect(unreadable[0]?.error).toMatch(/peakBytes/);
  });

  it("parseMemoryProfile says what is wrong", () => {
    expect(() => parseMemoryProfile("{")).toThrow(/^not JSON/);
    expect(() => parseMemoryProfile('{"source":"guess"}')).toThrow(/source/);
    expect(parseMemoryProfile(JSON.stringify(learned()))).toEqual(learned());
    const badCurve = { ...learned(), progress: [[5_000, 140]] };
    expect(() => parseMemoryProfile(JSON.stringify(badCurve))).toThrow(/progress/);
  });

  it("keep the progress curve; a profile saved before curves were kept reads without one", async () => {
    const withCurve: MemoryProfile = {
      ...learned(),
      progress: [
        [6_000, 10],
        [18_000, 60],
      ],
    };
    await saveTrackProfile(db, { planName: "p3", trackKey: "A", kindKey: "k", profile: withCurve });
    await saveTrackProfile(db, { planName: "p3", trackKey: "B", kindKey: "k", profile: learned() });
    const { profiles } = await loadTrackProfiles(db, { planName: "p3", kindKeys: [] });
    const byKey = new Map(profiles.map((p) => [p.trackKey, p.profile]));
    expect(byKey.get("A")).toEqual(withCurve);
    expect(byKey.get("B")).not.toHaveProperty("progress");
  });
});
